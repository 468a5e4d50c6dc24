import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import type { AnomalyRun, AnomalySettings, LogObservation } from '../../shared/api/logs';
import type { Severity } from '../../shared/enums';
import { evidence, imports, logObservations, logTemplateCache, releases } from '../db/schema';
import { linkEvidence } from '../evidence/service';
import type { Progress } from '../jobs/jobs';
import { createFinding } from '../findings/service';
import { newId, utcNow } from '../ids';
import { getAuditRow, rowOrNotFound } from '../rows';
import { transact, type Core } from '../services';
import { compareWithHistory, eventAnomalies, poolHistory, scanLog, type Anomaly, type ScannedLog } from './anomalies';

// A release's log anomalies: its imported logs mined (once each: the templates are cached per
// import), compared with the logs of earlier releases of the same system in any audit on this
// laptop, and each anomaly recorded once as an observation the auditor raises or dismisses.

/** Import kinds that are text logs of a run (the structured ones carry facts, not log lines). */
export const logImportKinds = ['jenkins', 'github-actions', 'gitlab-ci', 'azure-devops', 'ansible'];

type ReleaseRow = typeof releases.$inferSelect;
type ObservationRow = typeof logObservations.$inferSelect;

/**
 * The system a release belongs to: its System field; when that is empty, its identifier up to the
 * first digit ("payments-2026.11" → "payments"), which is how teams number releases of one system.
 */
export function systemOf(release: Pick<ReleaseRow, 'system' | 'identifier'>): { system: string; from: AnomalyRun['systemFrom'] } {
  if (release.system.trim() !== '') return { system: release.system.trim().toLowerCase(), from: 'system' };
  const prefix = release.identifier.replace(/\d.*$/s, '').replace(/[\s._\-/v]+$/i, '').trim().toLowerCase();
  return { system: prefix || release.identifier.trim().toLowerCase(), from: 'identifier-prefix' };
}

const when = (r: ReleaseRow) => r.windowStart ?? r.createdAt;

/** Releases of the same system before this one (by window start, else when they were recorded), in any audit. */
function earlierReleasesOf(core: Core, release: ReleaseRow): ReleaseRow[] {
  const { system } = systemOf(release);
  return core.db.select().from(releases).all().filter((r) => r.id !== release.id && systemOf(r).system === system && when(r) < when(release));
}

const settingsKey = (s: AnomalySettings) => `v1:${s.burstLines}:${s.burstSeconds}:${s.gapSeconds}`;

/** One import's scan, from the cache or mined from its vault file now (and cached). */
async function scanned(core: Core, row: typeof imports.$inferSelect, settings: AnomalySettings): Promise<{ log: ScannedLog; cached: boolean }> {
  const key = settingsKey(settings);
  const hit = core.db.select().from(logTemplateCache).where(eq(logTemplateCache.importId, row.id)).get();
  if (hit && hit.settingsKey === key) return { log: { format: hit.format, lines: hit.lines, templates: hit.templates as ScannedLog['templates'], events: hit.events as ScannedLog['events'] }, cached: true };
  const log = await scanLog(core.vault.objectPath(row.sha256), settings).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('INTEGRITY', `The vault no longer holds the file of import ${row.id}: run \`release-audit verify\`.`);
    throw error;
  });
  const values = { settingsKey: key, format: log.format, lines: log.lines, templates: log.templates, events: log.events, minedAt: utcNow() };
  core.db.insert(logTemplateCache).values({ importId: row.id, ...values }).onConflictDoUpdate({ target: logTemplateCache.importId, set: values }).run();
  return { log, cached: false };
}

function logImportsOf(core: Core, releaseIds: string[]) {
  if (releaseIds.length === 0) return [];
  return core.db.select().from(imports).where(and(inArray(imports.releaseId, releaseIds), inArray(imports.kind, logImportKinds))).all();
}

