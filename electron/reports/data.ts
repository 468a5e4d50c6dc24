import type { Audit } from '../../shared/api/audits';
import type { ChecklistResult } from '../../shared/api/checklist';
import type { Evidence } from '../../shared/api/evidence';
import type { Finding } from '../../shared/api/findings';
import type { Interview, InterviewNote } from '../../shared/api/interviews';
import { frameworkIds, type FrameworkId } from '../../shared/api/library';
import type { AuditPlan, RuleEvaluation } from '../../shared/api/plans';
import type { VersionTable } from '../../shared/api/release-versions';
import type { LogObservation } from '../../shared/api/logs';
import type { ReleaseComponents } from '../../shared/api/licences';
import type { Release } from '../../shared/api/releases';
import type { ReleaseTests } from '../../shared/api/testing';
import type { TemplateItem } from '../../shared/api/templates';
import type { WarRoomBoard } from '../../shared/api/warroom';
import { getAudit } from '../audits/service';
import { listResults } from '../checklist/service';
import { comparisonsByRelease, type ReleaseComparisons } from '../config-compare/report-data';
import { pinnedVersion } from '../checklist/pinned';
import { evaluateRules } from '../escalation/service';
import { listEvidence } from '../evidence/service';
import { listFindings } from '../findings/service';
import { listInterviewNotes, listInterviews } from '../interviews/service';
import { loadLibrary } from '../library/library';
import { getPlan } from '../plans/service';
import { releaseComponents } from '../licences/components';
import { listReleases } from '../releases/service';
import { releaseVersions } from '../releases/versions';
import { releaseTests } from '../testing/release-tests';
import { listObservations } from '../logs/service';
import type { Core } from '../services';
import { warRoomBoard } from '../warroom/service';
import { localTimeZone } from '../../shared/time';
import type { ComponentVulnerability } from '../../shared/api/vulnerabilities';
import { releaseVulnerabilityRows } from '../vulnerabilities/service';
import { maturityForReport } from '../maturity/assessment';
import type { MaturityAssessment, MaturityHistory } from '../../shared/api/maturity';
import type { RetrospectiveView } from '../../shared/api/retrospectives';
import type { CalibrationSession, TrainingPlan } from '../../shared/api/training';
import { retrospectiveView } from '../retrospectives/service';
import { listCalibrationSessions, trainingPlan } from '../training/service';
import { reportTrends, type ReportTrends } from './trends-data';

// Everything a report says, read once from the audit as it stands: the plan, every release with its
// war room, the pinned checklist item by item, the interviews, the findings and the evidence behind them.

export interface ReportData {
  audit: Audit;
  plan: AuditPlan;
  releases: Release[];
  findings: Array<Finding & { evidence: Evidence[] }>;
  evidence: Evidence[];
  escalation: RuleEvaluation[];
  checklist: { pass: number; fail: number; notApplicable: number; notTested: number };
  /** The items of the pinned template version, in order (none when no version is pinned). */
  items: TemplateItem[];
  /** Every recorded result, with the evidence linked to it. */
  results: Array<ChecklistResult & { evidence: Evidence[] }>;
  /** The library's framework titles and, per control, the framework requirements it maps to. */
  frameworks: Array<{ id: FrameworkId; title: string }>;
  mappings: Map<string, Record<FrameworkId, string[]>>;
  /** The library's title of each release stage. */
  stageTitles: Map<string, string>;
  /** The war-room board of each release, by release id. */
  boards: Map<string, WarRoomBoard>;
  /** The war-room entries' evidence, by entry id. */
  entryEvidence: Map<string, Evidence[]>;
  interviews: Array<Interview & { noteLog: InterviewNote[]; evidence: Evidence[] }>;
  /** The pinned template's tolerated deviation for emergencies, which emergency releases are judged against. */
  emergencyPolicy: { title: string; allows: string; postFactoApprovalHours: number | null } | null;
  ledgerHeads: Array<{ deviceId: string; seq: number; hash: string }>;
  /** The zone every time in the report is shown in, named beside each: the computer's, as on the screens. */
  timeZone: string;
  /** Each release's tests and scans, and what each source says its version is, by release id. */
  tests: Map<string, ReleaseTests>;
  versions: Map<string, VersionTable>;
  /** Each release's (component, vulnerability) rows, worst first, by release id. */
  vulnerabilities?: Map<string, ComponentVulnerability[]>;
  /** Each release's configuration parity differences not ignored, and its drift, by release id. */
  configComparisons?: Map<string, ReleaseComparisons>;
  /** Each release's newest SBOM components with their licence verdicts, by release id. */
  sbom?: Map<string, ReleaseComponents>;
  /** Each maturity model the audit assessed: the assessment and the levels of the cycles up to this one. */
  maturity?: Array<{ assessment: MaturityAssessment; history: MaturityHistory }>;
  /** Each release's log observations (anomalies found in its logs), open ones first, by release id. */
  logObservations?: Map<string, LogObservation[]>;
  /** The cycle's retrospectives and action items, with the earlier cycles' actions still open. */
  retrospective?: RetrospectiveView;
  /** The audit's training plan: its findings' training needs per role. */
  training?: TrainingPlan;
  /** Every calibration session: their agreed interpretations guide the checklist items of their controls. */
  calibrations?: CalibrationSession[];
  /** The improvement loop's charts for the cycles up to this audit, drawn once (sections/trends.ts). */
  trends?: ReportTrends;
}

