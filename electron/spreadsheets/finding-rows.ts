import { AppError } from '../../shared/api/errors';
import { FindingFields, findingStatuses } from '../../shared/api/findings';
import type { PreviewRow, RowProblem } from '../../shared/api/spreadsheets';
import { releaseStages, type Severity } from '../../shared/enums';
import { fieldByHeader, findingColumns, headerKey, type ImportField } from './finding-columns';
import type { RawCell, ReadSheet } from './sheet-read';

// A spreadsheet's rows as findings to create: its headers matched to the finding's fields (case
// aside, with the names other spreadsheets use), and every cell checked the way the findings service
// checks it, each problem said with its row, its column and why in plain words.

export interface FindingInput extends Partial<FindingFields> {
  title: string;
}

export interface CheckedRow {
  preview: PreviewRow;
  /** The finding to create, when the row has no error. */
  input: FindingInput | null;
}

const severityWords: Record<string, Severity> = {
  critical: 'critical', crit: 'critical', 'very high': 'critical', p1: 'critical',
  major: 'major', high: 'major', p2: 'major',
  minor: 'minor', medium: 'minor', moderate: 'minor', low: 'minor', p3: 'minor',
  informational: 'informational', info: 'informational', information: 'informational', none: 'informational', p4: 'informational',
};
const yes = new Set(['yes', 'y', 'true', '1', 'x']);
const no = new Set(['no', 'n', 'false', '0', '']);
const labels = new Map(findingColumns.filter((c) => c.field).map((c) => [c.field as ImportField, c.header]));
const FORMULA_DEFUSED = /^'+[=+\-@\t\r]/;

/** The columns read: which field each header is taken as; a file without titles, or with a field twice, is refused. */
export function mapHeaders(headers: string[], name: string): Array<ImportField | null> {
  const fields = headers.map((h) => fieldByHeader.get(headerKey(h)) ?? null);
  const seen = new Map<ImportField, string>();
  fields.forEach((field, i) => {
    if (!field) return;
    const before = seen.get(field);
    if (before !== undefined) throw new AppError('VALIDATION', `${name} has two columns read as ${labels.get(field)}: "${before}" and "${headers[i]}"; keep one.`);
    seen.set(field, headers[i] as string);
  });
  if (!seen.has('title')) {
    const title = findingColumns.find((c) => c.field === 'title');
    throw new AppError('VALIDATION', `${name} has no column of finding titles: its first row must name one "Title" (or ${title?.aliases?.slice(0, 3).map((a) => `"${a}"`).join(', ')}).`);
  }
  return fields;
}

/** A cell as text, or the reason it cannot be one (a formula, an error). */
function textOf(cell: RawCell): { text: string } | { problem: string } {
  if (cell === null) return { text: '' };
  if (cell instanceof Date) return { text: cell.toISOString() };
  if (typeof cell === 'object') {
    if ('formula' in cell) return { problem: `holds a formula (=${cell.formula.slice(0, 40)}); the import reads values only: paste it as a value` };
    return { problem: `holds the error ${cell.error}` };
  }
  const text = String(cell);
  // A CSV this app wrote defuses formulas with a leading ': it is taken off again.
  return { text: FORMULA_DEFUSED.test(text) ? text.slice(1) : text };
}

function dateOf(cell: RawCell, text: string): string | null | { problem: string } {
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const iso = /^(\d{4}-\d\d-\d\d)(T[\d:.]+(Z|[+-]\d\d:\d\d)?)?$/.exec(trimmed);
  if (iso && !Number.isNaN(Date.parse(iso[1] as string))) return iso[1] as string;
  return { problem: `"${trimmed.slice(0, 40)}" is not a date like 2026-01-31 (write dates as year-month-day)` };
}

