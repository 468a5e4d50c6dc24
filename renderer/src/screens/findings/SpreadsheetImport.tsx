import { useRef, useState } from 'react';
import type { FindingsImportPreview, PreviewRow } from '../../../../shared/api/spreadsheets';
import { api } from '../../api/client';
import { uploadImport } from '../../api/import-upload';
import { DataTable } from '../../components/DataTable';
import { useNotices } from '../../components/Notice';
import { ProgressBar } from '../../components/ProgressBar';

// "Import findings from a spreadsheet": the file goes to the import inbox, the app reads it and
// shows what each row would become, with every error by row and column; nothing is written until
// Confirm, which creates the valid rows as draft findings in one go and says which rows were skipped.

type Step =
  | { kind: 'idle' }
  | { kind: 'uploading'; name: string; fraction: number }
  | { kind: 'preview'; uploadId: string; preview: FindingsImportPreview; busy: boolean }
  | { kind: 'failed'; message: string };

export function SpreadsheetImport({ auditId, onImported }: { auditId: string; onImported: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const push = useNotices((s) => s.push);

  async function read(file: File) {
    setStep({ kind: 'uploading', name: file.name, fraction: 0 });
    try {
      const upload = await uploadImport(file, file.name, (fraction) => setStep({ kind: 'uploading', name: file.name, fraction })).done;
      const preview = await api['spreadsheets.previewFindings']({ auditId, uploadId: upload.uploadId });
      setStep({ kind: 'preview', uploadId: upload.uploadId, preview, busy: false });
    } catch (error) {
      setStep({ kind: 'failed', message: (error as Error).message });
    }
  }

  async function confirm(uploadId: string, preview: FindingsImportPreview) {
    setStep({ kind: 'preview', uploadId, preview, busy: true });
    try {
      const result = await api['spreadsheets.importFindings']({ auditId, uploadId });
      push('success', `Imported ${result.imported} finding(s) from ${preview.fileName} as drafts${result.skipped.length ? `; ${result.skipped.length} row(s) with errors skipped` : ''}.`);
      setStep({ kind: 'idle' });
      onImported();
    } catch (error) {
      setStep({ kind: 'failed', message: (error as Error).message });
    }
  }

  return (
    <section className="panel" aria-labelledby="findings-spreadsheet-import">
      <h2 id="findings-spreadsheet-import">Import findings from a spreadsheet</h2>
      <p className="muted">A CSV (UTF-8) or XLSX with a header row: Title, and any of Severity, Control, Stage, Criteria, Condition, Cause, Effect, Recommendation, Owner, Owner role, Due, Confidential (or the names other spreadsheets use). Nothing is written until you confirm; findings come in as drafts.</p>
      <div className="actions">
        <button type="button" onClick={() => input.current?.click()} disabled={step.kind === 'uploading' || (step.kind === 'preview' && step.busy)}>
          Choose a spreadsheet…
        </button>
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-label="Spreadsheet of findings to import"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void read(file);
        }}
      />
      {step.kind === 'uploading' && (
        <div role="status">
          <ProgressBar label={`Reading ${step.name}`} fraction={step.fraction} stage="Sending the file" />
        </div>
      )}
      {step.kind === 'failed' && (
        <p className="status-error" role="alert">
          {step.message}
        </p>
      )}
      {step.kind === 'preview' && <Preview step={step} onConfirm={() => void confirm(step.uploadId, step.preview)} onCancel={() => setStep({ kind: 'idle' })} />}
    </section>
  );
}

function Preview({ step, onConfirm, onCancel }: { step: Extract<Step, { kind: 'preview' }>; onConfirm: () => void; onCancel: () => void }) {
  const { preview } = step;
  const ignored = preview.columns.filter((c) => !c.field).map((c) => c.header);
  return (
    <div className="spreadsheet-preview">
      <p role="status">
        {preview.fileName}
        {preview.sheet ? ` (sheet "${preview.sheet}")` : ''}: {preview.total} row(s), <strong>{preview.valid} to import</strong>, {preview.invalid} with errors.
        {ignored.length > 0 && ` Columns not read: ${ignored.join(', ')}.`}
      </p>
      <DataTable<PreviewRow>
        className="data-table compact"
        label="Rows of the spreadsheet"
        rows={preview.rows}
        rowKey={(r) => String(r.row)}
        rowClassName={(r) => (r.errors.length ? 'row-error' : undefined)}
        columns={[
          { header: 'Row', cell: (r) => r.row, rowHeader: true },
          { header: 'Title', cell: (r) => r.title },
          { header: 'Severity', cell: (r) => r.severity },
          { header: 'Control', cell: (r) => r.controlId ?? '' },
          { header: 'Owner', cell: (r) => r.ownerName },
          { header: 'Due', cell: (r) => r.dueAt ?? '' },
          {
            header: 'Problems',
            cell: (r) =>
              r.errors.length ? (
                <ul className="status-error">
                  {r.errors.map((e) => (
                    <li key={e.column}>
                      {e.column}: {e.message}
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">{r.notes.join('; ') || 'ready'}</span>
              ),
          },
        ]}
      />
      {preview.truncated && <p className="muted">The first rows are shown, with every row that has an error.</p>}
      <div className="actions">
        <button type="button" className="primary" disabled={step.busy || preview.valid === 0} onClick={onConfirm}>
          Confirm: import {preview.valid} finding(s)
        </button>
        <button type="button" disabled={step.busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
