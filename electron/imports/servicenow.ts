import { AppError } from '../../shared/api/errors';
import type { LineRange, ReadTime } from '../../shared/api/imports';
import { parseCsv } from './csv';
import type { FactSink } from './sink';
import { isObject, str, type Json, type Locator } from './structured';
import { readIso } from './time';
import type { z } from 'zod';

// ServiceNow change_request records as the Table API returns them (sysparm_display_value=false gives raw
// codes and UTC times, =true display labels in the user's zone, =all both), and the list's CSV export.
// sysapproval_approver records in the same export become approvals.

type Range = z.infer<typeof LineRange>;
const rawStates: Record<string, string> = { '-5': 'New', '-4': 'Assess', '-3': 'Authorize', '-2': 'Scheduled', '-1': 'Implement', '0': 'Review', '3': 'Closed', '4': 'Canceled' };
const rawRisks: Record<string, string> = { '1': 'Very High', '2': 'High', '3': 'Moderate', '4': 'Low' };

interface Field { display: string | null; value: string | null; exists: boolean }

function field(record: Json, name: string): Field {
  const v = record[name];
  if (isObject(v)) return { display: str(v.display_value), value: str(v.value), exists: true };
  return { display: str(v), value: str(v), exists: v !== undefined && v !== null };
}

export interface ChangeInput { get(name: string): Field; utcTimes: boolean; lines: Range }

/** Raw (value) times from the Table API are UTC; display values are in the exporting user's zone, not stated. */
function time(f: Field, utc: boolean): ReadTime | null {
  return utc ? readIso(f.value, 'Z') : readIso(f.display);
}

function present(f: Field): boolean | null {
  if (!f.exists) return null;
  return (f.display ?? f.value ?? '').trim() !== '';
}

export function addChange(sink: FactSink, input: ChangeInput): void {
  const number = input.get('number').display ?? input.get('number').value;
  if (!number) return;
  const state = input.get('state');
  const risk = input.get('risk');
  const type = input.get('type');
  const shown = (f: Field, codes: Record<string, string>) => (f.display && f.display !== f.value ? f.display : f.value && codes[f.value] ? codes[f.value] ?? null : f.display);
  const ci = input.get('cmdb_ci');
  const ciName = ci.display && !/^[0-9a-f]{32}$/.test(ci.display) ? ci.display : ci.value;
  sink.add({
    kind: 'change', lines: input.lines, system: 'servicenow', number, type: (type.value ?? type.display)?.toLowerCase() ?? null,
    state: shown(state, rawStates), risk: shown(risk, rawRisks), summary: input.get('short_description').display,
    plannedStart: time(input.get('start_date'), input.utcTimes), plannedEnd: time(input.get('end_date'), input.utcTimes),
    backoutPlan: present(input.get('backout_plan')), testPlan: present(input.get('test_plan')), justification: present(input.get('justification')),
    configurationItems: ciName ? [ciName] : [], links: [], createdAt: time(input.get('sys_created_on'), input.utcTimes),
  });
  const approval = input.get('approval');
  const approvalSet = input.get('approval_set');
  if ((approval.value ?? '').toLowerCase() === 'approved' || approvalSet.value) {
    sink.add({ kind: 'approval', lines: input.lines, ticket: number, approver: null, state: (approval.value ?? 'approved').toLowerCase(), at: time(approvalSet, input.utcTimes) });
  }
}

function isRaw(record: Json): boolean {
  const state = record.state;
  return isObject(state) || /^-?\d+$/.test(str(state) ?? '');
}

export function parseServiceNowJson(value: unknown, loc: Locator, sink: FactSink): void {
  const container = isObject(value) ? value.result ?? value.records ?? value : value;
  const records = Array.isArray(container) ? container : [container];
  const path = isObject(value) && Array.isArray(value.result) ? ['result'] : isObject(value) && Array.isArray(value.records) ? ['records'] : isObject(value) && isObject(value.result) ? ['result'] : [];
  records.forEach((record, i) => {
    if (!isObject(record)) return;
    const lines = loc.lines(Array.isArray(container) ? [...path, i] : path);
    const utcTimes = isRaw(record);
    if ('approver' in record && ('sysapproval' in record || 'document_id' in record)) {
      const doc = field(record, 'sysapproval').display ? field(record, 'sysapproval') : field(record, 'document_id');
      const approver = field(record, 'approver');
      sink.add({ kind: 'approval', lines, ticket: doc.display ?? doc.value ?? '(unknown)', approver: approver.display ?? approver.value, state: (field(record, 'state').value ?? 'requested').toLowerCase(), at: time(field(record, 'sys_updated_on'), utcTimes) });
      return;
    }
    addChange(sink, { get: (name) => field(record, name), utcTimes, lines });
  });
  if (sink.facts.length === 0) throw new AppError('VALIDATION', 'This JSON is not a ServiceNow change request export: no record with a change number was found in it.');
}

const csvHeaders: Record<string, string> = {
  number: 'number', type: 'type', state: 'state', risk: 'risk', shortdescription: 'short_description',
  startdate: 'start_date', plannedstartdate: 'start_date', enddate: 'end_date', plannedenddate: 'end_date',
  backoutplan: 'backout_plan', testplan: 'test_plan', justification: 'justification', cmdbci: 'cmdb_ci', configurationitem: 'cmdb_ci',
  approval: 'approval', approvalset: 'approval_set', syscreatedon: 'sys_created_on', created: 'sys_created_on',
};

export const csvField = (header: string): string | undefined => csvHeaders[header.toLowerCase().replace(/^(change_request\.|change request\.)/, '').replace(/[^a-z]/g, '')];

export function parseServiceNowCsv(text: string, sink: FactSink): void {
  const rows = parseCsv(text);
  const header = rows[0];
  const columns = header ? header.cells.map(csvField) : [];
  if (!header || !columns.includes('number')) throw new AppError('VALIDATION', 'This CSV is not a ServiceNow change request export: it has no "number" column.');
  for (const row of rows.slice(1)) {
    const values = new Map<string, string>();
    columns.forEach((name, i) => name && values.set(name, row.cells[i] ?? ''));
    const get = (name: string): Field => {
      const v = values.get(name);
      return v === undefined ? { display: null, value: null, exists: false } : { display: v === '' ? null : v, value: v === '' ? null : v, exists: true };
    };
    addChange(sink, { get, utcTimes: false, lines: [row.first, row.last] });
  }
  if (sink.facts.length === 0) sink.warn('The CSV export has a header but no change requests.');
}