function toObservation(row: ObservationRow, names: Map<string, string>): LogObservation {
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId,
    importId: row.importId,
    fileName: names.get(row.importId) ?? '',
    kind: row.kind as LogObservation['kind'],
    title: row.title,
    detail: row.detail,
    lines: [row.lineFrom, row.lineTo],
    state: row.state as LogObservation['state'],
    findingId: row.findingId,
    dismissReason: row.dismissReason,
    notedAt: row.notedAt,
    notedBy: row.notedBy,
    decidedAt: row.decidedAt,
    decidedBy: row.decidedBy,
  };
}

function fileNames(core: Core, importIds: string[]): Map<string, string> {
  if (importIds.length === 0) return new Map();
  const rows = core.db.select({ id: imports.id, name: evidence.originalName }).from(imports).innerJoin(evidence, eq(evidence.id, imports.evidenceId)).where(inArray(imports.id, importIds)).all();
  return new Map(rows.map((r) => [r.id, r.name]));
}

const order = { open: 0, raised: 1, dismissed: 2 } as Record<string, number>;

export function listObservations(core: Core, releaseId: string): LogObservation[] {
  rowOrNotFound(core, 'releases', releaseId, 'release');
  const rows = core.db.select().from(logObservations).where(eq(logObservations.releaseId, releaseId)).all();
  rows.sort((a, b) => (order[a.state] ?? 3) - (order[b.state] ?? 3) || a.importId.localeCompare(b.importId) || a.lineFrom - b.lineFrom || a.kind.localeCompare(b.kind));
  const names = fileNames(core, [...new Set(rows.map((r) => r.importId))]);
  return rows.map((row) => toObservation(row, names));
}

function refuseFinalised(core: Core, auditId: string): void {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', `The audit "${audit.name}" is finalised; its log observations can no longer change.`);
}

const subjectKey = (importId: string, a: Anomaly) => `${a.kind}:${importId}:${createHash('sha256').update(a.subject).digest('hex').slice(0, 32)}`;

/** How the job follows the work (electron/logs/detect-job.ts): progress after each log, and a stop between logs. */
export interface DetectOptions {
  progress?: Progress;
  signal?: AbortSignal;
}

export async function detectAnomalies(core: Core, input: { releaseId: string; settings: AnomalySettings }, options: DetectOptions = {}): Promise<AnomalyRun> {
  const release = rowOrNotFound(core, 'releases', input.releaseId, 'release') as ReleaseRow;
  refuseFinalised(core, release.auditId);
  const { system, from } = systemOf(release);
  const earlier = earlierReleasesOf(core, release);
  let mined = 0;
  let fromCache = 0;
  const historyRows = logImportsOf(core, earlier.map((r) => r.id));
  const ownRows = logImportsOf(core, [release.id]);
  const total = historyRows.length + ownRows.length;
  const stopIfCancelled = () => {
    if (options.signal?.aborted) throw new AppError('VALIDATION', 'The anomaly search was cancelled; no observation was recorded.');
  };
  const scan = async (row: typeof imports.$inferSelect, phase: string) => {
    stopIfCancelled();
    const result = await scanned(core, row, input.settings);
    if (result.cached) fromCache += 1;
    else mined += 1;
    options.progress?.(phase, (0.95 * (mined + fromCache)) / Math.max(1, total), { done: mined + fromCache, total });
    return result.log;
  };
  const history: ScannedLog[] = [];
  for (const row of historyRows) history.push(await scan(row, 'Mining the logs of earlier releases'));
  const pooled = poolHistory(history);
  const found: Array<{ importId: string; anomaly: Anomaly }> = [];
  for (const row of ownRows) {
    const log = await scan(row, "Mining this release's logs");
    for (const anomaly of [...compareWithHistory(log, pooled, input.settings), ...eventAnomalies(log, input.settings)]) found.push({ importId: row.id, anomaly });
  }
  stopIfCancelled();
  options.progress?.('Recording the observations', 0.97);
  const known = new Set(core.db.select({ key: logObservations.subjectKey }).from(logObservations).where(eq(logObservations.releaseId, release.id)).all().map((r) => r.key));
  const fresh = found.filter(({ importId, anomaly }) => !known.has(subjectKey(importId, anomaly)));
  if (fresh.length > 0) {
    const now = utcNow();
    transact(core, (records) => {
      for (const { importId, anomaly } of fresh) {
        const key = subjectKey(importId, anomaly);
        if (known.has(key)) continue;
        known.add(key);
        records.insert('log_observations', {
          id: newId(),
          auditId: release.auditId,
          releaseId: release.id,
          importId,
          kind: anomaly.kind,
          subjectKey: key,
          title: anomaly.title,
          detail: anomaly.detail,
          lineFrom: anomaly.lines[0],
          lineTo: anomaly.lines[1],
          state: 'open',
          findingId: null,
          dismissReason: '',
          notedAt: now,
          notedBy: core.actor,
          decidedAt: null,
          decidedBy: null,
        });
      }
    });
  }
  return {
    system,
    systemFrom: from,
    earlierReleases: earlier.map((r) => ({ id: r.id, identifier: r.identifier, auditId: r.auditId })),
    logsMined: mined,
    logsFromCache: fromCache,
    recorded: fresh.length,
    observations: listObservations(core, release.id),
  };
}

