import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import type { ImportedRequirement } from '../../shared/api/oscal';
import { getImportedFramework, listImportedFrameworks, type NewFramework } from '../library/imported';
import type { Core } from '../services';
import { CATALOG_LIMITS, catalogOf, nestingBeyond, oscalPath, valueAt } from './catalog-import';

// An OSCAL profile in, resolved against a catalog: each import's href names the catalog (its UUID in the
// href, or a back-matter resource naming it), found among the catalogs already imported or in the file
// given with the profile; include-all or include-controls (with-ids, with-child-controls, matching)
// choose its controls, exclude-controls takes some away. The result is a framework of its own, with the
// groups the chosen controls sit in. set-parameters and alters are kept as the catalog has them, and said.

const Ids = z.array(z.string({ message: 'must be a control id' }), { message: 'must be a list of control ids' });
const Selection = z.object({
  'with-child-controls': z.enum(['yes', 'no'], { message: 'must be yes or no' }).optional(),
  'with-ids': Ids.optional(),
  matching: z.array(z.object({ pattern: z.string({ message: 'must be a pattern' }) }), { message: 'must be a list of patterns' }).optional(),
});

const ProfileDocument = z.object({
  profile: z.object({
    uuid: z.uuid({ message: 'must be a UUID' }),
    metadata: z.object({ title: z.string({ message: 'must be text' }).min(1, 'is empty'), version: z.string({ message: 'must be text' }), 'oscal-version': z.string({ message: 'must be text' }) }),
    imports: z
      .array(
        z.object({
          href: z.string({ message: 'must be a URI reference' }).min(1, 'is empty'),
          'include-all': z.object({}).optional(),
          'include-controls': z.array(Selection, { message: 'must be a list of selections' }).optional(),
          'exclude-controls': z.array(Selection, { message: 'must be a list of selections' }).optional(),
        }),
        { message: 'must be a list of imports' },
      )
      .min(1, 'is empty: a profile imports at least one catalog'),
    modify: z.object({ 'set-parameters': z.array(z.unknown()).optional(), alters: z.array(z.unknown()).optional() }).optional(),
    'back-matter': z
      .object({ resources: z.array(z.object({ uuid: z.string(), title: z.string().optional(), rlinks: z.array(z.object({ href: z.string() })).optional(), 'document-ids': z.array(z.object({ identifier: z.string() })).optional() })).optional() })
      .optional(),
  }),
});

type Selection = z.infer<typeof Selection>;

interface SourceCatalog {
  title: string;
  sourceUuid: string;
  requirements: ImportedRequirement[];
}

export interface ResolvedProfile extends NewFramework {
  /** What the profile says that this app keeps as the catalog has it (set-parameters, alters). */
  notes: string[];
}

