import { LineCounter, stringify, isNode, type Document } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { printable } from '../../shared/api/format';
import { UtcTimestamp, text } from '../../shared/api/common';
import { TEMPLATE_SCHEMA, TemplateItem, ToleratedDeviation } from '../../shared/api/templates';
import type { VersionSnapshot } from './snapshot';
import { parseUserJson, parseUserYaml, userYamlToJs } from '../common/bounded-parse';
import { canonicalJson, sha256Hex } from '../ledger/canonical';

// Template files for version control: JSON or YAML, one published version each. Reading one either
// yields a whole valid template or an error that names the line and the field; never half of one.

export const TemplateFile = z.strictObject({
  schema: z.string(),
  id: z.uuid({ message: 'must be a template id (a UUID)' }).optional(),
  name: text('The name', 200).pipe(z.string().min(1, 'the template needs a name')),
  description: text('The description', 5000).default(''),
  version: z.number().int().positive().optional(),
  versionId: z.uuid({ message: 'must be a version id (a UUID)' }).optional(),
  publishedAt: text('publishedAt', 100).optional(),
  publishedBy: text('publishedBy', 200).optional(),
  reason: text('reason', 2000).optional(),
  createdAt: text('createdAt', 100).optional(),
  createdBy: text('createdBy', 200).optional(),
  /** Of everything above and the content, as exported: an unedited file can bring back that very version. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hex characters').optional(),
  items: z.array(TemplateItem).max(2000),
  deviations: z.array(ToleratedDeviation).max(200).default([]),
});
export type TemplateFile = z.infer<typeof TemplateFile>;

export interface ExportMeta {
  templateId: string;
  version: number;
  versionId: string;
  publishedAt: string;
  publishedBy: string;
  reason: string;
  createdAt: string;
  createdBy: string;
}

/**
 * What identifies a published version as it was published: a file whose fingerprint still matches
 * was not edited, so a laptop that has never seen the template can recreate the very records the
 * exporting laptop holds (same ids, times and authors), and syncing finds one template, not two.
 */
export function versionFingerprint(snapshot: VersionSnapshot, meta: ExportMeta): string {
  return sha256Hex(canonicalJson({ ...meta, snapshot }));
}

export function formatTemplateFile(snapshot: VersionSnapshot, meta: ExportMeta, format: 'json' | 'yaml'): string {
  const file = {
    schema: TEMPLATE_SCHEMA,
    id: meta.templateId,
    name: snapshot.name,
    description: snapshot.description,
    version: meta.version,
    versionId: meta.versionId,
    publishedAt: meta.publishedAt,
    publishedBy: meta.publishedBy,
    reason: meta.reason,
    createdAt: meta.createdAt,
    createdBy: meta.createdBy,
    fingerprint: versionFingerprint(snapshot, meta),
    items: snapshot.items,
    deviations: snapshot.deviations,
  };
  return format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : stringify(file, { lineWidth: 0 });
}

export function formatFor(fileName: string, text: string): 'json' | 'yaml' {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

export function parseTemplateFile(text: string, fileName: string): TemplateFile {
  const format = formatFor(fileName, text);
  const lines = new LineCounter();
  const fail = (message: string): never => {
    throw new AppError('VALIDATION', `${fileName}: ${message}. Nothing was imported.`);
  };
  if (text.trim() === '') fail('the file is empty');
  if (format === 'json') {
    try {
      parseUserJson(text, fail);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const position = /position (\d+)/.exec((error as Error).message);
      const where = position ? lineOf(text, Number(position[1])) : null;
      fail(`${where ? `line ${where.line}, column ${where.col}: ` : ''}not valid JSON (${(error as Error).message})`);
    }
  }
  const { document, data } = readSchemaFile(text, lines, fail, { schema: TEMPLATE_SCHEMA, noun: 'template' });
  const parsed = TemplateFile.safeParse(data);
  if (!parsed.success) fail(issueSentence(document, lines, parsed.error.issues[0] as z.core.$ZodIssue, 'is not a field of a template'));
  return parsed.data as TemplateFile;
}

/**
 * A YAML (or JSON) file of one of the app's schemas, read into a mapping whose `schema` field is the
 * one expected; anything else is refused with its line (template files and rule packs both read so).
 */
export function readSchemaFile(text: string, lines: LineCounter, fail: (message: string) => never, expected: { schema: string; noun: string }): { document: Document.Parsed; data: Record<string, unknown> } {
  const document = parseUserYaml(text, { lineCounter: lines, fail });
  const syntax = document.errors[0];
  if (syntax) {
    const at = lines.linePos(syntax.pos[0]);
    fail(`line ${at.line}, column ${at.col}: ${syntax.message.split('\n')[0]}`);
  }
  const data: unknown = userYamlToJs(document, fail);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(`the file does not hold a ${expected.noun} (expected a mapping of fields)`);
  const schema = (data as Record<string, unknown>).schema;
  if (schema !== expected.schema) {
    fail(
      schema === undefined
        ? `line 1: the "schema" field is missing, so this is not a Release Audit ${expected.noun} (expected "${expected.schema}")`
        : `${lineLabel(document, lines, ['schema'])}field "schema": unknown ${expected.noun} schema "${String(schema).slice(0, 80)}" (this version reads "${expected.schema}")`,
    );
  }
  return { document, data: data as Record<string, unknown> };
}

/** A schema's first complaint about a file as a sentence: the line, the field, and what is wrong. */
export function issueSentence(document: Document.Parsed, lines: LineCounter, issue: z.core.$ZodIssue, unknownField: string): string {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] as string] : issue.path;
  const field = path.length > 0 ? path.map(printable).join('.') : 'the file';
  const message = issue.code === 'unrecognized_keys' ? unknownField : issue.message;
  return `${lineLabel(document, lines, path)}field "${field}": ${message}`;
}

/** The metadata of an unedited exported file, or null when it was edited or written by hand. */
export function unchangedExport(file: TemplateFile, snapshot: VersionSnapshot): ExportMeta | null {
  const { id, version, versionId, publishedAt, publishedBy, reason, createdAt, createdBy, fingerprint } = file;
  if (!id || !version || !versionId || !publishedAt || !publishedBy || reason === undefined || !createdAt || !createdBy || !fingerprint) return null;
  const meta: ExportMeta = { templateId: id, version, versionId, publishedAt, publishedBy, reason, createdAt, createdBy };
  if (!UtcTimestamp.safeParse(publishedAt).success || !UtcTimestamp.safeParse(createdAt).success) return null;
  return versionFingerprint(snapshot, meta) === fingerprint ? meta : null;
}

export function lineLabel(document: Document.Parsed, lines: LineCounter, path: readonly PropertyKey[]): string {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const target = depth === path.length ? keyOrValue(document, path) : document.getIn(path.slice(0, depth) as Array<string | number>, true);
    if (isNode(target) && target.range) return `line ${lines.linePos(target.range[0]).line}: `;
  }
  return '';
}

/** The node for a path: the value if present, else the key that names it (for unknown fields). */
function keyOrValue(document: Document.Parsed, path: readonly PropertyKey[]): unknown {
  const value = document.getIn(path as Array<string | number>, true);
  if (isNode(value)) return value;
  const parent = document.getIn(path.slice(0, -1) as Array<string | number>, true) as { items?: Array<{ key?: unknown }> } | undefined;
  const last = path[path.length - 1];
  return parent?.items?.find((pair) => isNode(pair.key) && (pair.key as { value?: unknown }).value === last)?.key;
}

function lineOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}
