import { useRef, useState } from 'react';
import type { DatabaseStatus } from '../../../../shared/api/vulnerabilities';
import { api } from '../../api/client';
import { followJob } from '../../api/follow-job';
import { uploadImport } from '../../api/import-upload';
import { plainError } from '../../components/plainError';
import { ProgressBar } from '../../components/ProgressBar';

// The offline OSV database of this computer: what it holds (hash, records, newest record, records
// that could not be read), and a button to replace it with a zip of OSV records, with progress.

type Step = { phase: string; fraction: number } | null;

export function VulnerabilitiesDatabase({ status, onChanged, readOnly }: { status: DatabaseStatus | null; onChanged: () => void; readOnly: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [step, setStep] = useState<Step>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  async function importZip(file: File) {
    setError(null);
    try {
      setStep({ phase: 'Uploading', fraction: 0 });
      const { uploadId } = await uploadImport(file, file.name, (fraction) => setStep({ phase: 'Uploading', fraction: fraction * 0.3 })).done;
      const handle = await api['vulnerabilities.database.import']({ uploadId });
      setJobId(handle.jobId);
      await followJob(handle, (s) => setStep({ phase: s.phase, fraction: 0.3 + s.fraction * 0.7 }), 'The OSV database could not be imported.');
      onChanged();
    } catch (e) {
      setError(plainError(e instanceof Error ? e.message : String(e)));
    } finally {
      setStep(null);
      setJobId(null);
    }
  }

  return (
    <section className="panel vulnerability-database" aria-labelledby="osv-database-title">
      <h3 id="osv-database-title">Offline OSV database</h3>
      {status && !status.present && <p data-testid="osv-status">This computer has no OSV database yet. Import a zip of OSV records (as the OSV project serves each ecosystem&rsquo;s all.zip) to match components against it.</p>}
      {status?.present && (
        <dl className="osv-status" data-testid="osv-status">
          <dt>Records</dt>
          <dd>{status.records.toLocaleString()}{status.withdrawn > 0 ? ` (${status.withdrawn} withdrawn)` : ''}</dd>
          <dt>Newest record</dt>
          <dd>{status.modified ?? '—'}</dd>
          <dt>SHA-256</dt>
          <dd className="hash">{status.sha256}</dd>
          <dt>Source</dt>
          <dd>{status.source} (imported {status.importedAt})</dd>
          <dt>Ecosystems</dt>
          <dd>{status.ecosystems.slice(0, 8).map((e) => `${e.ecosystem} (${e.packages})`).join(', ')}</dd>
          {status.badRecords > 0 && (
            <>
              <dt>Not read</dt>
              <dd>
                {status.badRecords} record{status.badRecords === 1 ? '' : 's'} could not be read
                <ul className="osv-problems">
                  {status.problems.slice(0, 5).map((p) => (
                    <li key={p.name}>{p.name}: {p.reason}</li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      )}
      {!readOnly && (
        <div className="actions">
          <input ref={input} type="file" accept=".zip,application/zip" hidden aria-label="OSV database zip" data-testid="osv-file" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importZip(f); }} />
          <button type="button" disabled={step !== null} onClick={() => input.current?.click()}>
            {status?.present ? 'Replace the database…' : 'Import an OSV database…'}
          </button>
          {jobId && <button type="button" onClick={() => void api['jobs.cancel']({ jobId })}>Cancel</button>}
        </div>
      )}
      {step && <ProgressBar label="OSV database import" fraction={step.fraction} stage={step.phase} />}
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}
