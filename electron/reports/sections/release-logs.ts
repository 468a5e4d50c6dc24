import { anomalyKindLabels, type LogObservation } from '../../../shared/api/logs';
import type { ReportContext } from '../document';
import { GROUP, headed, heading, table, type Content } from '../layout';

// A release's log anomalies: what the template miner found in its imported logs against earlier
// releases of the same system (new templates, rate jumps, error bursts, gaps), each with the log and
// lines it rests on and what the auditor made of it: still open, raised as a finding, or dismissed and why.

const RED = '#b3261e';
const MAX_ROWS = 150;
const small = (text: string, extra: Record<string, unknown> = {}): Content => ({ text, fontSize: 8.5, ...extra });

export function releaseLogsSection(context: ReportContext, releaseId: string): Content[] {
  const observations = context.data.logObservations?.get(releaseId) ?? [];
  const head = heading('Log anomalies', GROUP, { fontSize: 10.5, margin: [0, 8, 0, 3] });
  if (observations.length === 0) return headed(head, { text: 'No log anomaly was recorded for this release.', style: 'muted' });
  const refs = new Map(context.view.findings.map((f) => [f.id, f.ref]));
  const counts = (state: LogObservation['state']) => observations.filter((o) => o.state === state).length;
  const rows = observations.slice(0, MAX_ROWS).map((o) => [
    small(anomalyKindLabels[o.kind], { bold: true }),
    { stack: [small(o.title, { bold: true }), small(o.detail, { color: '#444444', fontSize: 8 })] },
    small(`${o.fileName || o.importId}, ${o.lines[0] === o.lines[1] ? `line ${o.lines[0]}` : `lines ${o.lines[0]}–${o.lines[1]}`}`),
    stateOf(o, refs),
  ]);
  const more = observations.length - rows.length;
  return headed(head, [
    small(`${observations.length} observation${observations.length === 1 ? '' : 's'}: ${counts('open')} open, ${counts('raised')} raised as finding${counts('raised') === 1 ? '' : 's'}, ${counts('dismissed')} dismissed.`, { margin: [0, 0, 0, 3] }),
    table([60, '*', 110, 110], ['Kind', 'Anomaly', 'Log and lines', 'Decision'], rows),
    more > 0 ? small(`${more} more observations are not listed here.`, { color: '#555555' }) : '',
  ]);
}

function stateOf(o: LogObservation, refs: Map<string, string>): Content {
  if (o.state === 'open') return small('OPEN: not yet raised or dismissed', { color: RED, bold: true });
  if (o.state === 'raised') {
    const ref = o.findingId ? refs.get(o.findingId) : undefined;
    return small(`Raised as finding${ref ? ` ${ref}` : ''} by ${o.decidedBy ?? 'the auditor'}`);
  }
  return small(`Dismissed by ${o.decidedBy ?? 'the auditor'}: ${o.dismissReason}`);
}
