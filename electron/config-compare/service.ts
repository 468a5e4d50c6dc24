import { AppError } from '../../shared/api/errors';
import type { ImportOutcome } from '../../shared/api/import-methods';
import { auditConfigIgnores } from '../db/schema';
import { eq } from 'drizzle-orm';
import { checkImportTarget } from '../imports/store';
import { getRelease } from '../releases/service';
import { getAuditRow } from '../rows';
import { transact, type Core } from '../services';
import { utcNow } from '../ids';
import { warRoomBoard } from '../warroom/service';
import { driftDocument, parityDocument } from './document';
import { driftOf, type DriftChange, type Mentions } from './drift';
import { containerImages } from './images';
import { compareConfigs, type Difference } from './parity';
import { defaultIgnores } from './policy';
import { readConfig } from './read-config';
import { keepComparison, readCompared, type ComparedFile } from './store';

// Comparing configuration files for an audit: its ignore list (the shipped one until the auditor
// sets one), a parity comparison of two environments' files and a drift comparison of desired
// against live state, each kept as an import whose facts the rule pack reads.

export const MAX_IGNORE_PATTERNS = 200;

export interface IgnoreList {
  auditId: string;
  patterns: string[];
  /** False while the audit uses the shipped default list. */
  custom: boolean;
  updatedAt: string | null;
  updatedBy: string;
}

export function ignoreListOf(core: Core, auditId: string): IgnoreList {
  getAuditRow(core, auditId);
  const row = core.db.select().from(auditConfigIgnores).where(eq(auditConfigIgnores.id, auditId)).get();
  return row ? { auditId, patterns: row.patterns, custom: true, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : { auditId, patterns: [...defaultIgnores], custom: false, updatedAt: null, updatedBy: '' };
}

export function setIgnoreList(core: Core, auditId: string, patterns: string[]): IgnoreList {
  const audit = getAuditRow(core, auditId);
  if (audit.status === 'finalised') throw new AppError('LOCKED', 'The audit is finalised: its ignore list can no longer change.');
  const clean = [...new Set(patterns.map((p) => p.trim()).filter((p) => p !== ''))];
  if (clean.length > MAX_IGNORE_PATTERNS) throw new AppError('VALIDATION', `An ignore list holds at most ${MAX_IGNORE_PATTERNS} patterns.`);
  const row = core.db.select().from(auditConfigIgnores).where(eq(auditConfigIgnores.id, auditId)).get();
  const now = utcNow();
  transact(core, (records) => {
    if (row) records.update('audit_config_ignores', auditId, { patterns: clean, updatedAt: now, updatedBy: core.actor });
    else records.insert('audit_config_ignores', { id: auditId, patterns: clean, updatedAt: now, updatedBy: core.actor });
  });
  return ignoreListOf(core, auditId);
}

export interface Target {
  auditId: string;
  releaseId: string | null;
}

export interface ParityOutcome {
  outcome: ImportOutcome;
  a: { name: string; format: string };
  b: { name: string; format: string };
  ignores: string[];
  differences: Difference[];
}

/** Two environments' files compared, kept as evidence (both files and the comparison document) with one fact per difference. */
export async function compareForAudit(core: Core, target: Target, a: ComparedFile, b: ComparedFile): Promise<ParityOutcome> {
  checkImportTarget(core, target);
  const ignores = ignoreListOf(core, target.auditId).patterns;
  const left = readCompared(a);
  const right = readCompared(b);
  const result = compareConfigs(left, right, ignores);
  const document = parityDocument({ a: { ...result.a, sha256: left.sha256 }, b: { ...result.b, sha256: right.sha256 } }, ignores, result.differences);
  const outcome = await keepComparison(core, target, 'config-parity', [{ ...a, sha256: left.sha256 }, { ...b, sha256: right.sha256 }], { name: `parity of ${a.name} and ${b.name}.txt`, text: document.text }, document.facts);
  return { outcome, a: result.a, b: result.b, ignores, differences: result.differences };
}

/** The release's runbook steps and war-room entries, where a change during the window may be explained. */
export function releaseMentions(core: Core, releaseId: string | null): Mentions {
  if (releaseId === null) return { texts: [] };
  const release = getRelease(core, releaseId);
  const steps = release.runbook.map((step) => ({ source: `runbook step "${step.title}"`, text: [step.title, ...Object.entries(step.parameters).flat()].join(' ') }));
  const entries = warRoomBoard(core, releaseId).entries.filter((e) => !e.voided).map((e) => ({ source: `war-room ${e.kind} entry of ${e.at}`, text: JSON.stringify(e.body) }));
  return { texts: [...steps, ...entries] };
}

export interface DriftOutcome {
  outcome: ImportOutcome;
  changes: DriftChange[];
}

export async function driftForAudit(core: Core, target: Target, files: { desired: ComparedFile; before: ComparedFile | null; after: ComparedFile }): Promise<DriftOutcome> {
  checkImportTarget(core, target);
  const desired = readCompared(files.desired);
  const before = files.before ? readCompared(files.before) : null;
  const after = readCompared(files.after);
  const changes = driftOf({ desired, before, after }, releaseMentions(core, target.releaseId));
  const kept = [{ ...files.desired, sha256: desired.sha256 }, ...(files.before && before ? [{ ...files.before, sha256: before.sha256 }] : []), { ...files.after, sha256: after.sha256 }];
  const images = { desired: containerImages(readConfig(desired.name, desired.bytes), 'desired'), after: containerImages(readConfig(after.name, after.bytes), 'live'), desiredFile: desired.name, afterFile: after.name };
  const document = driftDocument(kept, changes, images);
  const outcome = await keepComparison(core, target, 'config-drift', kept, { name: `drift of ${files.desired.name} against ${files.after.name}.txt`, text: document.text }, document.facts);
  return { outcome, changes };
}