/** The profile resolved to the framework it becomes, or a VALIDATION error in one sentence. Writes nothing. */
export function profileFramework(core: Core, value: unknown, text: string, name: string, given?: { text: string; name: string }): ResolvedProfile {
  const refuse = (why: string): never => {
    throw new AppError('VALIDATION', `${name} is not an OSCAL profile this app can import: ${why}.`);
  };
  const tooDeep = nestingBeyond(value, CATALOG_LIMITS.jsonDepth);
  if (tooDeep) refuse(`${tooDeep} is nested more than ${CATALOG_LIMITS.jsonDepth} levels deep`);
  const parsed = ProfileDocument.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`${issue ? oscalPath(issue.path) : 'profile'}: ${issue?.code === 'invalid_type' && valueAt(value, issue.path) === undefined ? 'is required' : (issue?.message ?? 'is not valid')}`);
  }
  const profile = (parsed.data as z.infer<typeof ProfileDocument>).profile;
  const givenCatalog = given ? { ...catalogOf(parseJson(given.text, given.name), given.text, given.name), file: given.name } : null;
  const resources = new Map((profile['back-matter']?.resources ?? []).map((r) => [r.uuid.toLowerCase(), r]));
  const chosen = new Map<string, ImportedRequirement>();
  const from = new Map<string, string>();
  // Where each requirement sits in its catalog, so the framework keeps the catalog's order.
  const order = new Map<string, number>();
  profile.imports.forEach((imp, i) => {
    const at = `profile.imports[${i}]`;
    // What the href says about the catalog: itself, or the back-matter resource it points at.
    const names = [imp.href];
    if (imp.href.startsWith('#')) {
      const resource = resources.get(imp.href.slice(1).toLowerCase());
      if (!resource) refuse(`${at}.href "${imp.href}" points at no resource of the profile's back-matter`);
      names.push(...(resource?.rlinks ?? []).map((l) => l.href), ...(resource?.['document-ids'] ?? []).map((d) => d.identifier), resource?.title ?? '');
    }
    const catalog = findCatalog(core, names.filter(Boolean), givenCatalog, profile.imports.length) ?? refuse(`${at}.href "${imp.href}" names no catalog imported here: import that catalog first, or give its file with the profile`);
    const byId = new Map(catalog.requirements.map((r) => [r.id, r]));
    catalog.requirements.forEach((r, k) => order.has(r.id) || order.set(r.id, i * CATALOG_LIMITS.requirements + k));
    const pick = (selections: Selection[] | undefined, key: string): Set<string> => {
      const out = new Set<string>();
      (selections ?? []).forEach((s, k) => {
        const ids = [...(s['with-ids'] ?? [])];
        (s['with-ids'] ?? []).forEach((id, j) => {
          if (byId.get(id)?.kind !== 'control') refuse(`${at}.${key}[${k}].with-ids[${j}] "${id}" is not a control of ${catalog.title}`);
        });
        for (const m of s.matching ?? []) {
          const pattern = new RegExp(`^${m.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
          ids.push(...catalog.requirements.filter((r) => r.kind === 'control' && pattern.test(r.id)).map((r) => r.id));
        }
        for (const id of ids) {
          out.add(id);
          if (s['with-child-controls'] === 'yes') for (const child of descendants(catalog.requirements, id)) out.add(child);
        }
      });
      return out;
    };
    const included = imp['include-all'] ? new Set(catalog.requirements.filter((r) => r.kind === 'control').map((r) => r.id)) : pick(imp['include-controls'], 'include-controls');
    if (!imp['include-all'] && !imp['include-controls']) refuse(`${at} says neither include-all nor include-controls, so it chooses no control`);
    for (const id of pick(imp['exclude-controls'], 'exclude-controls')) included.delete(id);
    for (const r of catalog.requirements) {
      if (!included.has(r.id)) continue;
      const earlier = from.get(r.id);
      if (earlier && earlier !== catalog.sourceUuid) refuse(`${at} brings in "${r.id}", which another import already brought in from a different catalog`);
      from.set(r.id, catalog.sourceUuid);
      chosen.set(r.id, r);
    }
    // The groups the chosen controls sit in, so the framework reads as the catalog does.
    for (const r of [...chosen.values()]) for (let p = r.parentId ? byId.get(r.parentId) : undefined; p; p = p.parentId ? byId.get(p.parentId) : undefined) if (p.kind === 'group') chosen.set(p.id, p);
  });
  if (![...chosen.values()].some((r) => r.kind === 'control')) refuse('its imports choose no control once the exclusions are taken away');
  const notes: string[] = [];
  const setParameters = profile.modify?.['set-parameters']?.length ?? 0;
  const alters = profile.modify?.alters?.length ?? 0;
  if (setParameters) notes.push(`${setParameters} set-parameters kept as the catalog states them (statements name the parameters, not the profile's values)`);
  if (alters) notes.push(`${alters} alters not applied (the controls read as the catalog has them)`);
  return { source: 'oscal-profile', sourceUuid: profile.uuid.toLowerCase(), title: profile.metadata.title.trim(), version: profile.metadata.version, oscalVersion: profile.metadata['oscal-version'], sha256: createHash('sha256').update(text).digest('hex'), requirements: reparent([...chosen.values()].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0))), notes };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AppError('VALIDATION', `${name} is not an OSCAL catalog this app can import: it is not JSON (${error instanceof RangeError ? 'nested too deeply' : (error as Error).message}).`);
  }
}

/** The catalog an import names: the file given with the profile, or a catalog imported here whose UUID (or title) the href or its resource carries. */
function findCatalog(core: Core, names: string[], given: (SourceCatalog & { file: string }) | null, imports: number): SourceCatalog | null {
  const lower = names.map((n) => n.toLowerCase());
  const names_ = (c: { sourceUuid: string; title: string }, file?: string) => lower.some((n) => n.includes(c.sourceUuid) || n === c.title.toLowerCase() || (file !== undefined && path.basename(n) === path.basename(file).toLowerCase()));
  if (given && (names_(given, given.file) || imports === 1)) return given;
  const found = listImportedFrameworks(core).find((f) => f.source === 'oscal-catalog' && names_(f));
  return found ? { title: found.title, sourceUuid: found.sourceUuid, requirements: getImportedFramework(core, found.id).requirements } : null;
}

function descendants(requirements: ImportedRequirement[], id: string): string[] {
  const children = requirements.filter((r) => r.parentId === id && r.kind === 'control');
  return children.flatMap((c) => [c.id, ...descendants(requirements, c.id)]);
}

/** Each requirement under the nearest of its ancestors that was chosen too, at its depth among them. */
function reparent(chosen: ImportedRequirement[]): ImportedRequirement[] {
  const all = new Map(chosen.map((r) => [r.id, r]));
  const out = new Map<string, ImportedRequirement>();
  for (const r of chosen) {
    const parent = r.parentId && all.has(r.parentId) ? r.parentId : null;
    const depth = parent ? (out.get(parent)?.depth ?? 0) + 1 : 0;
    out.set(r.id, { ...r, parentId: parent, depth });
  }
  return [...out.values()];
}
