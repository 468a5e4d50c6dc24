import { useEffect, useRef } from 'react';
import type { BundleSummary } from '../../../../shared/api/sync';
import { plural } from '../../../../shared/plural';
import { useAudits } from '../../stores/audits';
import { Fingerprint } from './Fingerprint';
import { shortId, when } from './format';

const trustWords: Record<BundleSummary['signer']['trust'], string> = {
  own: 'this laptop’s own key',
  trusted: 'trusted here',
  revoked: 'revoked here',
  unknown: 'not trusted here yet',
};

/**
 * What an uploaded bundle holds and who signed it, before anything is written; then the one way on
 * its signer allows: import (trusted key), compare fingerprints first (new key), or nothing (revoked
 * key, or a bundle imported before).
 */
export function BundleReview({ name, summary, onImport, onCancel }: { name: string; summary: BundleSummary; onImport: (trustFingerprint?: string) => void; onCancel: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { signer } = summary;
  // Nothing to import (already imported, or refused): the only way on is to close the review.
  const closeOnly = (
    <div className="actions">
      <button type="button" onClick={onCancel}>
        Close
      </button>
    </div>
  );
  // A device's new key endorsed by the key it is bound to here goes in without comparing fingerprints.
  const endorsed = signer.trust === 'unknown' && Boolean(signer.endorsedBy);
  const title = summary.alreadyImported
    ? 'Already imported'
    : signer.trust === 'revoked'
      ? 'Refused: the signer’s key is revoked'
      : signer.trust === 'unknown' && !endorsed
        ? 'New key: compare fingerprints'
        : 'Ready to import';
  return (
    <div
      className={`bundle-review trust-${summary.alreadyImported ? 'done' : signer.trust}`}
      role="region"
      aria-labelledby="bundle-review-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3 id="bundle-review-title" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <Summary name={name} summary={summary} />
      {summary.alreadyImported ? (
        <>
          <p role="status">This bundle was already imported on {when(summary.alreadyImported)}: there is nothing to do.</p>
          {closeOnly}
        </>
      ) : signer.trust === 'revoked' ? (
        <>
          <p role="alert" className="field-error">
            This bundle is signed by {signer.name}, whose key was revoked{signer.revokedAt ? ` on ${when(signer.revokedAt)}` : ''}. It is refused and nothing was imported. If the key was
            revoked by mistake, trust it again under Keys below, then choose the file again.
          </p>
          {closeOnly}
        </>
      ) : signer.trust === 'unknown' && !endorsed ? (
        <TrustPrompt summary={summary} onTrust={() => onImport(signer.fingerprint)} onCancel={onCancel} />
      ) : (
        <div className="actions">
          {endorsed && (
            <p role="status">
              {summary.from.actor} replaced the key of device {shortId(summary.from.deviceId)}: its old key, trusted here, endorsed the new one. Importing binds the device to the new key.
            </p>
          )}
          <button type="button" className="primary" onClick={() => onImport()}>
            Import
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}

function Summary({ name, summary }: { name: string; summary: BundleSummary }) {
  const isNew = useAudits((s) => !s.audits.some((a) => a.id === summary.audit.id));
  return (
    <dl className="facts" aria-label="Bundle contents">
      <dt>File</dt>
      <dd>
        <code>{name}</code>
      </dd>
      <dt>Audit</dt>
      <dd>
        {summary.audit.name}
        {isNew && <span className="muted"> (new on this laptop)</span>}
      </dd>
      <dt>From</dt>
      <dd>
        {summary.from.actor} <span className="muted">on device {shortId(summary.from.deviceId)}</span>
      </dd>
      <dt>Made</dt>
      <dd>{when(summary.createdAt)}</dd>
      <dt>Signed by</dt>
      <dd>
        {summary.signer.name} <span className="muted">({summary.signer.subject})</span>
      </dd>
      <dt>Key</dt>
      <dd className={`trust-word trust-${summary.signer.trust}`}>{trustWords[summary.signer.trust]}</dd>
      <dt>Holds</dt>
      <dd>
        {plural(summary.entries, 'entry', 'entries')}, <strong>{summary.newEntries} new here</strong>, {plural(summary.objects, 'evidence file')}
      </dd>
    </dl>
  );
}

function TrustPrompt({ summary, onTrust, onCancel }: { summary: BundleSummary; onTrust: () => void; onCancel: () => void }) {
  const { signer } = summary;
  return (
    <div className="trust-prompt" role="group" aria-label="Compare the key fingerprint">
      <p>
        This laptop has not seen the key of <strong>{signer.name}</strong> ({signer.subject}) before. Ask {summary.from.actor} to read out the fingerprint shown under “This laptop” on their Sync
        screen, and compare it pair by pair with this one:
      </p>
      <Fingerprint value={signer.fingerprint} label={`Key fingerprint of ${signer.name}`} />
      <p className="muted">Trust the key only if every pair matches. If anything differs, cancel: the file may not come from them.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onTrust}>
          Trust and import
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
