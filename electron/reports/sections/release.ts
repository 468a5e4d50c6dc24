import type { Release } from '../../../shared/api/releases';
import { vulnerabilitySeverities as severityOrder } from '../../../shared/api/imports';
import type { ComponentVulnerability } from '../../../shared/api/vulnerabilities';
import type { ReportContext } from '../document';
import { versionIn } from '../../releases/warnings';
import { GROUP, headed, heading, present, ReportClock, table, type Content } from '../layout';
import { groupHeading, sectionHeading } from './navigation';
import { releaseTestsBlock } from './release-tests';
import { releaseVulnerabilities } from './release-vulnerabilities';
import { releaseConfigSection } from './release-config';
import { releaseLogsSection } from './release-logs';
import { sbomComponents } from './release-components';

// Each release: identifier, window and zone, change tickets with their approval against the window,
// backout plan and risk assessment, runbook and its sign-off, artifact versions and whether they agree,
// third-party components with licence and known vulnerabilities, and the warnings the app raised.
// Every time of a release is in the release's own zone, named beside it.

const label = (text: string): Content => ({ text, style: 'label', fontSize: 9 });
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });
const RED = '#b3261e';

export function releasesSection(context: ReportContext): Content {
  const { data } = context;
  const parts: Content[] = [sectionHeading(context, 'releases', 'Releases')];
  if (data.releases.length === 0) return [...parts, { text: 'No release was recorded for this audit.', style: 'muted' }];
  for (const release of data.releases) parts.push(...releaseBlock(context, release));
  return parts;
}

function releaseBlock(context: ReportContext, r: Release): Content[] {
  const clock = new ReportClock(r.timeZone);
  const window = r.windowStart
    ? { text: present([clock.at(r.windowStart), ' to ', r.windowEnd ? clock.at(r.windowEnd) : 'no end recorded']) }
    : `No deployment window recorded (zone ${r.timeZone})`;
  return present([
    ...headed(groupHeading(context, { id: `release-${r.id}`, title: `${r.identifier}${r.emergency ? ' (emergency release)' : ''}`, parentId: 'releases' }), table([130, '*'], null, [
      [label('System and services'), small(`${r.system || '—'}${r.services.length ? `: ${r.services.join(', ')}` : ''}`)],
      [label('Environments'), small(r.environments.join(', ') || '—')],
      [label('Risk class'), small(r.riskClass)],
      [label('Window'), { ...(typeof window === 'string' ? { text: window } : window), fontSize: 9 }],
      [label('Backout plan'), presence(r.backoutPlan)],
      [label('Risk assessment'), presence(r.riskAssessment)],
    ])),
    ...headed(subheading('Change tickets'), tickets(r, clock)),
    ...headed(subheading('Runbook'), runbook(r, clock)),
    ...headed(subheading('Artifact versions'), artifacts(r)),
    ...headed(subheading('Third-party components'), components(r, context.data.vulnerabilities?.get(r.id) ?? [])),
    ...releaseTestsBlock(r, context.data.tests.get(r.id), context.data.versions.get(r.id)),
    ...releaseVulnerabilities(context, r.id),
    ...releaseConfigSection(context, r.id),
    ...releaseLogsSection(context, r.id),
    ...headed(subheading('SBOM components and licences'), sbomComponents(context.data.sbom?.get(r.id))),
    ...headed(
      subheading('Warnings'),
      r.warnings.length === 0
        ? { text: 'The app raised no warning on this release.', style: 'muted' }
        : { ul: r.warnings.map((w) => ({ text: w.message, color: RED, fontSize: 9 })), margin: [0, 0, 0, 4] },
    ),
  ]);
}

const subheading = (text: string): Content => heading(text, GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] });

function presence(text: string): Content {
  if (!text.trim()) return small('MISSING: none recorded', { color: RED, bold: true });
  const shown = text.length > 700 ? `${text.slice(0, 700)}…` : text;
  return { stack: [small('Present', { bold: true }), small(shown, { color: '#333333' })] };
}