export function gatherReportData(core: Core, auditId: string): ReportData {
  const audit = getAudit(core, auditId);
  const evidence = listEvidence(core, auditId);
  const linked = linkedEvidence(core, auditId, evidence);
  const findings = listFindings(core, auditId).map((f) => ({ ...f, evidence: linked('finding', f.id) }));
  const counts = core.sqlite.prepare('SELECT result, count(*) AS n FROM checklist_results WHERE audit_id = ? GROUP BY result').all(auditId) as Array<{ result: string; n: number }>;
  const count = (result: string) => counts.find((c) => c.result === result)?.n ?? 0;
  const version = audit.pinnedTemplate ? pinnedVersion(core, audit.pinnedTemplate.versionId) : null;
  const library = loadLibrary(core.appRoot);
  const releases = listReleases(core, auditId);
  const boards = new Map(releases.map((r) => [r.id, warRoomBoard(core, r.id)]));
  const deviation = version?.content.deviations.find((d) => d.appliesTo === 'emergency') ?? null;
  return {
    audit,
    plan: getPlan(core, auditId),
    releases,
    sbom: new Map(releases.map((r) => [r.id, releaseComponents(core, r.id)])),
    findings,
    evidence,
    escalation: evaluateRules(core, auditId),
    checklist: { pass: count('pass'), fail: count('fail'), notApplicable: count('not-applicable'), notTested: count('not-tested') },
    items: version?.content.items ?? [],
    results: listResults(core, auditId).map((r) => ({ ...r, evidence: linked('checklist-result', r.id) })),
    frameworks: frameworkIds.map((id) => ({ id, title: library.frameworks.find((f) => f.framework === id)?.title ?? id })),
    mappings: new Map(library.controls.controls.map((c) => [c.id, c.mappings])),
    stageTitles: new Map(library.controls.stages.map((s) => [s.id, s.title])),
    boards,
    entryEvidence: new Map([...boards.values()].flatMap((b) => b.entries.map((e) => [e.id, linked('warroom-entry', e.id)] as const)).filter(([, list]) => list.length > 0)),
    interviews: listInterviews(core, auditId).map((i) => ({ ...i, noteLog: listInterviewNotes(core, i.id), evidence: linked('interview', i.id) })),
    emergencyPolicy: deviation ? { title: deviation.title, allows: deviation.allows, postFactoApprovalHours: deviation.postFactoApprovalHours } : null,
    ledgerHeads: core.sqlite.prepare('SELECT device_id AS deviceId, seq, hash FROM ledger_heads ORDER BY device_id').all() as ReportData['ledgerHeads'],
    timeZone: localTimeZone(),
    tests: new Map(releases.map((r) => [r.id, releaseTests(core, r.id)])),
    versions: new Map(releases.map((r) => [r.id, releaseVersions(core, r.id)])),
    vulnerabilities: new Map(releases.map((r) => [r.id, releaseVulnerabilityRows(core, r.id)])),
    configComparisons: comparisonsByRelease(core, auditId),
    maturity: maturityForReport(core, auditId),
    logObservations: new Map(releases.map((r) => [r.id, listObservations(core, r.id)])),
    retrospective: retrospectiveView(core, auditId),
    training: trainingPlan(core, auditId),
    calibrations: listCalibrationSessions(core),
    trends: reportTrends(core, audit),
  };
}

/** The evidence linked to each record of the audit, read in one query, oldest capture first. */
function linkedEvidence(core: Core, auditId: string, evidence: Evidence[]): (targetType: string, targetId: string) => Evidence[] {
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const links = core.sqlite
    .prepare('SELECT l.target_type AS type, l.target_id AS target, l.evidence_id AS evidenceId FROM evidence_links l JOIN evidence e ON e.id = l.evidence_id WHERE e.audit_id = ?')
    .all(auditId) as Array<{ type: string; target: string; evidenceId: string }>;
  const byTarget = new Map<string, Evidence[]>();
  for (const link of links) {
    const e = byId.get(link.evidenceId);
    if (!e) continue;
    const key = `${link.type}:${link.target}`;
    const list = byTarget.get(key) ?? [];
    if (!list.some((x) => x.id === e.id)) list.push(e);
    byTarget.set(key, list);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
  return (targetType, targetId) => byTarget.get(`${targetType}:${targetId}`) ?? [];
}
