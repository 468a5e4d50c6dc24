import { createHash } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { printable } from '../../shared/api/format';
import type { ImportedFramework, ImportedRequirement } from '../../shared/api/oscal';
import { saveImportedFramework } from '../library/imported';
import type { Core } from '../services';
import { CatalogDocument, type OscalControl, type OscalGroup, type OscalParam, type OscalPart } from './catalog-schema';

// An OSCAL catalog in, as a framework the control library can map to. Everything is checked before
// anything is written: the JSON, its depth and size, the fields read (catalog-schema.ts), and that no
// two groups or controls share an id. A refusal is one sentence naming the path that breaks.

export const CATALOG_LIMITS = { bytes: 32 * 1024 * 1024, requirements: 20_000, depth: 16, jsonDepth: 96 } as const;

export function importCatalog(core: Core, text: string, name = 'catalog.json'): ImportedFramework {
  return saveImportedFramework(core, readCatalog(text, name));
}

/** The catalog as the framework it becomes, or a VALIDATION error in one sentence. Writes nothing. */
export function readCatalog(text: string, name = 'catalog.json') {
  const refuse = (why: string): never => {
    throw new AppError('VALIDATION', `${name} is not an OSCAL catalog this app can import: ${why}.`);
  };
  if (Buffer.byteLength(text, 'utf8') > CATALOG_LIMITS.bytes) refuse(`it is over ${CATALOG_LIMITS.bytes / 1048576} MB`);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    refuse(`it is not JSON (${error instanceof RangeError ? 'nested too deeply' : (error as Error).message})`);
  }
  return catalogOf(value, text, name);
}

/** A parsed catalog document (JSON, or YAML read safely by the caller) as the framework it becomes. Writes nothing. */
export function catalogOf(value: unknown, text: string, name: string) {
  const refuse = (why: string): never => {
    throw new AppError('VALIDATION', `${name} is not an OSCAL catalog this app can import: ${why}.`);
  };
  const tooDeep = nestingBeyond(value, CATALOG_LIMITS.jsonDepth);
  if (tooDeep) refuse(`${tooDeep} is nested more than ${CATALOG_LIMITS.jsonDepth} levels deep`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !('catalog' in value)) {
    const model = ['profile', 'assessment-results', 'assessment-plan', 'system-security-plan', 'component-definition', 'plan-of-action-and-milestones', 'mapping-collection'].find((m) => m in value);
    if (model === 'profile') refuse('it is an OSCAL profile; resolve it to a catalog, or import it as a profile (frameworks.import and import-framework resolve it against its catalog)');
    if (model) refuse(`it is an OSCAL ${model} document, not a catalog`);
  }
  const parsed = CatalogDocument.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? oscalPath(issue.path) : 'catalog';
    refuse(`${where}: ${issue?.code === 'invalid_type' && valueAt(value, issue.path) === undefined ? 'is required' : (issue?.message ?? 'is not valid')}`);
  }
  const catalog = (parsed.data as CatalogDocument).catalog;
  const requirements: ImportedRequirement[] = [];
  const seen = new Map<string, string>();
  const walk = (node: OscalGroup | OscalControl, kind: 'group' | 'control', path: string, parentId: string | null, depth: number) => {
    if (depth >= CATALOG_LIMITS.depth) refuse(`${path} nests groups and controls more than ${CATALOG_LIMITS.depth} levels deep`);
    if (requirements.length >= CATALOG_LIMITS.requirements) refuse(`it holds more than ${CATALOG_LIMITS.requirements} groups and controls`);
    const id = node.id ?? `group-${path.replace(/[^0-9]+/g, '-').replace(/^-|-$/g, '')}`;
    const earlier = seen.get(id);
    if (earlier) refuse(`${path}.id "${id}" is already the id of ${earlier}`);
    seen.set(id, path);
    const params = new Map<string, string>([...(catalog.params ?? []), ...(node.params ?? [])].map((p: OscalParam) => [p.id, p.label ?? p.id]));
    requirements.push({ id, kind, parentId, title: node.title.trim() || id, summary: statementOf(node.parts ?? [], params), depth });
    if ('groups' in node) (node.groups ?? []).forEach((g, i) => walk(g, 'group', `${path}.groups[${i}]`, id, depth + 1));
    (node.controls ?? []).forEach((c, i) => walk(c, 'control', `${path}.controls[${i}]`, id, depth + 1));
  };
  (catalog.groups ?? []).forEach((g, i) => walk(g, 'group', `catalog.groups[${i}]`, null, 0));
  (catalog.controls ?? []).forEach((c, i) => walk(c, 'control', `catalog.controls[${i}]`, null, 0));
  if (!requirements.some((r) => r.kind === 'control')) refuse('it has no controls');
  return {
    sourceUuid: catalog.uuid.toLowerCase(),
    title: catalog.metadata.title.trim(),
    version: catalog.metadata.version,
    oscalVersion: catalog.metadata['oscal-version'],
    sha256: createHash('sha256').update(text).digest('hex'),
    requirements,
  };
}

/** The control's statement (or its first part with prose) in plain words, parameters named by their labels. */
function statementOf(parts: OscalPart[], params: Map<string, string>): string {
  const statement = parts.find((p) => p.name === 'statement') ?? parts.find((p) => p.prose);
  if (!statement) return '';
  const lines: string[] = [];
  const collect = (part: OscalPart) => {
    if (part.prose) lines.push(part.prose.trim());
    (part.parts ?? []).forEach(collect);
  };
  collect(statement);
  const prose = lines.join(' ').replace(/\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}/g, (_m, id: string) => `[${params.get(id) ?? id}]`);
  return prose.length > 2000 ? `${prose.slice(0, 1999)}…` : prose;
}

/** The first place a value nests deeper than the limit, as an OSCAL path, or null. Iterative: a hostile depth cannot overflow the stack. */
export function nestingBeyond(value: unknown, limit: number): string | null {
  const stack: Array<{ value: unknown; path: Array<string | number>; depth: number }> = [{ value, path: [], depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as (typeof stack)[number];
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= limit) return oscalPath(item.path);
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [i, v] as const) : Object.entries(item.value);
    for (const [key, child] of entries) stack.push({ value: child, path: [...item.path, key], depth: item.depth + 1 });
  }
  return null;
}

/** A path as OSCAL documentation writes it: catalog.groups[2].controls[0].id. */
export function oscalPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${printable(key)}`;
  return out || 'the document';
}

export function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
