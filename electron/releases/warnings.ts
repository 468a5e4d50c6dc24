import type { ChangeTicket, ReleaseFields } from '../../shared/api/releases';

// What an auditor must see at once on a release: approvals stamped after the window opened,
// artifact versions that disagree, third-party components with known vulnerabilities.

export interface Warning {
  kind: 'late-approval' | 'unapproved-ticket' | 'version-mismatch' | 'vulnerable-component' | 'no-ticket';
  message: string;
}

type WarningInput = Pick<ReleaseFields, 'windowStart' | 'sourceTag' | 'buildNumber' | 'manifestVersion'> & {
  tickets: Array<Pick<ChangeTicket, 'reference' | 'approvalStatus' | 'approvedAt'>>;
  components: Array<{ name: string; version: string; vulnerabilityStatus: string }>;
};

/** The version inside a tag, build or manifest label: "v1.4.2", "release-1.4.2+812" → "1.4.2". */
export function versionIn(label: string): string | null {
  return /(\d+\.\d+(?:\.\d+)*)/.exec(label)?.[1] ?? null;
}

export function releaseWarnings(release: WarningInput): Warning[] {
  const warnings: Warning[] = [];
  if (release.tickets.length === 0) warnings.push({ kind: 'no-ticket', message: 'No change ticket is linked to this release.' });
  for (const ticket of release.tickets) {
    if (ticket.approvalStatus !== 'approved') {
      warnings.push({ kind: 'unapproved-ticket', message: `${ticket.reference} is ${ticket.approvalStatus}, not approved.` });
    } else if (ticket.approvedAt && release.windowStart && ticket.approvedAt > release.windowStart) {
      warnings.push({
        kind: 'late-approval',
        message: `${ticket.reference} was approved at ${ticket.approvedAt}, after the deployment window opened at ${release.windowStart}.`,
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
