import type { ReportContext } from '../document';
import type { ReleaseComparisons } from '../../config-compare/report-data';
import { GROUP, headed, heading, table, type Content } from '../layout';

// A release's environment parity and drift, side by side: the differences that matter first
// (security, image, version, resources, feature flags), then the rest not ignored; and each drift
// from the desired state, unexplained ones in red. Secrets were masked before they were kept.

const RED = '#b3261e';
const MAX_ROWS = 150;
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 8, ...extra });
const order = ['security', 'image', 'version', 'resources', 'feature-flag', 'none'];
const valueOf = (text: string | null, line: number | null) => small(text === null ? '(not set)' : `${text}${line === null ? '' : `  (line ${line})`}`);

export function releaseConfigSection(context: ReportContext, releaseId: string): Content[] {
  const found = context.data.configComparisons?.get(releaseId);
  if (!found || (found.differences.length === 0 && found.drift.length === 0)) return [];
  return headed(heading('Environment parity and drift', GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] }), [...parity(found), ...drift(found)]);
}

function parity(found: ReleaseComparisons): Content[] {
  if (found.differences.length === 0) return [];
  const sorted = [...found.differences].sort((x, y) => order.indexOf(x.impact) - order.indexOf(y.impact));
  const first = sorted[0];
  const rows = sorted.slice(0, MAX_ROWS).map((d) => [
    small(d.path, { bold: d.impact !== 'none' }),
    valueOf(d.a, d.lineA),
    valueOf(d.b, d.lineB),
    d.impact === 'none' ? small(d.change) : small(`${d.impact.toUpperCase()}: ${d.reason ?? ''}`, { color: RED }),
  ]);
  return [
    small(`Configuration differences not on the audit's ignore list (${found.differences.length})${first ? `: A is ${first.fileA}, B is ${first.fileB}` : ''}.`, { margin: [0, 0, 0, 2] }),
    table(['*', 95, 95, 120], ['Path', 'A', 'B', 'Impact'], rows),
    ...(sorted.length > MAX_ROWS ? [small(`… and ${sorted.length - MAX_ROWS} more, listed in the comparison kept as evidence.`, { italics: true })] : []),
  ];
}

function drift(found: ReleaseComparisons): Content[] {
  if (found.drift.length === 0) return [];
  const rows = found.drift.slice(0, MAX_ROWS).map((c) => [
    { stack: [small(c.resource, { bold: true }), small(c.path)] },
    valueOf(c.desired, c.lineDesired),
    small(c.before ?? '(not captured)'),
    valueOf(c.after, c.lineAfter),
    c.explained ? small(`${c.when}; explained by ${c.explanation ?? ''}`) : small(`${c.when.toUpperCase()}: NOT EXPLAINED`, { color: RED, bold: true }),
  ]);
  return [
    small(`Drift from the desired state (${found.drift.length}, ${found.drift.filter((c) => !c.explained).length} not explained by the runbook or war room).`, { margin: [0, 6, 0, 2] }),
    table(['*', 80, 70, 80, 90], ['Resource and path', 'Desired', 'Before', 'After', 'When'], rows),
  ];
}
