import type { ConfigDifference, DriftChange } from '../../../../shared/api/config';

// Differences side by side: path | A | B, an impact badge with its reason, ignored ones greyed.

const impactClass = (impact: string) => (impact === 'security' ? 'badge badge-breach' : impact === 'none' ? 'badge' : 'badge badge-warn');

export function ConfigDiffTable({ differences, names }: { differences: ConfigDifference[]; names: { a: string; b: string } }) {
  return (
    <table className="config-diff" aria-label="Configuration differences">
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">{names.a}</th>
          <th scope="col">{names.b}</th>
          <th scope="col">Impact</th>
        </tr>
      </thead>
      <tbody>
        {differences.map((d) => (
          <tr key={d.path} className={d.ignored ? 'ignored muted' : d.impact === 'none' ? '' : 'impactful'} data-testid="config-difference">
            <td>
              <code>{d.path}</code> <span className="muted">{d.change}</span>
            </td>
            <td>{d.a ?? <span className="muted">not set</span>}{d.lineA !== null && <span className="muted"> · line {d.lineA}</span>}</td>
            <td>{d.b ?? <span className="muted">not set</span>}{d.lineB !== null && <span className="muted"> · line {d.lineB}</span>}</td>
            <td>
              {d.ignored ? (
                <span className="badge">ignored ({d.ignoredBy})</span>
              ) : (
                <>
                  <span className={impactClass(d.impact)}>{d.impact === 'none' ? 'other' : d.impact}</span>
                  {d.reason && <div className="muted">{d.reason}</div>}
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DriftTable({ changes }: { changes: DriftChange[] }) {
  return (
    <table className="config-diff" aria-label="Drift from the desired state">
      <thead>
        <tr>
          <th scope="col">Resource and path</th>
          <th scope="col">Desired</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={`${c.resource} ${c.path}`} className={c.explained ? 'muted' : 'impactful'} data-testid="drift-change">
            <td>
              <strong>{c.resource}</strong> <code>{c.path}</code>
            </td>
            <td>{c.desired ?? <span className="muted">not set</span>}</td>
            <td>{c.before ?? <span className="muted">not captured</span>}</td>
            <td>{c.after ?? <span className="muted">not set</span>}</td>
            <td>{c.explained ? <span className="badge">{c.when}: explained by {c.explanation}</span> : <span className="badge badge-breach">{c.when}: not explained</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
