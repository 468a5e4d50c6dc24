import { useEffect, useRef, useState } from 'react';
import type { ExportedFile } from '../../../../shared/api/oscal';
import { api } from '../../api/client';
import { exportDownloadUrl } from '../../api/export-download';
import { cancelJob, followJob } from '../../api/follow-job';
import { ProgressBar } from '../../components/ProgressBar';
import { spreadsheetChoices, type SpreadsheetChoice } from './spreadsheet-exports';
import { docxChoices } from './docx-choices';

// The audit out for other tools: OSCAL assessment results or plan, JSON or YAML, written in the
// background with its progress, then offered as a download (the file goes through the app's export
// route by the id the job gave; the page never names a path).

const choices = [
  { model: 'results', format: 'json', label: 'OSCAL assessment results (JSON)' },
  { model: 'results', format: 'yaml', label: 'OSCAL assessment results (YAML)' },
  { model: 'plan', format: 'json', label: 'OSCAL assessment plan (JSON)' },
  { model: 'plan', format: 'yaml', label: 'OSCAL assessment plan (YAML)' },
  ...docxChoices,
] as const;
type Choice = (typeof choices)[number] | SpreadsheetChoice;

type Phase = { kind: 'idle' } | { kind: 'running'; label: string; stage: string; fraction: number } | { kind: 'done'; label: string; file: ExportedFile } | { kind: 'failed'; message: string };

export function ExportMenu({ auditId }: { auditId: string }) {
  const [open, setOpen] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [bom, setBom] = useState(false);
  const job = useRef<string | null>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const firstItem = useRef<HTMLButtonElement>(null);
  const download = useRef<HTMLAnchorElement>(null);
  const running = phase.kind === 'running';

  useEffect(() => {
    if (open) firstItem.current?.focus();
  }, [open]);
  // The menu item that started the export is gone by now: the focus goes to what it made.
  useEffect(() => {
    if (phase.kind === 'done') download.current?.focus();
  }, [phase]);

  async function start(choice: Choice) {
    setOpen(false);
    setPhase({ kind: 'running', label: choice.label, stage: 'Starting', fraction: 0 });
    try {
      const handle =
        'start' in choice
          ? await choice.start(auditId, { bom })
          : choice.model === 'docx'
            ? await api['docx.startExport']({ auditId, kind: choice.kind })
            : await api['oscal.startExport']({ auditId, model: choice.model, format: choice.format });
      job.current = handle.jobId;
      const file = await followJob(handle, (step) => setPhase({ kind: 'running', label: choice.label, stage: step.phase, fraction: step.fraction }), 'The export could not be written.');
      setPhase({ kind: 'done', label: choice.label, file });
    } catch (error) {
      setPhase({ kind: 'failed', message: (error as Error).message });
    } finally {
      job.current = null;
    }
  }

  return (
    <section className="panel form" aria-labelledby="reports-export">
      <h2 id="reports-export">Export</h2>
      <p className="muted">The audit for other tools: OSCAL 1.1.3 assessment results or assessment plan, for GRC suites and regulators. The signed PDF stays the record.</p>
      <p className="muted">Spreadsheets: the whole audit as one XLSX workbook to filter, or one part as CSV. A CSV text starting with = + - or @ gets a ' before it, so that a spreadsheet shows it instead of running it.</p>
      <label>
        <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Start CSV files with a byte-order mark (for Excel)
      </label>
      <div
        className="menu-anchor"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            setOpen(false);
            menuButton.current?.focus();
          }
        }}
      >
        <button type="button" ref={menuButton} aria-haspopup="menu" aria-expanded={open} disabled={running} onClick={() => setOpen((o) => !o)}>
          Export ▾
        </button>
        {open && (
          <ul role="menu" aria-label="Export formats" className="menu">
            {[...choices, ...spreadsheetChoices].map((choice, i) => (
              <li role="none" key={choice.label}>
                <button type="button" role="menuitem" ref={i === 0 ? firstItem : undefined} onClick={() => void start(choice)}>
                  {choice.label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {phase.kind === 'running' && (
        <div role="status">
          <ProgressBar label={`Exporting ${phase.label}`} fraction={phase.fraction} stage={phase.stage} />
          <button type="button" onClick={() => job.current && void cancelJob(job.current)}>
            Cancel the export
          </button>
        </div>
      )}
      {phase.kind === 'done' && (
        <p className="issued-note" role="status">
          {phase.label} written ({phase.file.bytes.toLocaleString()} bytes).{' '}
          <a ref={download} href={exportDownloadUrl(phase.file.downloadId)} download={phase.file.fileName}>
            Download {phase.file.fileName}
          </a>
        </p>
      )}
      {phase.kind === 'failed' && (
        <p className="status-error" role="alert">
          {phase.message}
        </p>
      )}
    </section>
  );
}
