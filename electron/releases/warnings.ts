import type { ChangeTicket, ReleaseFields } from '../../shared/api/releases';
import { formatInZone } from '../../shared/time';

// What an auditor must see at once on a release: approvals stamped after the window opened,
// artifact versions that disagree, third-party components with known vulnerabilities.

export interface Warning {
  kind:
    | 'late-approval'
    | 'unapproved-ticket'
    | 'version-mismatch'
    | 'vulnerable-component'
    | 'no-ticket'
    | 'emergency-justification'
    | 'emergency-approval'
    | 'bypassed-control-overdue'
    | 'imported-differs';
  message: string;
}

/** Hours a bypassed control may stay unremediated after an emergency release. */
export const REMEDIATION_HOURS = 72;
const HOUR = 3_600_000;

/** The pinned template's tolerated deviation for emergencies: the post-facto approval deadline. */
export interface EmergencyPolicy {
  title: string;
  postFactoApprovalHours: number | null;
}

type WarningInput = Pick<ReleaseFields, 'windowStart' | 'sourceTag' | 'buildNumber' | 'manifestVersion'> &
  Partial<Pick<ReleaseFields, 'emergency' | 'emergencyJustification' | 'postFactoApprovedAt' | 'bypassedControls' | 'timeZone'>> & {
    tickets: Array<Pick<ChangeTicket, 'reference' | 'approvalStatus' | 'approvedAt' | 'imported'>>;
    components: Array<{ name: string; version: string; vulnerabilityStatus: string }>;
    policy?: EmergencyPolicy | null;
    now?: number;
  };

/** The version inside a tag, build or manifest label: "v1.4.2", "release-1.4.2+812" → "1.4.2". */
export function versionIn(label: string): string | null {
  return /(\d+\.\d+(?:\.\d+)*)/.exec(label)?.[1] ?? null;
}

export function releaseWarnings(release: WarningInput): Warning[] {
  const warnings: Warning[] = [];
  if (release.emergency) warnings.push(...emergencyWarnings(release));
  if (release.tickets.length === 0) warnings.push({ kind: 'no-ticket', message: 'No change ticket is linked to this release.' });
  for (const ticket of release.tickets) {
    if (ticket.imported && ticket.imported.differs.length > 0) {
      const said = ticket.imported;
      warnings.push({
        kind: 'imported-differs',
        message: `${ticket.reference} differs from the imported change record (${said.source}), which says ${said.approvalStatus}${said.approvedBy ? ` by ${said.approvedBy}` : ''}${said.approvedAt ? ` at ${formatInZone(said.approvedAt, release.timeZone ?? 'UTC')}` : ''}${said.differs.includes('title') ? ` and the title "${said.title}"` : ''}.`,
      });
    }
    if (ticket.approvalStatus !== 'approved') {
      warnings.push({ kind: 'unapproved-ticket', message: `${ticket.reference} is ${ticket.approvalStatus}, not approved.` });
    } else if (!ticket.approvedAt) {
      warnings.push({ kind: 'late-approval', message: `${ticket.reference} is marked approved, but the time of the approval is not recorded.` });
    } else if (ticket.approvedAt && release.windowStart && ticket.approvedAt > release.windowStart) {
      warnings.push({
        kind: 'late-approval',
        message: `${ticket.reference} was approved at ${formatInZone(ticket.approvedAt, release.timeZone ?? 'UTC')}, after the deployment window opened at ${formatInZone(release.windowStart, release.timeZone ?? 'UTC')}.`,
      });
    }
  }
  const labelled = [
    ['source tag', release.sourceTag],
    ['build', release.buildNumber],
    ['deployment manifest', release.manifestVersion],
  ] as const;
  const versions = labelled.map(([name, label]) => ({ name, label, version: versionIn(label) })).filter((v) => v.version !== null);
  if (new Set(versions.map((v) => v.version)).size > 1) {
    warnings.push({
      kind: 'version-mismatch',
      message: `Artifact versions disagree: ${versions.map((v) => `${v.name} ${v.label}`).join(', ')}.`,
    });
  }
  for (const component of release.components) {
    if (component.vulnerabilityStatus === 'known') {
      warnings.push({ kind: 'vulnerable-component', message: `${component.name} ${component.version} has a known vulnerability.` });
    }
  }
  return warnings;
}

function emergencyWarnings(release: WarningInput): Warning[] {
  const warnings: Warning[] = [];
  const now = release.now ?? Date.now();
  if (!release.emergencyJustification?.trim()) {
    warnings.push({ kind: 'emergency-justification', message: 'No justification is recorded for this emergency release.' });
  }
  const hours = release.policy?.postFactoApprovalHours ?? null;
  const opened = release.windowStart ? Date.parse(release.windowStart) : null;
  const deadline = hours !== null && opened !== null ? opened + hours * HOUR : null;
  const policy = hours !== null ? ` ("${release.policy?.title}" allows ${hours} h)` : '';
  if (!release.postFactoApprovedAt) {
    const overdue = deadline !== null && now > deadline;
    warnings.push({
      kind: 'emergency-approval',
      message: overdue
        ? `No post-facto approval, and the deadline has passed${policy}.`
        : `Not yet approved after the fact${deadline !== null ? `; due by ${formatInZone(new Date(deadline).toISOString(), release.timeZone ?? 'UTC')}${policy}` : ''}.`,
    });
  } else if (deadline !== null && Date.parse(release.postFactoApprovedAt) > deadline) {
    const late = Math.round((Date.parse(release.postFactoApprovedAt) - (opened as number)) / HOUR);
    warnings.push({ kind: 'emergency-approval', message: `Approved after the fact ${late} h after the window opened, later than the policy${policy}.` });
  }
  for (const control of release.bypassedControls ?? []) {
    const due = Date.parse(control.bypassedAt) + REMEDIATION_HOURS * HOUR;
    const late = control.remediatedAt ? Date.parse(control.remediatedAt) > due : now > due;
    if (late) {
      warnings.push({
        kind: 'bypassed-control-overdue',
        message: `${control.itemKey} was bypassed at ${formatInZone(control.bypassedAt, release.timeZone ?? 'UTC')} and ${control.remediatedAt ? 'remediated late' : 'is not remediated'}: the limit is ${REMEDIATION_HOURS} hours.`,
      });
    }
  }
  return warnings;
}
