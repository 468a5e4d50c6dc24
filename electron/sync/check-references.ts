import { AppError } from '../../shared/api/errors';
import { linkTargets } from '../ledger/replay';
import { parentField, scopeOfLedger } from '../ledger/scope';
import type { Core } from '../services';
import type { FullEntry } from './format';

// A record never points into another audit: a note belongs to the audit of its interview, a
// war-room entry to the audit of its release, evidence is linked only within its own audit. The app
// keeps to this; a bundle must too, or a record could slip into a finalised audit while naming an
// open one, and escape the freeze.

/** Fields that name another record, by the entity they name (a field may hold one id or a list). */
const references: Record<string, Array<[field: string, entity: string]>> = {
  checklist_results: [['releaseId', 'releases']],
  interviews: [
    ['releaseId', 'releases'],
    ['findingIds', 'findings'],
  ],
  interview_notes: [
    ['interviewId', 'interviews'],
    ['correctsId', 'interview_notes'],
  ],
  warroom_entries: [
    ['releaseId', 'releases'],
    ['correctsId', 'warroom_entries'],
  ],
  findings: [['releaseId', 'releases']],
};

export function checkReferences(core: Core, entries: FullEntry[]): void {
  const scope = scopeOfLedger(core.sqlite);
  // A record is created under one audit (or release, or piece of evidence) and stays there: a second
  // creation of it elsewhere, or an edit of the field that says where it belongs, is refused. (Two
  // laptops may create the same record, a checklist item's result, but always in the same place.)
  for (const entry of [...entries].filter((e) => e.op === 'insert').sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))) {
    const field = parentField(entry.entity);
    const known = field ? scope.parentOf(entry.entity, entry.entityId) : undefined;
    if (field && known !== undefined && entry.fields[field] !== known) {
      throw new AppError('INTEGRITY', `${describe(entry)} creates again, under another ${field.slice(0, -2)}, a record that already exists: it was refused.`);
    }
    scope.learn(entry);
  }
  const noteInterview = new Map<string, unknown>();
  const localNote = core.sqlite.prepare("SELECT fields FROM ledger WHERE entity = 'interview_notes' AND entity_id = ? AND op = 'insert' LIMIT 1");
  for (const entry of entries) if (entry.entity === 'interview_notes' && entry.op === 'insert') noteInterview.set(entry.entityId, entry.fields.interviewId);
  const interviewOfNote = (id: string): unknown => {
    if (noteInterview.has(id)) return noteInterview.get(id);
    const row = localNote.get(id) as { fields: string } | undefined;
    return row ? (JSON.parse(row.fields) as Record<string, unknown>).interviewId : undefined;
  };

  for (const entry of entries) {
    if (entry.op === 'delete') continue;
    const where = describe(entry);
    const field = parentField(entry.entity);
    if (entry.op === 'update' && (Object.hasOwn(entry.fields, 'auditId') || (field !== null && Object.hasOwn(entry.fields, field)))) {
      throw new AppError('INTEGRITY', `${where} moves a record to another ${field === null || field === 'auditId' ? 'audit' : field.slice(0, -2)}: it was refused.`);
    }
    const own = scope.auditOf(entry.entity, entry.entityId);
    if (typeof own !== 'string') continue;
    const named: Array<[string, string]> = [];
    for (const [field, entity] of references[entry.entity] ?? []) {
      const value = entry.fields[field];
      for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'string' && id !== '') named.push([entity, id]);
    }
    if (entry.entity === 'evidence_links' && typeof entry.fields.targetType === 'string' && typeof entry.fields.targetId === 'string') {
      const target = linkTargets[entry.fields.targetType];
      if (target) named.push([target, entry.fields.targetId]);
    }
    for (const [entity, id] of named) {
      const theirs = scope.auditOf(entity, id);
      if (theirs !== undefined && theirs !== null && theirs !== own) {
        throw new AppError('INTEGRITY', `${where} points at ${entity.replace(/_/g, ' ')} record ${id}, which belongs to another audit: it was refused.`);
      }
    }
    const corrects = entry.entity === 'interview_notes' ? entry.fields.correctsId : undefined;
    if (typeof corrects === 'string' && corrects !== '') {
      const interviewId = entry.op === 'insert' ? entry.fields.interviewId : interviewOfNote(entry.entityId);
      const theirs = interviewOfNote(corrects);
      if (theirs !== undefined && theirs !== interviewId) throw new AppError('INTEGRITY', `${where} corrects a note of another interview: it was refused.`);
    }
  }
}

const describe = (entry: FullEntry): string =>
  `The bundle's entry #${entry.seq} of device ${entry.deviceId} (${entry.op} of ${entry.entity.replace(/_/g, ' ')} ${entry.entityId})`;