/** Checks one value against the field's own rule in the contract; the message as a person reads it. */
function fieldProblem(field: keyof FindingFields, value: unknown): string | null {
  const checked = FindingFields.shape[field].safeParse(value);
  if (checked.success) return null;
  const message = checked.error.issues[0]?.message ?? 'is not valid';
  const label = labels.get(field as ImportField) ?? field;
  return message.replace(new RegExp(`^${label} `, 'i'), '');
}

export function checkRow(row: ReadSheet['rows'][number], fields: Array<ImportField | null>, headers: string[], controls: Set<string>, today: string): CheckedRow {
  const errors: RowProblem[] = [];
  const notes: string[] = [];
  const input: Record<string, unknown> = {};
  const problem = (field: ImportField, i: number, message: string) => errors.push({ row: row.row, column: headers[i] || (labels.get(field) as string), message });
  fields.forEach((field, i) => {
    if (!field) return;
    const cell = row.cells[i] ?? null;
    const read = textOf(cell);
    if ('problem' in read) return problem(field, i, read.problem);
    const text = read.text.trim();
    switch (field) {
      case 'severity': {
        if (text === '') return notes.push('no severity given: it comes in as major');
        const severity = severityWords[text.toLowerCase()];
        if (!severity) return problem(field, i, `"${text.slice(0, 40)}" is not a severity: use critical, major (or high), minor (or medium, low) or informational`);
        input.severity = severity;
        return;
      }
      case 'status': {
        const status = text.toLowerCase().replace(/[\s_]+/g, '-');
        if (status !== '' && status !== 'draft') {
          const known = (findingStatuses as readonly string[]).includes(status);
          notes.push(`comes in as a draft (the file says ${known ? status : `"${text.slice(0, 40)}"`}): attach its evidence, then move it on`);
        }
        return;
      }
      case 'controlId': {
        if (text === '') return void (input.controlId = null);
        const id = text.toUpperCase();
        if (!controls.has(id)) return problem(field, i, `"${text.slice(0, 40)}" is not a control of the library (controls look like RA-RFC-01)`);
        input.controlId = id;
        return;
      }
      case 'stage': {
        if (text === '') return void (input.stage = null);
        const stage = text.toLowerCase().replace(/[\s_]+/g, '-');
        if (!(releaseStages as readonly string[]).includes(stage)) return problem(field, i, `"${text.slice(0, 40)}" is not a release stage: use one of ${releaseStages.join(', ')}`);
        input.stage = stage;
        return;
      }
      case 'dueAt': {
        const due = dateOf(cell, text);
        if (due !== null && typeof due === 'object') return problem(field, i, due.problem);
        if (due !== null && due < today) return problem(field, i, `${due} is in the past: a finding imported today cannot be due before today; correct the date or leave it empty`);
        if (due === null) notes.push('no due date: it gets the one its severity calls for');
        input.dueAt = due;
        return;
      }
      case 'confidential': {
        const word = (typeof cell === 'boolean' ? String(cell) : text).toLowerCase();
        if (yes.has(word)) input.confidential = true;
        else if (no.has(word)) input.confidential = false;
        else problem(field, i, `"${text.slice(0, 40)}" is not yes or no`);
        return;
      }
      default: {
        if (field === 'title' && text === '') return problem(field, i, 'is empty: every finding needs a title');
        const why = fieldProblem(field, text);
        if (why) return problem(field, i, why);
        input[field] = text;
      }
    }
  });
  const title = String(input.title ?? '');
  return {
    preview: {
      row: row.row,
      title,
      // A severity refused is shown as nothing rather than the major it would default to.
      severity: String(input.severity ?? (errors.some((e) => e.column === headers[fields.indexOf('severity')]) ? '' : 'major')),
      controlId: (input.controlId as string | null | undefined) ?? null,
      ownerName: String(input.ownerName ?? ''),
      dueAt: (input.dueAt as string | null | undefined) ?? null,
      errors,
      notes,
    },
    input: errors.length === 0 ? (input as unknown as FindingInput) : null,
  };
}
