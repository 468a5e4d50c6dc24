import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// NIST's published OSCAL JSON schemas, read in place from the shared folder (never copied into the
// project), compiled with ajv and its formats. The schemas' patterns use Unicode property escapes
// (\p{L}), which compile with `unicodeRegExp: true` (ajv 8's default, said here so it stays so).

export const OSCAL_DIR = path.resolve(process.env.OSCAL_REALWORLD ?? '/work/shared/realworld/oscal');
const cache = new Map<string, ValidateFunction>();

export type OscalSchemaModel = 'assessment-results' | 'assessment-plan' | 'catalog';

export function officialValidator(model: OscalSchemaModel, version = 'v1.1.3'): ValidateFunction {
  const key = `${version}/${model}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const schema = JSON.parse(fs.readFileSync(path.join(OSCAL_DIR, version, `oscal_${model}_schema.json`), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  cache.set(key, validate);
  return validate;
}

/** The official schema's complaints about a document, one line each (empty when it is valid). */
export function schemaErrors(model: OscalSchemaModel, document: unknown, version = 'v1.1.3'): string[] {
  const validate = officialValidator(model, version);
  if (validate(document)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export function example(name: string): string {
  return fs.readFileSync(path.join(OSCAL_DIR, 'examples', name), 'utf8');
}
