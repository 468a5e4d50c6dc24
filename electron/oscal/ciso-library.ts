import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import type { ImportedRequirement } from '../../shared/api/oscal';
import type { NewFramework } from '../library/imported';
import { CATALOG_LIMITS, nestingBeyond, oscalPath, valueAt } from './catalog-import';

// A framework from a CISO Assistant library (its YAML library format: a library with a URN, and under
// objects.framework the requirement nodes, each with its URN, ref_id, name, description, parent_urn,
// depth and whether it is assessable, and the implementation groups it belongs to). Assessable nodes
// become controls to map to, the others the groups they sit in. Checked whole before anything is
// written, as an OSCAL catalog is; a refusal is one sentence naming the path that breaks.

const text = z.string({ message: 'must be text' });
const refId = z.union([z.string(), z.number()], { message: 'must be text' }).transform(String);

const Node = z.object({
  urn: text.min(1, 'is empty').max(500, 'is over 500 characters'),
  ref_id: refId.optional().nullable(),
  name: text.max(2000, 'is over 2,000 characters').optional().nullable(),
  description: text.optional().nullable(),
  parent_urn: text.optional().nullable(),
  depth: z.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
  assessable: z.boolean({ message: 'must be true or false' }),
  implementation_groups: z.array(text, { message: 'must be a list of group ids' }).optional().nullable(),
});

const Group = z.object({ ref_id: refId, name: text, description: text.optional().nullable() });

export const CisoLibrary = z.object({
  urn: text.min(1, 'is empty'),
  name: text.min(1, 'is empty'),
  version: z.union([z.number(), z.string()], { message: 'must be a number' }).optional(),
  locale: text.optional(),
  objects: z.object(
    {
      framework: z.object(
        {
          urn: text.min(1, 'is empty'),
          ref_id: refId.optional().nullable(),
          name: text.min(1, 'is empty'),
          implementation_groups_definition: z.array(Group, { message: 'must be a list of groups' }).optional().nullable(),
          requirement_nodes: z.array(Node, { message: 'must be a list of requirement nodes' }).min(1, 'is empty'),
        },
        { message: 'must be a framework (a map with urn, name and requirement_nodes)' },
      ),
    },
    { message: 'is required' },
  ),
});

/** Whether a parsed document looks like a CISO Assistant library (rather than, say, an OSCAL document in YAML). */
export function isCisoLibrary(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'objects' in value && 'urn' in value;
}

/** The library's framework as the framework it becomes, or a VALIDATION error in one sentence. Writes nothing. */
export function cisoFramework(value: unknown, source: string, name: string): NewFramework {
  const refuse = (why: string): never => {
    throw new AppError('VALIDATION', `${name} is not a CISO Assistant library this app can import: ${why}.`);
  };
  const tooDeep = nestingBeyond(value, CATALOG_LIMITS.jsonDepth);
  if (tooDeep) refuse(`${tooDeep} is nested more than ${CATALOG_LIMITS.jsonDepth} levels deep`);
  const parsed = CisoLibrary.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? oscalPath(issue.path) : 'the library';
    refuse(`${where} ${issue?.code === 'invalid_type' && valueAt(value, issue.path) === undefined ? 'is required' : (issue?.message ?? 'is not valid')}`);
  }
  const library = (parsed.data as z.output<typeof CisoLibrary>);
  const framework = library.objects.framework;
  const nodes = framework.requirement_nodes;
  if (nodes.length > CATALOG_LIMITS.requirements) refuse(`objects.framework.requirement_nodes holds more than ${CATALOG_LIMITS.requirements} nodes`);
  const groups = new Map((framework.implementation_groups_definition ?? []).map((g) => [g.ref_id, g.name.trim() || g.ref_id]));
  // A node is called by its ref_id where that is its own; by its URN where it has none or shares it.
  const refCount = new Map<string, number>();
  for (const n of nodes) if (n.ref_id) refCount.set(n.ref_id, (refCount.get(n.ref_id) ?? 0) + 1);
  const byUrn = new Map<string, { id: string; depth: number; path: string }>();
  const requirements: ImportedRequirement[] = nodes.map((n, i) => {
    const path = `objects.framework.requirement_nodes[${i}]`;
    const urn = n.urn.toLowerCase();
    if (byUrn.has(urn)) refuse(`${path}.urn "${n.urn}" is already the URN of ${byUrn.get(urn)?.path}`);
    let parentId: string | null = null;
    let depth = 0;
    if (n.parent_urn) {
      const parent = byUrn.get(n.parent_urn.toLowerCase());
      if (!parent) refuse(`${path}.parent_urn "${n.parent_urn}" names no node listed before it`);
      parentId = (parent as { id: string }).id;
      depth = (parent as { depth: number }).depth + 1;
      if (depth >= CATALOG_LIMITS.depth) refuse(`${path} nests requirement nodes more than ${CATALOG_LIMITS.depth} levels deep`);
    }
    const id = n.ref_id && refCount.get(n.ref_id) === 1 ? n.ref_id : n.urn;
    byUrn.set(urn, { id, depth, path });
    const memberOf = (n.implementation_groups ?? []).map((g, k) => {
      if (groups.size > 0 && !groups.has(g)) refuse(`${path}.implementation_groups[${k}] "${g}" is not a group of objects.framework.implementation_groups_definition`);
      return { id: g, name: groups.get(g) ?? g };
    });
    const description = (n.description ?? '').trim();
    return {
      id,
      kind: n.assessable ? 'control' : 'group',
      parentId,
      title: (n.name ?? '').trim() || (n.ref_id ?? '') || n.urn,
      summary: description.length > 2000 ? `${description.slice(0, 1999)}…` : description,
      depth,
      ...(memberOf.length ? { implementationGroups: memberOf } : {}),
    };
  });
  if (!requirements.some((r) => r.kind === 'control')) refuse('objects.framework.requirement_nodes has no assessable node to map a control to');
  return {
    source: 'ciso-assistant',
    sourceUuid: framework.urn.toLowerCase(),
    title: framework.name.trim(),
    version: library.version === undefined ? '' : String(library.version),
    oscalVersion: '',
    sha256: createHash('sha256').update(source).digest('hex'),
    requirements,
  };
}
