import { useState } from 'react';
import type { Release } from '../../../../shared/api/releases';
import { signOffDecisionLabels, signOffDecisions, type ReleaseTests } from '../../../../shared/api/testing';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { plainError } from '../../components/plainError';
import { VirtualList } from '../../components/VirtualList';

// A release's test reports: totals per kind of test (the audit's mapping), every failing test with
// its message, and the QA sign-off of each report (who, role, when, decision, note).

type Report = ReleaseTests['reports'][number];
type Failure = ReleaseTests['failures'][number];

export function TestsPanel({ release, tests, readOnly, onSigned }: { release: Release; tests: ReleaseTests; readOnly: boolean; onSigned: () => void }) {
  if (tests.reports.length === 0) {
    return (
      <EmptyState title="No test reports">
        <p>Import a JUnit XML report (Surefire, Gradle, jest-junit, pytest…) on the Imports tab: its totals, failures and sign-off appear here.</p>
      </EmptyState>
    );
  }
  return (
    <section className="panel" aria-label="Tests">
      <h2>Tests</h2>
      <table className="data-table" aria-label="Tests per kind">
        <thead>
          <tr><th>Kind</th><th>Suites</th><th>Tests</th><th>Failures</th><th>Errors</th><th>Skipped</th></tr>
        </thead>
        <tbody>
          {tests.kinds.map((k) => (
            <tr key={k.kind} className={k.failures + k.errors > 0 ? 'highlight' : undefined}>
              <td>{k.kind}</td><td>{k.suites}</td><td>{k.tests}</td><td>{k.failures}</td><td>{k.errors}</td><td>{k.skipped}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Failing tests ({tests.failures.length + tests.failuresLeftOut})</h3>
      {tests.failures.length === 0 ? (
        <p className="muted">Every test passed or was skipped.</p>
      ) : (
        <VirtualList<Failure>
          rows={tests.failures}
          rowKey={(f) => f.factId}
          estimateSize={56}
          label="Failing tests"
          testId="failing-tests"
          className="failing-tests"
          renderRow={(f) => (
            <div>
              <strong>{f.suite} › {f.name}</strong> <span className="badge">{f.kind}</span> <span className="badge badge-breach">{f.outcome}</span>
              <div className="muted">{f.message ?? '(no message)'} · lines {f.lines[0]}–{f.lines[1]}</div>
            </div>
          )}
        />
      )}
      {tests.failuresLeftOut > 0 && <p className="muted">{tests.failuresLeftOut} more failures are not listed here; the Imports tab lists every fact.</p>}
      <h3>QA sign-off</h3>
      {tests.reports.map((r) => (
        <SignOff key={r.importId} report={r} releaseId={release.id} readOnly={readOnly} onSigned={onSigned} />
      ))}
    </section>
  );
}

function SignOff({ report, readOnly, onSigned }: { report: Report; releaseId: string; readOnly: boolean; onSigned: () => void }) {
  const [form, setForm] = useState({ signedBy: '', role: '', signedAt: '', decision: 'accepted' as (typeof signOffDecisions)[number], note: '' });
  const [error, setError] = useState<string | null>(null);
  const signed = report.signOff;
  const submit = async () => {
    setError(null);
    try {
      const at = form.signedAt ? new Date(form.signedAt) : new Date();
      if (Number.isNaN(at.getTime())) throw new Error('Signed at must be a date and time.');
      await api['testing.signOff']({ importId: report.importId, signedBy: form.signedBy, role: form.role, signedAt: at.toISOString(), decision: form.decision, note: form.note });
      onSigned();
    } catch (e) {
      setError(plainError(e instanceof Error ? e.message : String(e)));
    }
  };
  return (
    <div className="sign-off" aria-label={`Sign-off of ${report.name ?? 'the test report'}`}>
      <p>
        <strong>{report.name ?? 'Test report'}</strong>: {report.tests} tests, {report.failures} failures, {report.errors} errors, {report.skipped} skipped.{' '}
        {signed ? (
          <span data-testid="sign-off-state">
            Signed off as {signOffDecisionLabels[signed.decision]} by {signed.signedBy} ({signed.role}) at <time dateTime={signed.signedAt}>{formatLocal(signed.signedAt)}</time>
            {signed.note ? `: ${signed.note}` : '.'}
          </span>
        ) : (
          <span data-testid="sign-off-state" className="muted">Not signed off.</span>
        )}
      </p>
      {!readOnly && (
        <form className="form inline-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <Field label="Signed by"><input value={form.signedBy} onChange={(e) => setForm({ ...form, signedBy: e.target.value })} /></Field>
          <Field label="Role"><input value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} /></Field>
          <Field label="Signed at" hint="Local time; now when left empty."><input type="datetime-local" value={form.signedAt} onChange={(e) => setForm({ ...form, signedAt: e.target.value })} /></Field>
          <Field label="Decision">
            <select value={form.decision} onChange={(e) => setForm({ ...form, decision: e.target.value as (typeof signOffDecisions)[number] })}>
              {signOffDecisions.map((d) => <option key={d} value={d}>{signOffDecisionLabels[d]}</option>)}
            </select>
          </Field>
          <Field label="Note"><input value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} /></Field>
          <button type="submit">Record sign-off</button>
          {error && <p className="field-error" role="alert">{error}</p>}
        </form>
      )}
    </div>
  );
}
