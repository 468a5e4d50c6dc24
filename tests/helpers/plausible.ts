import fc from 'fast-check';
import type { z } from 'zod';

// Plausible input for any zod schema of the contract, read from the schema itself: ids drawn from
// records that exist, enums from their options, patterns matched, times in this year. Fuzzing
// mutates such input, so calls get past the first check into the services.

interface Def {
  type: string;
  format?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string>;
  values?: unknown[];
  in?: z.ZodType;
  checks?: Array<{ _zod: { def: { check: string; format?: string; pattern?: RegExp } } }>;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

const words = fc.constantFrom('Deploy', 'SRE', 'Ada Auditor', 'approved', 'prod', 'Drain traffic', 'CHG-1', 'Q4 releases', 'a');
const time = fc.integer({ min: Date.parse('2026-01-01T00:00:00.000Z'), max: Date.parse('2026-12-31T00:00:00.000Z') }).map((t) => new Date(t).toISOString());

/** Ids of existing records by the field that names them (auditId, releaseId, …; `id` for the method's own kind). */
export type IdsByField = Record<string, string[]> & { any: string[] };

export function plausible(schema: z.ZodType, ids: IdsByField, key = ''): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
      return fc.record(Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, plausible(field, ids, name)])));
    }
    case 'optional':
    case 'default':
      return fc.option(plausible(def.innerType as z.ZodType, ids, key), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(plausible(def.innerType as z.ZodType, ids, key), { nil: null, freq: 3 });
    case 'pipe':
      return plausible(def.in as z.ZodType, ids, key);
    case 'string': {
      if (def.format === 'uuid') return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(ids[key] ?? ids.any)) }, { weight: 1, arbitrary: fc.constantFrom(...ids.any) });
      if (def.format === 'datetime') return time;
      if (def.format === 'date') return time.map((t) => t.slice(0, 10));
      const pattern = def.checks?.find((c) => c._zod.def.format === 'regex')?._zod.def.pattern;
      return pattern ? fc.stringMatching(pattern) : words;
    }
    case 'number':
      return fc.integer({ min: 0, max: 100 });
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'array':
      return fc.array(plausible(def.element as z.ZodType, ids, key), { maxLength: 3 });
    case 'record':
      return fc.dictionary(fc.constantFrom('env', 'region', 'text', 'stepId'), plausible(def.valueType as z.ZodType, ids, key), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => plausible(option, ids, key)));
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every path inside a value (objects and arrays), the root included, found without recursion. */
export function pathsOf(value: unknown): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [[]];
  const stack: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, Array<string | number>];
    if (current === null || typeof current !== 'object') continue;
    for (const [key, child] of Object.entries(current)) {
      const next = [...path, Array.isArray(current) ? Number(key) : key];
      paths.push(next);
      stack.push([child, next]);
    }
  }
  return paths;
}

/** The value with what sits at `path` replaced (the root replaced when the path is empty). */
export function replaceAt(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path[path.length - 1] as string | number] = replacement;
  return copy;
}