function tickets(r: Release, clock: ReportClock): Content {
  if (r.tickets.length === 0) return { text: 'MISSING: no change ticket is linked to this release.', color: RED, fontSize: 9 };
  return table(
    [70, '*', 70, 130, 80],
    ['Ticket', 'Title', 'Approval', 'Approved', 'Against the window'],
    r.tickets.map((t) => {
      const judged =
        t.approvalStatus !== 'approved'
          ? { text: `NOT APPROVED (${t.approvalStatus})`, color: RED, bold: true }
          : !t.approvedAt
            ? { text: 'approval time MISSING', color: RED, bold: true }
            : r.windowStart && t.approvedAt > r.windowStart
              ? { text: 'LATE: after the window opened', color: RED, bold: true }
              : r.windowStart
                ? { text: 'before the window' }
                : { text: 'no window to judge against' };
      return [
        small(t.reference, { bold: true }),
        small(t.title || '—'),
        small(t.approvalStatus),
        t.approvedAt || t.approvedBy ? { stack: present([small(t.approvedBy || '—'), t.approvedAt ? clock.at(t.approvedAt, { fontSize: 8 }) : '']) } : small('—'),
        { ...judged, fontSize: 9 },
      ];
    }),
  );
}

function runbook(r: Release, clock: ReportClock): Content {
  const signed = r.runbookSignedBy
    ? { text: present([`Signed off by ${r.runbookSignedBy}`, r.runbookSignedAt ? ' on ' : '', r.runbookSignedAt ? clock.at(r.runbookSignedAt) : '', '.']), fontSize: 9, margin: [0, 0, 0, 3] }
    : { text: 'The runbook is NOT signed off.', color: RED, bold: true, fontSize: 9, margin: [0, 0, 0, 3] };
  if (r.runbook.length === 0) return [{ text: 'No runbook steps were recorded.', style: 'muted' }, signed];
  return [
    signed,
    table(
      [18, '*', 122, 122, 70],
      ['#', 'Step', 'Planned start', 'Planned end', 'Owner'],
      r.runbook.map((s, i) => [
        small(String(i + 1)),
        small(s.title),
        s.plannedStart ? clock.at(s.plannedStart, { fontSize: 8 }) : small('—'),
        s.plannedEnd ? clock.at(s.plannedEnd, { fontSize: 8 }) : small('—'),
        small(s.owner || '—'),
      ]),
    ),
  ];
}

function artifacts(r: Release): Content {
  const labelled = [
    ['Source tag', r.sourceTag],
    ['Build', r.buildNumber],
    ['Deployment manifest', r.manifestVersion],
  ] as const;
  const versions = new Set(labelled.map(([, l]) => versionIn(l)).filter((v) => v !== null));
  const missing = labelled.filter(([, l]) => !l).map(([n]) => n.toLowerCase());
  const verdict =
    versions.size > 1
      ? { text: `MISMATCH: the artifact versions disagree (${[...versions].join(' vs ')}).`, color: RED, bold: true }
      : versions.size === 1
        ? { text: `Consistent: every labelled artifact is version ${[...versions][0]}${missing.length ? `; no ${missing.join(', ')} recorded` : ''}.` }
        : { text: 'No artifact versions were recorded.', color: '#555555' };
  return [table([130, '*'], null, labelled.map(([n, l]) => [label(n), small(l || '—')])), { ...verdict, fontSize: 9, margin: [0, 2, 0, 0] }];
}

function components(r: Release, known: ComponentVulnerability[]): Content {
  if (r.components.length === 0) return { text: 'No third-party components were recorded for this release.', style: 'muted' };
  // A component an SBOM listed is told by what the SBOM, VEX documents and the OSV match say of it (the rows below, under "Known vulnerabilities").
  const ofImported = (name: string, version: string): Content => {
    const rows = known.filter((k) => k.component.name === name && (k.component.version ?? '') === version);
    if (rows.length === 0) return small('none in the SBOM, VEX or OSV match');
    const worst = severityOrder.find((s) => rows.some((k) => k.severity === s)) ?? 'unknown';
    return small(`${rows.length} known, worst ${worst}`, worst === 'critical' || worst === 'high' ? { color: RED, bold: true } : {});
  };
  return table(
    ['*', 70, 90, 90],
    ['Component', 'Version', 'Licence', 'Vulnerabilities'],
    r.components.map((c) => [
      { stack: present([small(c.name, { bold: true }), c.notes ? small(c.notes, { color: '#444444', fontSize: 8 }) : '']) },
      small(c.version || '—'),
      small(c.licence || 'not recorded', c.licence ? {} : { color: RED }),
      c.importedFrom
        ? ofImported(c.name, c.version)
        : c.vulnerabilityStatus === 'known' ? small('KNOWN', { color: RED, bold: true }) : small(c.vulnerabilityStatus === 'none-known' ? 'none known' : 'unknown'),
    ]),
  );
}
