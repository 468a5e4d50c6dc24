import { AppError } from '../../shared/api/errors';
import { parentField } from '../ledger/scope';
import { IndexedScope } from '../ledger/replay-scope';
import { keyOf, recordsInLedger } from '../ledger/replay-records';
import { linkTargetKind, recordKind, referencesOf } from '../registry/registry';
import type { Core } from '../services';
import type { FullEntry } from './format';

// A record never points into another audit: a note belongs to the audit of its interview, a
// war-room entry to the audit of its release, evidence is linked only within its own audit. The app
// keeps to this; a bundle must too, or a record could slip into a finalised audit while naming an
// open one, and escape the freeze.

export function checkReferences(core: Core, entries: FullEntry[]): void {
  // The bundle's records the ledger holds nothing of are not looked up one by one.
  const inBundle = new Map(entries.map((entry) => [keyOf(entry.entity, entry.entityId), { entity: entry.entity, entityId: entry.entityId }]));
  const held = recordsInLedger(core.sqlite, [...inBundle.values()]);
  const mayHold = (entity: string, id: string) => {
    const key = keyOf(entity, id);
    return !inBundle.has(key) || held.has(key);
  };
  const scope = new IndexedScope(core.sqlite, mayHold);
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
  // What a record was created with, from the bundle or from this laptop's ledger.
  const created = new Map<string, Record<string, unknown>>();
  for (const entry of entries) if (entry.op === 'insert' && !created.has(`${entry.entity}\u0000${entry.entityId}`)) created.set(`${entry.entity}\u0000${entry.entityId}`, entry.fields);
  const localInsert = core.sqlite.prepare("SELECT fields FROM ledger WHERE entity = ? AND entity_id = ? AND op = 'insert' LIMIT 1");
  const createdWith = (entity: string, id: string, field: string): unknown => {
    const key = `${entity}\u0000${id}`;
    if (!created.has(key)) {
      const row = mayHold(entity, id) ? (localInsert.get(entity, id) as { fields: string } | undefined) : undefined;
      if (!row) return undefined;
      created.set(key, JSON.parse(row.fields) as Record<string, unknown>);
    }
    return created.get(key)?.[field];
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
    for (const [field, reference] of referencesOf(entry.entity)) {
      const value = entry.fields[field];
      for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'string' && id !== '') named.push([reference.entity, id]);
    }
    const pointer = recordKind(entry.entity)?.pointsAtLinkTarget;
    const targetType = pointer ? entry.fields[pointer.typeField] : undefined;
    const targetId = pointer ? entry.fields[pointer.idField] : undefined;
    if (typeof targetType === 'string' && typeof targetId === 'string') {
      const target = linkTargetKind(targetType);
      if (target) named.push([target.entity, targetId]);
    }
    for (const [entity, id] of named) {
      const theirs = scope.auditOf(entity, id);
      if (theirs !== undefined && theirs !== null && theirs !== own) {
        throw new AppError('INTEGRITY', `${where} points at ${entity.replace(/_/g, ' ')} record ${id}, which belongs to another audit: it was refused.`);
      }
    }
    // A record that names one of the same place (a note correcting a note) names one there only.
    for (const [field, reference] of referencesOf(entry.entity)) {
      const named = entry.fields[field];
      if (!reference.sameAs || typeof named !== 'string' || named === '') continue;
      const ours = entry.op === 'insert' ? entry.fields[reference.sameAs] : createdWith(entry.entity, entry.entityId, reference.sameAs);
      const theirs = createdWith(reference.entity, named, reference.sameAs);
      if (theirs !== undefined && theirs !== ours) {
        const place = recordKind(referencesOf(entry.entity).find(([f]) => f === reference.sameAs)?.[1].entity ?? '')?.noun ?? reference.sameAs;
        throw new AppError('INTEGRITY', `${where} ${field === 'correctsId' ? 'corrects' : 'names'} ${aOrAn(recordKind(reference.entity)?.noun ?? reference.entity)} of another ${place}: it was refused.`);
      }
    }
  }
}

const describe = (entry: FullEntry): string =>
  `The bundle's entry #${entry.seq} of device ${entry.deviceId} (${entry.op} of ${entry.entity.replace(/_/g, ' ')} ${entry.entityId})`;

const aOrAn = (noun: string): string => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
