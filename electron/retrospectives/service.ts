import { asc, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import {
  ActionFields,
  RetrospectiveFields,
  closedActionStatuses,
  type OpenEarlierAction,
  type RetroAction,
  type Retrospective,
  type RetrospectiveView,
} from '../../shared/api/retrospectives';
import { changedFields } from '../changed-fields';
import { retroActions, retrospectives } from '../db/schema';
import { derivedId, newId, utcNow } from '../ids';
import { getAuditRow, requireAudit, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { cycleRule, earlierCycles } from './cycles';

// Retrospectives and their action items. An action belongs to the audit whose cycle holds it; one
// still open when a later audit takes it up (closes it, changes it) continues there as that audit's
// own item with the same thread id, so the earlier audit keeps what it said and may stay frozen.

type RetroRow = typeof retrospectives.$inferSelect;
type ActionRow = typeof retroActions.$inferSelect;
const retroFieldNames = Object.keys(RetrospectiveFields.shape) as Array<keyof RetrospectiveFields>;
const actionFieldNames = Object.keys(ActionFields.shape) as Array<keyof ActionFields>;

export function createRetrospective(core: Core, input: Partial<RetrospectiveFields> & { auditId: string; title: string }): Retrospective {
  const { auditId, ...fields } = input;
  refuseFinalised(core, auditId);
  const parsed = RetrospectiveFields.parse(fields);
  checkLinks(core, auditId, parsed);
  const now = utcNow();
  const row = transact(core, (records) => records.insert('retrospectives', { id: newId(), auditId, ...parsed, createdAt: now, updatedAt: now }));
  return toRetrospective(row as RetroRow);
}

export function saveRetrospective(core: Core, input: Partial<RetrospectiveFields> & { id: string }): Retrospective {
  const { id, ...fields } = input;
  const row = rowOrNotFound(core, 'retrospectives', id, 'retrospective');
  const current = toRetrospective(row);
  checkLinks(core, row.auditId, { ...current, ...fields });
  const changed = changedFields(fields, current);
  if (Object.keys(changed).length === 0) return current;
  refuseFinalised(core, row.auditId);
  transact(core, (records) => records.update('retrospectives', id, { ...changed, updatedAt: utcNow() }));
  return toRetrospective(rowOrNotFound(core, 'retrospectives', id, 'retrospective'));
}

export function addAction(core: Core, input: Partial<ActionFields> & { auditId: string; retrospectiveId?: string | null; text: string }): RetroAction {
  const { auditId, retrospectiveId = null, ...fields } = input;
  refuseFinalised(core, auditId);
  if (retrospectiveId && rowOrNotFound(core, 'retrospectives', retrospectiveId, 'retrospective').auditId !== auditId) {
    throw new AppError('VALIDATION', 'retrospectiveId: that retrospective belongs to another audit.');
  }
  const parsed = ActionFields.parse(fields);
  const id = newId();
  const now = utcNow();
  transact(core, (records) => records.insert('retro_actions', { id, auditId, retrospectiveId, threadId: id, ...parsed, createdAt: now, updatedAt: now }));
  return toAction(core, actionRow(core, id));
}

/**
 * Saves an action as seen from the audit `auditId`. An item of that audit is changed in place. The
 * latest item of an earlier cycle's thread is continued in this audit: a new item, the same thread,
 * with the change applied (its id is derived from thread and audit, so two laptops continuing it
 * before they sync hold one item). An item a later cycle has already continued is changed there.
 */
export function saveAction(core: Core, input: Partial<ActionFields> & { id: string; auditId: string }): RetroAction {
  const { id, auditId, ...fields } = input;
  const row = actionRow(core, id);
  refuseFinalised(core, auditId);
  if (row.auditId === auditId) {
    // Once a later cycle has taken the action up, it is changed there (later cycles read that item).
    const taken = core.sqlite.prepare('SELECT audit_id FROM retro_actions WHERE thread_id = ? AND audit_id <> ? AND created_at > ? LIMIT 1').pluck().get(row.threadId, auditId, row.createdAt) as string | undefined;
    if (taken) throw new AppError('CONFLICT', `That action was continued in a later cycle (${auditName(core, taken)}); change it there.`);
    const current = actionFields(row);
    const changed = changedFields(fields, current);
    checkDropReason({ ...current, ...changed });
    if (Object.keys(changed).length === 0) return toAction(core, row);
    transact(core, (records) => records.update('retro_actions', id, { ...changed, updatedAt: utcNow() }));
    return toAction(core, actionRow(core, id));
  }
  const earlier = earlierCycles(core, auditId);
  if (!earlier.some((cycle) => cycle.id === row.auditId)) {
    throw new AppError('VALIDATION', 'That action is not of an earlier cycle of this audit, so it cannot be continued here.');
  }
  const continuation = derivedId('retro-action', row.threadId, auditId);
  if (core.sqlite.prepare('SELECT 1 FROM retro_actions WHERE id = ?').get(continuation)) {
    return saveAction(core, { ...fields, id: continuation, auditId });
  }
  const later = latestOfThread(core, row.threadId, [...earlier.map((c) => c.id)]);
  if (later && later.id !== row.id) {
    throw new AppError('CONFLICT', `That action was continued in a later cycle (${auditName(core, later.auditId)}); change it there.`);
  }
  const next = ActionFields.parse({ ...actionFields(row), ...withoutUndefined(fields) });
  checkDropReason(next);
  const now = utcNow();
  transact(core, (records) =>
    records.insert('retro_actions', { id: continuation, auditId, retrospectiveId: null, threadId: row.threadId, ...next, createdAt: now, updatedAt: now }),
  );
  return toAction(core, actionRow(core, continuation));
}

export function retrospectiveView(core: Core, auditId: string, today: string = utcNow().slice(0, 10)): RetrospectiveView {
  requireAudit(core, auditId);
  const retros = core.db.select().from(retrospectives).where(eq(retrospectives.auditId, auditId)).orderBy(asc(retrospectives.createdAt), asc(retrospectives.id)).all();
  const own = core.db.select().from(retroActions).where(eq(retroActions.auditId, auditId)).orderBy(asc(retroActions.createdAt), asc(retroActions.id)).all();
  return {
    retrospectives: retros.map(toRetrospective),
    actions: own.map((row) => toAction(core, row)),
    openEarlier: openEarlierActions(core, auditId, new Set(own.map((row) => row.threadId)), today),
    cycleRule,
  };
}

/** The latest item of each thread of the earlier cycles that is still open and not taken up here, oldest cycle first. */
export function openEarlierActions(core: Core, auditId: string, takenUp: ReadonlySet<string>, today: string): OpenEarlierAction[] {
  const cycles = earlierCycles(core, auditId);
  const order = new Map(cycles.map((cycle, index) => [cycle.id, index]));
  const latest = new Map<string, ActionRow>();
  const rows = cycles.length === 0 ? [] : core.db.select().from(retroActions).where(inArray(retroActions.auditId, [...order.keys()])).all();
  // Cycle order, then creation: the last item seen of a thread is its latest.
  rows.sort((a, b) => (order.get(a.auditId) ?? 0) - (order.get(b.auditId) ?? 0) || a.createdAt.localeCompare(b.createdAt));
  for (const row of rows) latest.set(row.threadId, row);
  return [...latest.values()]
    .filter((row) => !takenUp.has(row.threadId) && !closedActionStatuses.includes(row.status as never))
    .sort((a, b) => (order.get(a.auditId) ?? 0) - (order.get(b.auditId) ?? 0) || a.createdAt.localeCompare(b.createdAt))
    .map((row) => ({ ...toAction(core, row), auditName: auditName(core, row.auditId), overdue: row.dueOn !== null && row.dueOn < today }));
}

function latestOfThread(core: Core, threadId: string, auditIds: string[]): ActionRow | undefined {
  const rows = core.db.select().from(retroActions).where(eq(retroActions.threadId, threadId)).all();
  let found: ActionRow | undefined;
  for (const id of auditIds) found = rows.find((row) => row.auditId === id) ?? found;
  return found;
}

function refuseFinalised(core: Core, auditId: string): void {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised: its retrospectives and action items can no longer change.`);
}

function checkDropReason(fields: ActionFields): void {
  if (fields.status === 'dropped' && !fields.dropReason.trim()) throw new AppError('VALIDATION', 'dropReason: a dropped action needs the reason it was dropped.');
}

function checkLinks(core: Core, auditId: string, fields: Pick<RetrospectiveFields, 'releaseId' | 'findingIds'>): void {
  if (fields.releaseId) {
    const release = core.sqlite.prepare('SELECT audit_id AS auditId FROM releases WHERE id = ?').get(fields.releaseId) as { auditId: string } | undefined;
    if (!release || release.auditId !== auditId) throw new AppError('VALIDATION', `releaseId: there is no release ${fields.releaseId} in this audit.`);
  }
  const finding = core.sqlite.prepare('SELECT audit_id AS auditId FROM findings WHERE id = ?');
  for (const id of fields.findingIds ?? []) {
    const row = finding.get(id) as { auditId: string } | undefined;
    if (!row || row.auditId !== auditId) throw new AppError('VALIDATION', `findingIds: there is no finding ${id} in this audit.`);
  }
}

function auditName(core: Core, auditId: string): string {
  return (core.sqlite.prepare('SELECT name FROM audits WHERE id = ?').pluck().get(auditId) as string | undefined) ?? 'an earlier audit';
}

function actionRow(core: Core, id: string): ActionRow {
  return rowOrNotFound(core, 'retro_actions', id, 'retrospective action');
}

function actionFields(row: ActionRow): ActionFields {
  return ActionFields.parse(Object.fromEntries(actionFieldNames.map((key) => [key, row[key as keyof ActionRow]])));
}

function toAction(core: Core, row: ActionRow): RetroAction {
  let carriedFrom: RetroAction['carriedFrom'] = null;
  if (row.threadId !== row.id) {
    const first = core.sqlite.prepare('SELECT audit_id FROM retro_actions WHERE id = ?').pluck().get(row.threadId) as string | undefined;
    carriedFrom = { auditId: first ?? null, auditName: first ? auditName(core, first) : 'an earlier audit' };
  }
  return { ...actionFields(row), id: row.id, auditId: row.auditId, retrospectiveId: row.retrospectiveId, threadId: row.threadId, carriedFrom, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

function toRetrospective(row: RetroRow): Retrospective {
  const fields = RetrospectiveFields.parse(Object.fromEntries(retroFieldNames.map((key) => [key, row[key as keyof RetroRow]])));
  return { ...fields, id: row.id, auditId: row.auditId, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
