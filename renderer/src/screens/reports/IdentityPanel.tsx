import { useEffect, useRef, useState } from 'react';
import type { IdentityInfo } from '../../../../shared/api/reports';
import { formatLocal } from '../../../../shared/time';
import { AppError } from '../../../../shared/api/errors';
import { api } from '../../api/client';
import { TextField } from '../../components/Field';
import { useNotices } from '../../components/Notice';
import { useQuery } from '../../hooks/useQuery';
import { FingerprintText } from './FingerprintText';

// The auditor's signing identity: made once, then replaced only after a confirmation that says what
// a new key breaks (the service refuses a replacement the call does not ask for, too).

type Pending = { kind: 'create' } | { kind: 'import'; p12Base64: string; fileName: string } | { kind: 'use'; fingerprint: string; name: string };

export function IdentityPanel({ identity, onChanged }: { identity: IdentityInfo | null; onChanged: (identity: IdentityInfo) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('Auditor');
  const [passphrase, setPassphrase] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const push = useNotices((s) => s.push);

  function done(replaced: boolean) {
    return (next: IdentityInfo) => {
      setPending(null);
      onChanged(next);
      push('success', replaced ? `Your signing key is replaced: new reports and bundles are signed as ${next.name} with the new certificate.` : `Reports are now signed as ${next.name}.`);
    };
  }
  function send(what: Pending, replace: boolean) {
    const call =
      what.kind === 'create'
        ? api['identity.create']({ name, role, replace })
        : what.kind === 'import'
          ? api['identity.import']({ p12Base64: what.p12Base64, passphrase, role, replace })
          : api['identity.use']({ fingerprint: what.fingerprint });
    call.then(done(replace), (e: Error) => {
      // A key made meanwhile (finalising or exporting makes one on first use): show it, and ask.
      if (e instanceof AppError && e.code === 'CONFLICT' && !replace) {
        api['identity.get']({}).then((current) => {
          if (current) onChanged(current);
          setPending(what);
        }, () => push('error', e.message));
        return;
      }
      push('error', e.message);
    });
  }
  // With no identity yet nothing is replaced, so nothing needs confirming.
  const start = (what: Pending) => (identity ? setPending(what) : send(what, false));

  return (
    <section className="panel form" aria-label="Signing identity">
      <h2>Signing identity</h2>
      {identity ? (
        <>
          <p>
            Reports are signed as <strong>{identity.name}</strong> ({identity.role}), {identity.selfSigned ? 'with a self-signed certificate' : `certificate issued by ${identity.issuer}`}.
            Give this fingerprint to whoever checks your reports (release-audit verify-report FILE --expect-signer …): another identity may carry the same name, never the same fingerprint.
          </p>
          <FingerprintText value={identity.fingerprint} label="Your signing certificate's fingerprint" />
        </>
      ) : (
        <p className="muted">No identity yet: make a self-signed one, or import the PKCS#12 file your organisation's CA issued.</p>
      )}
      <OtherKeys identity={identity} onUse={(other) => start({ kind: 'use', fingerprint: other.fingerprint, name: other.name })} />
      {pending && identity ? (
        <ReplaceConfirm identity={identity} pending={pending} onConfirm={() => send(pending, true)} onCancel={() => setPending(null)} />
      ) : (
        <>
          {identity && <h3 className="subhead">Replace your signing key</h3>}
          <div className="grid-3">
            <TextField label="Your name" value={name} onChange={setName} />
            <TextField label="Role" value={role} onChange={setRole} />
            <div className="field">
              <span className="label">&nbsp;</span>
              <button type="button" disabled={!name.trim()} onClick={() => start({ kind: 'create' })}>
                {identity ? 'Replace with a new self-signed certificate…' : 'Make a self-signed certificate'}
              </button>
            </div>
          </div>
          <div className="inline-add">
            <TextField inline label="PKCS#12 passphrase" type="password" value={passphrase} onChange={setPassphrase} />
            <button type="button" onClick={() => fileInput.current?.click()}>
              {identity ? 'Replace with a PKCS#12 file…' : 'Import a PKCS#12 file…'}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".p12,.pfx"
              className="sr-only"
              tabIndex={-1}
              aria-label="Import a PKCS#12 file"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                const bytes = new Uint8Array(await file.arrayBuffer());
                let binary = '';
                for (const byte of bytes) binary += String.fromCharCode(byte);
                start({ kind: 'import', p12Base64: btoa(binary), fileName: file.name });
              }}
            />
          </div>
        </>
      )}
    </section>
  );
}

/** Says what a new key breaks before it replaces the current one; keeping the current key is the default. */
function ReplaceConfirm({ identity, pending, onConfirm, onCancel }: { identity: IdentityInfo; pending: Pending; onConfirm: () => void; onCancel: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="confirm-box" role="alertdialog" aria-labelledby="replace-key-title" aria-describedby="replace-key-what" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <h3 id="replace-key-title">Replace your signing key?</h3>
      <p>
        {pending.kind === 'create' ? 'A new key and self-signed certificate' : pending.kind === 'import' ? `The key in ${pending.fileName}` : `${pending.name}'s other key in this data folder`} would
        replace the one you sign with now:
      </p>
      <FingerprintText value={identity.fingerprint} label="The certificate that would be replaced" />
      <ul id="replace-key-what">
        <li>
          <strong>Your old key endorses the new one.</strong> Laptops that trust your old key accept the new one for this laptop, without asking, once they receive a bundle from it
          signed with the new key (it carries the old key&apos;s endorsement). A laptop that never trusted your old key still has to compare and trust the new one.
        </li>
        <li>Whoever checks your reports with --expect-signer needs the new fingerprint for reports issued from now on.</li>
        <li>
          <strong>What you already signed keeps verifying:</strong> issued reports and sent bundles still verify, and the old certificate stays in this data folder as a retired key.
        </li>
      </ul>
      <div className="actions">
        <button type="button" ref={keep} onClick={onCancel}>
          Keep my current key
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Replace my signing key
        </button>
      </div>
    </div>
  );
}

/** Keys in this data folder that this auditor does not sign with: one moved from an older version, or one replaced (retired). */
function OtherKeys({ identity, onUse }: { identity: IdentityInfo | null; onUse: (other: IdentityInfo) => void }) {
  const { data: all = [] } = useQuery(() => api['identity.list']({}), [identity]);
  const others = all.filter((i) => !i.current);
  if (others.length === 0) return null;
  return (
    <details>
      <summary>Other keys in this data folder ({others.length})</summary>
      <ul aria-label="Other keys in this data folder">
        {others.map((other) => (
          <li key={other.fingerprint}>
            {other.name} ({other.role}) <FingerprintText value={other.fingerprint} label={`Fingerprint of ${other.name}'s key`} />
            {other.retiredAt && <span className="muted"> retired {formatLocal(other.retiredAt)}: still known, so what it signed verifies </span>}
            <button type="button" onClick={() => onUse(other)}>
              Sign with this key{identity ? '…' : ''}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