function openObservation(core: Core, id: string): ObservationRow {
  const row = rowOrNotFound(core, 'log_observations', id, 'log observation') as ObservationRow;
  refuseFinalised(core, row.auditId);
  if (row.state !== 'open') throw new AppError('CONFLICT', `This log observation was already ${row.state}${row.decidedBy ? ` by ${row.decidedBy}` : ''}.`);
  return row;
}

const getObservation = (core: Core, row: ObservationRow) => toObservation(rowOrNotFound(core, 'log_observations', row.id, 'log observation') as ObservationRow, fileNames(core, [row.importId]));

/** Raises an observation as a finding (in draft) on its release, citing the import's evidence and its lines. */
export function raiseObservation(core: Core, input: { id: string; severity: Severity }): { observation: LogObservation; findingId: string } {
  const row = openObservation(core, input.id);
  const source = core.db.select({ evidenceId: imports.evidenceId }).from(imports).where(eq(imports.id, row.importId)).get();
  if (!source) throw new AppError('INTEGRITY', `The import ${row.importId} of this observation is missing.`);
  const name = fileNames(core, [row.importId]).get(row.importId) ?? row.importId;
  const range = row.lineFrom === row.lineTo ? `line ${row.lineFrom}` : `lines ${row.lineFrom}–${row.lineTo}`;
  const findingId = transact(core, (records) => {
    const finding = createFinding(core, {
      auditId: row.auditId,
      title: row.title.slice(0, 200),
      severity: input.severity,
      criteria: 'Deployment logs should show the run behaving as earlier releases of the system did, or the difference should be explained.',
      condition: `${row.detail}\n\nSeen in ${name}, ${range} (import ${row.importId}).\nRaised from a log observation (${row.kind}).`,
    });
    records.update('findings', finding.id, { releaseId: row.releaseId });
    linkEvidence(core, source.evidenceId, { targetType: 'finding', targetId: finding.id });
    records.update('log_observations', row.id, { state: 'raised', findingId: finding.id, decidedAt: utcNow(), decidedBy: core.actor });
    return finding.id;
  });
  return { observation: getObservation(core, row), findingId };
}

export function dismissObservation(core: Core, input: { id: string; reason: string }): LogObservation {
  const row = openObservation(core, input.id);
  transact(core, (records) => records.update('log_observations', row.id, { state: 'dismissed', dismissReason: input.reason, decidedAt: utcNow(), decidedBy: core.actor }));
  return getObservation(core, row);
}
