import { useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import type { Evidence, LinkTarget } from '../../../../shared/api/evidence';
import { api, transportName } from '../../api/client';
import { uploadEvidence, type UploadHandle } from '../../api/evidence-upload';
import { useNotices } from '../../components/Notice';
import { useAudits } from '../../stores/audits';
import { AlreadyRecordedNote, pastedText } from './capture-notes';
import { Field } from '../../components/Field';

interface Upload {
  id: number;
  name: string;
  fraction: number;
  handle: UploadHandle<Evidence>;
}

let uploadIds = 1;

/**
 * Every way evidence arrives: a file picker, drag and drop, a screenshot pasted from the clipboard,
 * a log excerpt, an API response. Files stream to the vault with a progress bar and can be cancelled.
 */
export function EvidenceCapture({ auditId, link, onAdded, label = 'Add evidence' }: { auditId: string; link?: LinkTarget; onAdded: (evidence: Evidence) => void; label?: string }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [form, setForm] = useState<'none' | 'log' | 'api'>('none');
  const [dragging, setDragging] = useState(false);
  const [refersTo, setRefersTo] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const push = useNotices((s) => s.push);
  const [duplicate, setDuplicate] = useState<{ name: string; evidence: Evidence } | null>(null);
  const finalised = useAudits((s) => s.audits.find((a) => a.id === auditId)?.status === 'finalised');

  /** Stored, or already there: content already recorded in the audit is linked, never stored twice (the service decides). */
  function arrived(evidence: Evidence, name: string, stored: string) {
    if (!evidence.alreadyRecorded) {
      setDuplicate(null);
      onAdded(evidence);
      push('success', stored);
      return;
    }
    setDuplicate({ name, evidence });
    // Only a record newly linked here is new to this screen's list; otherwise it is already shown.
    if (evidence.alreadyRecorded === 'linked-here') onAdded(evidence);
    push('success', `"${name}" is already in this audit's evidence: no second copy was stored.`);
  }

  function send(file: File, method: 'file' | 'drop' | 'clipboard', name = file.name) {
    const id = uploadIds++;
    const handle = uploadEvidence({ auditId, file, name, method, ...(link ? { link } : {}), ...(refersTo ? { refersTo } : {}) }, (fraction) =>
      setUploads((list) => list.map((u) => (u.id === id ? { ...u, fraction } : u))),
    );
    setUploads((list) => [...list, { id, name, fraction: 0, handle }]);
    handle.done.then(
      (evidence) => arrived(evidence, name, `Stored "${evidence.originalName}" (SHA-256 ${evidence.sha256.slice(0, 12)}…).`),
      (error: Error) => push('error', `${name}: ${error.message}`),
    ).finally(() => setUploads((list) => list.filter((u) => u.id !== id)));
  }

  // The desktop app never lets the page name a path: the system's file chooser opens in the main
  // process, and the page gets a token for each chosen file, which it hands back to store the file.
  const [storing, setStoring] = useState<Array<{ token: string; name: string }>>([]);
  async function chooseInDesktop() {
    const chosen = await api['evidence.chooseFiles']({});
    for (const refused of chosen.refused) push('error', `${refused.name}: ${refused.reason}`);
    for (const file of chosen.files) {
      setStoring((list) => [...list, file]);
      try {
        const evidence = await api['evidence.addChosen']({ auditId, token: file.token, refersTo: refersTo || null, links: link ? [link] : [] });
        arrived(evidence, file.name, `Stored "${evidence.originalName}" (SHA-256 ${evidence.sha256.slice(0, 12)}…).`);
      } catch (error) {
        push('error', `${file.name}: ${(error as Error).message}`);
      } finally {
        setStoring((list) => list.filter((f) => f.token !== file.token));
      }
    }
  }

  function chooseFiles() {
    if (transportName === 'desktop') chooseInDesktop().catch((error: Error) => push('error', error.message));
    else fileInput.current?.click();
  }

  function onPaste(event: ClipboardEvent) {
    // Pasting into a field of the zone (the date) is that field's own business.
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    event.preventDefault();
    const image = [...event.clipboardData.items].find((item) => item.kind === 'file' && item.type.startsWith('image/'));
    const file = image?.getAsFile();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    if (file) return send(file, 'clipboard', `screenshot-${stamp}.${file.type.split('/')[1] ?? 'png'}`);
    const text = pastedText(event.clipboardData);
    if ('refused' in text) return push('error', text.refused);
    const name = `pasted text, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    api['evidence.addText']({ auditId, kind: 'log-excerpt', text: text.text, sourceFile: name, note: 'Pasted into the drop zone.', refersTo: refersTo || null, links: link ? [link] : [] }).then(
      (evidence) => arrived(evidence, name, `Stored the pasted text as a log excerpt, "${evidence.originalName}" (${text.text.length} characters). Its source system can be said in a new excerpt if it matters.`),
      (error: Error) => push('error', `The pasted text was not stored: ${error.message}`),
    );
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    for (const file of event.dataTransfer.files) send(file, 'drop');
  }

  if (finalised) {
    return (
      <div className="evidence-capture">
        <p className="read-only-note" role="note">
          The audit is finalised: no evidence can be added to it or linked any more. What it holds stays here to view, with its custody log; a correction is an amendment (Reports, Alt+7).
        </p>
      </div>
    );
  }

  return (
    <div className="evidence-capture">
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        tabIndex={0}
        role="group"
        aria-label={`${label}: drop files here, or focus and paste a screenshot or text`}
        onPaste={onPaste}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span>Drop files here, or click here and paste a screenshot or text (Ctrl+V): pasted text is kept as a log excerpt.</span>
        <span className="actions wrap">
          <label className="inline-add tight-date">
            <span>Refers to</span>
            <input type="date" aria-label={`${label}: date the evidence refers to`} value={refersTo} onChange={(e) => setRefersTo(e.target.value)} />
          </label>
          <button type="button" className="small" onClick={chooseFiles}>
            Choose files…
          </button>
          <button type="button" className="small" aria-pressed={form === 'log'} onClick={() => setForm(form === 'log' ? 'none' : 'log')}>
            Log excerpt
          </button>
          <button type="button" className="small" aria-pressed={form === 'api'} onClick={() => setForm(form === 'api' ? 'none' : 'api')}>
            API response
          </button>
        </span>
        <input
          ref={fileInput}
          type="file"
          multiple
          className="sr-only"
          aria-label={`${label}: choose files`}
          onChange={(e) => {
            for (const file of e.target.files ?? []) send(file, 'file');
            e.target.value = '';
          }}
        />
      </div>
      {duplicate && <AlreadyRecordedNote name={duplicate.name} evidence={duplicate.evidence} onClose={() => setDuplicate(null)} />}
      {storing.map((file) => (
        <div className="upload-row" key={file.token}>
          <span>{file.name}</span>
          <span>Storing in the vault…</span>
        </div>
      ))}
      {uploads.map((u) => (
        <div className="upload-row" key={u.id}>
          <span>{u.name}</span>
          <progress max={1} value={u.fraction} aria-label={`Uploading ${u.name}`} />
          <span>{u.fraction >= 1 ? 'Storing in the vault…' : `${Math.round(u.fraction * 100)}%`}</span>
          <button type="button" className="small" onClick={() => u.handle.cancel()}>
            Cancel
          </button>
        </div>
      ))}
      {form !== 'none' && (
        <TextEvidenceForm
          kind={form === 'log' ? 'log-excerpt' : 'api-response'}
          onSubmit={async (fields) => {
            const evidence = await api['evidence.addText']({ auditId, ...fields, refersTo: refersTo || null, links: link ? [link] : [] });
            setForm('none');
            arrived(evidence, fields.sourceFile || (fields.kind === 'log-excerpt' ? 'The excerpt' : 'The response'), `Stored "${evidence.originalName}".`);
          }}
          onCancel={() => setForm('none')}
        />
      )}
    </div>
  );
}

interface TextFields {
  kind: 'log-excerpt' | 'api-response';
  text: string;
  sourceSystem: string;
  sourceFile: string;
  lineStart: number | null;
  lineEnd: number | null;
  url: string;
}

function TextEvidenceForm({ kind, onSubmit, onCancel }: { kind: TextFields['kind']; onSubmit: (fields: TextFields) => Promise<void>; onCancel: () => void }) {
  const [fields, setFields] = useState<TextFields>({ kind, text: '', sourceSystem: '', sourceFile: '', lineStart: null, lineEnd: null, url: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<TextFields>) => setFields((f) => ({ ...f, ...patch }));
  const number = (value: string) => (value === '' ? null : Math.max(1, Math.floor(Number(value))));
  return (
    <form
      className="text-evidence form"
      aria-label={kind === 'log-excerpt' ? 'Log excerpt' : 'API response'}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(fields).catch((caught: Error) => setError(caught.message));
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <div className="grid-3">
        <Field label="Source system" id={`${kind}-system`}>
          <input value={fields.sourceSystem} onChange={(e) => set({ sourceSystem: e.target.value })} placeholder="Jenkins, Splunk, ServiceNow…" />
        </Field>
        {kind === 'log-excerpt' ? (
          <>
            <Field label="Log file">
              <input value={fields.sourceFile} onChange={(e) => set({ sourceFile: e.target.value })} placeholder="deploy.log" />
            </Field>
            <div className="field">
              <span className="label">Lines</span>
              <span className="inline-add tight">
                <input aria-label="First line" type="number" min={1} value={fields.lineStart ?? ''} onChange={(e) => set({ lineStart: number(e.target.value) })} />
                –
                <input aria-label="Last line" type="number" min={1} value={fields.lineEnd ?? ''} onChange={(e) => set({ lineEnd: number(e.target.value) })} />
              </span>
            </div>
          </>
        ) : (
          <Field label="Request (method and URL)">
            <input value={fields.url} onChange={(e) => set({ url: e.target.value })} placeholder="GET https://cmdb.example/api/ci/42" />
          </Field>
        )}
      </div>
      <Field label={kind === 'log-excerpt' ? 'Excerpt' : 'Response'} className="wide" id={`${kind}-text`}>
        <textarea rows={6} className="mono" value={fields.text} onChange={(e) => set({ text: e.target.value })} />
      </Field>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={fields.text.trim() === ''}>
          Store as evidence
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
