import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { AppError } from '../../shared/api/errors';
import { clip } from './text';

// CycloneDX JSON is checked against the official schema of the version it declares. The schemas are
// not copied into the project: they ship, maintained, in @cyclonedx/cyclonedx-library (res/schema/,
// "bom-1.x.SNAPSHOT.schema.json", which $ref "spdx.SNAPSHOT.schema.json" and "jsf-0.82.SNAPSHOT.schema.json").
// Each version's validator is compiled once, on first use (draft-07, strict off as the schemas need).

export const cycloneDxVersions = ['1.2', '1.3', '1.4', '1.5', '1.6'] as const;
export type CycloneDxVersion = (typeof cycloneDxVersions)[number];

const require = createRequire(import.meta.url);
export const cycloneDxSchemaDir = path.join(path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res/schema');

let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction>();

function load(name: string): Record<string, unknown> {
  // ajv checks uniqueItems by comparing every pair of items, which takes tens of seconds over ten
  // thousand components; the same rule is checked here in one pass (canonical JSON in a set).
  const text = fs.readFileSync(path.join(cycloneDxSchemaDir, name), 'utf8').replace(/"uniqueItems"(\s*):(\s*)true/g, '"x-unique-items"$1:$2true');
  return JSON.parse(text) as Record<string, unknown>;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

function uniqueItems(schema: boolean, data: unknown[]): boolean {
  if (!schema) return true;
  const seen = new Map<string, number>();
  for (let i = 0; i < data.length; i += 1) {
    const key = canonical(data[i]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      (uniqueItems as unknown as { errors: unknown[] }).errors = [{ keyword: 'uniqueItems', message: `must not list the same item twice (items ${earlier} and ${i} are identical)`, params: { i: earlier, j: i } }];
      return false;
    }
    seen.set(key, i);
  }
  return true;
}

function instance(): Ajv {
  if (ajv) return ajv;
  const made = new Ajv({ strict: false, allErrors: false, validateSchema: false, logger: false });
  (addFormats as unknown as (a: Ajv) => void)(made);
  // ajv-formats has no idn-email or iri-reference; those two checks are skipped (as ajv would, with a warning).
  made.addFormat('idn-email', true);
  made.addFormat('iri-reference', true);
  made.addKeyword({ keyword: 'x-unique-items', type: 'array', schemaType: 'boolean', errors: true, validate: uniqueItems });
  // The BOM schemas name these two by the file name they ship under, relative to their own $id.
  made.addSchema({ ...load('spdx.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json' });
  made.addSchema({ ...load('jsf-0.82.SNAPSHOT.schema.json'), $id: 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json' });
  ajv = made;
  return made;
}

export function cycloneDxValidator(version: CycloneDxVersion): ValidateFunction {
  const known = compiled.get(version);
  if (known) return known;
  const validate = instance().compile(load(`bom-${version}.SNAPSHOT.schema.json`));
  compiled.set(version, validate);
  return validate;
}

/** `/components/3/purl` → `components[3].purl`. */
export function jsonPathOf(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `${out === '' ? '' : '.'}${part}` : `[${JSON.stringify(part)}]`;
  return out === '' ? 'the document' : out;
}

function sentence(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is not valid';
  if (error.keyword === 'additionalProperties') message = `has a field "${String(params.additionalProperty)}" the schema does not allow`;
  else if (error.keyword === 'enum') message = `must be one of ${(params.allowedValues as unknown[]).slice(0, 12).map((v) => JSON.stringify(v)).join(', ')}`;
  else if (error.keyword === 'type') message = `must be ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)}`;
  else if (error.keyword === 'required') message = `must have the field "${String(params.missingProperty)}"`;
  return `${jsonPathOf(error.instancePath)} ${clip(message, 200)}`;
}

/** Refuses a CycloneDX JSON BOM that breaks its version's schema, naming the first rule it breaks. */
export function checkCycloneDxJson(bom: unknown, version: CycloneDxVersion): void {
  const validate = cycloneDxValidator(version);
  if (validate(bom)) return;
  const errors = validate.errors ?? [];
  // The deepest place is the most telling (a oneOf failure also reports each branch's own rule).
  const first = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
  if (!first) throw new AppError('VALIDATION', `This CycloneDX ${version} BOM does not match its schema.`);
  throw new AppError('VALIDATION', `This CycloneDX ${version} BOM breaks its schema: ${sentence(first)} (schema: bom-${version}.schema.json ${clip(first.schemaPath, 160)}).`);
}
