import type { WarRoomBoard, WarRoomEntry } from '../../shared/api/warroom';

// What the log adds up to: corrections applied, the status of each node, each runbook step planned
// against actual, on-the-fly changes still waiting for approval, halt checks that breached, and
// each rollback with whether the recovery time objective was met.

interface StepPlan {
  id: string;
  title: string;
  plannedStart: string | null;
  plannedEnd: string | null;
}

const minutesBetween = (from: string | null, to: string | null): number | null =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 60_000) : null;

export function buildBoard(releaseId: string, entries: WarRoomEntry[], steps: StepPlan[]): Omit<WarRoomBoard, 'imported'> {
  const corrections = entries.filter((e) => e.kind === 'correction');
  const voided = voidedEntries(entries);
  const correctedBy = new Map<string, string[]>();
  for (const [id, by] of correctionsOf(corrections)) correctedBy.set(id, by);
  const live = entries.filter((e) => !voided.has(e.id) && e.kind !== 'correction');
  const ordered = [...live].sort((a, b) => a.at.localeCompare(b.at) || a.recordedAt.localeCompare(b.recordedAt));

  const nodes = new Map<string, { node: string; status: WarRoomBoard['nodes'][number]['status']; at: string }>();
  const started = new Map<string, string>();
  const finished = new Map<string, string>();
  const approved = new Set<string>();
  const haltBreaches: WarRoomBoard['haltBreaches'] = [];
  const rollbacks: WarRoomBoard['rollbacks'] = [];
  for (const entry of ordered) {
    const body = entry.body;
    switch (entry.kind) {
      case 'node-status':
        nodes.set(String(body.node), { node: String(body.node), status: body.status as WarRoomBoard['nodes'][number]['status'], at: entry.at });
        break;
      case 'step-started':
        if (!started.has(String(body.stepId))) started.set(String(body.stepId), entry.at);
        break;
      case 'step-finished':
        finished.set(String(body.stepId), entry.at);
        break;
      case 'change-approved':
        approved.add(String(body.changeEntryId));
        break;
      case 'halt-check':
        if (Number(body.observedPercent) > Number(body.thresholdPercent)) {
          haltBreaches.push({ entryId: entry.id, label: String(body.label), observedPercent: Number(body.observedPercent), thresholdPercent: Number(body.thresholdPercent), decision: String(body.decision) });
        }
        break;
      case 'rollback-started':
        rollbacks.push({ mode: String(body.mode), startedAt: entry.at, finishedAt: null, minutes: null, rtoTargetMinutes: null, rtoMet: null, outcome: null });
        break;
      case 'rollback-finished': {
        const open = [...rollbacks].reverse().find((r) => r.finishedAt === null);
        if (open) {
          open.finishedAt = entry.at;
          open.minutes = minutesBetween(open.startedAt, entry.at);
          open.rtoTargetMinutes = Number(body.rtoTargetMinutes);
          open.outcome = String(body.outcome);
          // Judged on the exact duration: 30 min 29 s does not meet a 30-minute objective.
          open.rtoMet = body.outcome === 'recovered' && Date.parse(entry.at) - Date.parse(open.startedAt) <= open.rtoTargetMinutes * 60_000;
        }
        break;
      }
      default:
        break;
    }
  }
  return {
    releaseId,
    entries: entries.map((e) => ({ ...e, voided: voided.has(e.id), correctedBy: correctedBy.get(e.id) ?? [] })),
    nodes: [...nodes.values()].sort((a, b) => a.node.localeCompare(b.node)),
    steps: steps.map((step) => {
      const actualStart = started.get(step.id) ?? null;
      const actualEnd = finished.get(step.id) ?? null;
      return {
        stepId: step.id,
        title: step.title,
        plannedStart: step.plannedStart,
        plannedEnd: step.plannedEnd,
        actualStart,
        actualEnd,
        startVarianceMinutes: minutesBetween(step.plannedStart, actualStart),
        endVarianceMinutes: minutesBetween(step.plannedEnd, actualEnd),
      };
    }),
    pendingChanges: ordered
      .filter((e) => e.kind === 'on-the-fly-change' && !approved.has(e.id))
      .map((e) => ({ entryId: e.id, text: String(e.body.text), at: e.at })),
    haltBreaches,
    rollbacks,
  };
}

/**
 * The entries a voiding correction takes out of the picture. A correction that is itself voided no
 * longer voids anything, so a mistaken void can be undone by voiding it in turn.
 */
export function voidedEntries(entries: Array<Pick<WarRoomEntry, 'id' | 'kind' | 'body'>>): Set<string> {
  const isVoided = voidedBy(entries.filter((e) => e.kind === 'correction'));
  return new Set(entries.filter((e) => isVoided(e.id)).map((e) => e.id));
}

/** Each corrected entry's corrections, oldest first (as given). */
export function correctionsOf(corrections: Array<Pick<WarRoomEntry, 'id' | 'kind' | 'body'>>): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const c of corrections) by.set(String(c.body.correctsId), [...(by.get(String(c.body.correctsId)) ?? []), c.id]);
  return by;
}

/** Whether an entry is voided, from the log's corrections alone (every other entry is beside the point). */
export function voidedBy(corrections: Array<Pick<WarRoomEntry, 'id' | 'kind' | 'body'>>): (id: string) => boolean {
  const voids = new Map<string, string[]>();
  for (const e of corrections) {
    if (e.kind === 'correction' && e.body.void === true) voids.set(String(e.body.correctsId), [...(voids.get(String(e.body.correctsId)) ?? []), e.id]);
  }
  const memo = new Map<string, boolean>();
  const isVoided = (id: string, depth = 0): boolean => {
    if (depth > 100) return false;
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    const result = (voids.get(id) ?? []).some((voider) => !isVoided(voider, depth + 1));
    memo.set(id, result);
    return result;
  };
  return (id) => isVoided(id);
}
