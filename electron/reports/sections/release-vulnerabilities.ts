import type { ComponentVulnerability } from '../../../shared/api/vulnerabilities';
import type { ReportContext } from '../document';
import { GROUP, headed, heading, table, type Content } from '../layout';

// A release's known vulnerabilities, from its SBOM, VEX documents and the offline OSV database: how
// many at each severity and in each VEX state, and every critical or high one that has no decision,
// by component, purl and id.

const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 9, ...extra });
const RED = '#b3261e';
const severities = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];
const stateOf = (v: ComponentVulnerability) => (v.decided ? (v.vexState as string) : v.vexState ? `${v.vexState} (undecided)` : 'no VEX decision');

export function releaseVulnerabilities(context: ReportContext, releaseId: string): Content[] {
  const list = context.data.vulnerabilities?.get(releaseId) ?? [];
  const title = heading('Known vulnerabilities', GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] });
  if (list.length === 0) return headed(title, { text: 'No known vulnerability was recorded for this release (from its SBOM, VEX documents or the OSV database).', style: 'muted' });
  const count = (of: (v: ComponentVulnerability) => string) => list.reduce((m, v) => m.set(of(v), (m.get(of(v)) ?? 0) + 1), new Map<string, number>());
  const bySeverity = count((v) => v.severity);
  const byState = count(stateOf);
  const undecided = list.filter((v) => !v.decided && (v.severity === 'critical' || v.severity === 'high'));
  const counts = table(
    ['*', '*'],
    ['By severity', 'By VEX state'],
    [[
      small(severities.filter((s) => bySeverity.has(s)).map((s) => `${s}: ${bySeverity.get(s)}`).join(', ')),
      small([...byState].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s}: ${n}`).join(', ')),
    ]],
  );
  const open = undecided.length === 0
    ? { text: 'Every critical and high vulnerability has a VEX decision.', fontSize: 9, margin: [0, 4, 0, 0] }
    : [
        { text: `${undecided.length} critical or high vulnerabilit${undecided.length === 1 ? 'y has' : 'ies have'} NO VEX decision:`, color: RED, bold: true, fontSize: 9, margin: [0, 4, 0, 2] },
        table(
          [95, '*', 55, 30, 70],
          ['Vulnerability', 'Component (purl)', 'Severity', 'Score', 'Fixed in'],
          undecided.map((v) => [
            { stack: [small(v.vulnerability, { bold: true }), v.aliases.length ? small(v.aliases.slice(0, 3).join(', '), { fontSize: 7, color: '#444444' }) : ''] },
            { stack: [small(`${v.component.name ?? '—'} ${v.component.version ?? ''}`), small(v.component.purl ?? v.component.ref ?? '—', { fontSize: 7, color: '#444444' })] },
            small(v.severity.toUpperCase(), { color: RED, bold: true }),
            small(v.score === null ? '—' : v.score.toFixed(1)),
            small(v.fixedIn.join(', ') || 'no fix known'),
          ]),
        ),
      ];
  return headed(title, [counts, open].flat() as Content);
}
