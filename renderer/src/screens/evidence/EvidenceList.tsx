import { useState } from 'react';
import type { CustodyEntry, Evidence, EvidenceSummary } from '../../../../shared/api/evidence';
import { formatLocal } from '../../../../shared/time';
import { api } from '../../api/client';
import { evidenceContentUrl } from '../../api/evidence-upload';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';

/** Evidence with what an auditor must see: hash, capture time (UTC and local), who, what it refers to, custody. */
export function EvidenceList({ items, empty = 'No evidence yet.', markable = false }: { items: Evidence[]; empty?: string; /** Offers the confidential mark (the audit's evidence list). */ markable?: boolean }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="evidence-list" aria-label="Evidence">
      {items.map((item) => (
        <EvidenceItem key={item.id} item={item} markable={markable} />
      ))}
    </ul>
  );
}

function EvidenceItem({ item, markable }: { item: Evidence; markable: boolean }) {
  return (
    <li className="evidence-item" id={`evidence-${item.id}`} tabIndex={-1}>
      <EvidenceCard item={item} markable={markable} />
    </li>
  );
}

/**
 * What one piece of evidence shows, inside its list item. A row of the audit's list is a summary:
 * its note and what it supports come with evidence.get once the row is drawn.
 */
export function EvidenceCard({ item, markable }: { item: EvidenceSummary & { note?: string }; markable: boolean }) {
  const [open, setOpen] = useState<'none' | 'preview' | 'custody'>('none');
  const [custody, setCustody] = useState<CustodyEntry[] | null>(null);
  const { data: details } = useQuery(() => api['evidence.get']({ id: item.id }), [item.id]);
  const links = details?.links ?? [];
  const note = item.note ?? details?.note ?? '';
  const toggle = (what: 'preview' | 'custody') => {
    const next = open === what ? 'none' : what;
    setOpen(next);
    if (next === 'custody') api['evidence.custody']({ evidenceId: item.id }).then(setCustody, () => setCustody([]));
  };
  return (
    <>
      <div className="evidence-head">
        <strong>{item.originalName}</strong>
        <span className="badge">{item.captureMethod}</span>
        <span className="muted">{formatSize(item.size)}</span>
      </div>
      <dl className="evidence-meta">
        <dt>SHA-256</dt>
        <dd>
          <code className="hash">{item.sha256}</code>
        </dd>
        <dt>Captured</dt>
        <dd>
          <time dateTime={item.capturedAt}>
            {item.capturedAt.replace('T', ' ').replace('Z', ' UTC')} · {formatLocal(item.capturedAt)}
          </time>{' '}
          by {item.capturedBy}
        </dd>
        {item.refersTo && (
          <>
            <dt>Refers to</dt>
            <dd>{item.refersTo}</dd>
          </>
        )}
        {item.sourceSystem && (
          <>
            <dt>Source</dt>
            <dd>{item.sourceSystem}</dd>
          </>
        )}
        {links.length > 0 && (
          <>
            <dt>Supports</dt>
            <dd>{links.map((l) => l.label).join(' · ')}</dd>
          </>
        )}
        {note && (
          <>
            <dt>Note</dt>
            <dd className="pre">{note}</dd>
          </>
        )}
      </dl>
      <div className="actions">
        {markable && <ConfidentialMark item={item} />}
        <button type="button" className="small" aria-expanded={open === 'preview'} onClick={() => toggle('preview')}>
          Preview
        </button>
        <button type="button" className="small" aria-expanded={open === 'custody'} onClick={() => toggle('custody')}>
          Custody log
        </button>
      </div>
      {open === 'preview' && <EvidencePreview item={item} />}
      {open === 'custody' && (
        <ol className="custody" aria-label={`Custody of ${item.originalName}`}>
          {(custody ?? []).map((c) => (
            <li key={c.id}>
              <time dateTime={c.at}>{formatLocal(c.at)}</time> · {c.event} by {c.actor}
              {c.detail ? ` — ${c.detail}` : ''}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** Marks the evidence confidential (kept out of external editions of the report) or not, saved at once. */
function ConfidentialMark({ item }: { item: EvidenceSummary }) {
  const [confidential, setConfidential] = useState(item.confidential === true);
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const [error, setError] = useState<string | null>(null);
  const mark = (next: boolean) => {
    setConfidential(next);
    setState('saving');
    api['evidence.mark']({ evidenceId: item.id, confidential: next }).then(
      () => setState('saved'),
      (e: Error) => {
        setConfidential(!next);
        setError(plainError(e.message));
        setState('failed');
      },
    );
  };
  return (
    <label className="choice">
      <input type="checkbox" checked={confidential} onChange={(e) => mark(e.target.checked)} />
      Confidential: kept out of external reports
      <span className="muted" role="status">
        {state === 'saving' ? ' Saving…' : state === 'saved' ? ' Saved.' : state === 'failed' ? ` Not saved: ${error}` : ''}
      </span>
    </label>
  );
}

const MAX_TEXT_PREVIEW = 256 * 1024;

function EvidencePreview({ item }: { item: EvidenceSummary }) {
  const url = evidenceContentUrl(item.id);
  const isText = item.mediaType.startsWith('text/') || item.mediaType === 'application/json';
  const { data: text = null } = useQuery(
    async () =>
      isText
        ? fetch(`${url}?head=${MAX_TEXT_PREVIEW}`, { credentials: 'same-origin' })
            .then((r) => r.text())
            .catch(() => 'The preview could not be loaded.')
        : null,
    [isText, url],
  );
  if (item.mediaType.startsWith('image/')) return <img className="evidence-image" src={url} alt={`Preview of ${item.originalName}`} />;
  if (item.mediaType === 'application/pdf') return <iframe className="evidence-pdf" src={url} title={`Preview of ${item.originalName}`} />;
  if (isText) {
    if (text === null) return <p className="muted">Loading the preview…</p>;
    return <pre className="evidence-text">{text}{item.size > MAX_TEXT_PREVIEW ? '\n… (preview shows the first 256 KB)' : ''}</pre>;
  }
  return <p className="muted">No preview for {item.mediaType}. The file is kept in the vault under its SHA-256.</p>;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
