import { useState, type FormEvent } from 'react';
import type { HubProbeResult } from '../../../../shared/api/hub-sync';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { Fingerprint } from './Fingerprint';

/** Not connected yet: the hub's address, a first look at it, and both fingerprints to compare before connecting. */
export function HubLookup({ onConnected }: { onConnected: () => void }) {
  const [address, setAddress] = useState('');
  const [probe, setProbe] = useState<HubProbeResult | null>(null);
  const [busy, setBusy] = useState<'look' | 'connect' | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function lookUp(event: FormEvent) {
    event.preventDefault();
    setBusy('look');
    setError(null);
    setProbe(null);
    try {
      setProbe(await api['hub.probe']({ url: address }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  }

  async function connect() {
    if (!probe) return;
    setBusy('connect');
    setError(null);
    try {
      await api['hub.connect']({ url: probe.url, fingerprint: probe.fingerprint, tlsFingerprint: probe.tlsFingerprint });
      onConnected();
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(null);
    }
  }

  return (
    <div className="form">
      <p className="muted">
        Not connected. A team hub collects every laptop’s work for the audits you are on, and sends you your colleagues’. It is optional: this laptop works the same without it.
      </p>
      <form className="hub-address" onSubmit={(e) => void lookUp(e)}>
        <Field label="Hub address" hint="As the hub’s administrator gives it, such as https://hub.example.org:8443">
          <input type="url" value={address} placeholder="https://" onChange={(e) => setAddress(e.target.value)} disabled={busy !== null} required />
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy !== null || address.trim() === ''}>
            {busy === 'look' ? 'Looking up…' : 'Look up'}
          </button>
        </div>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {probe && (
        <div className="sync-result warn" role="region" aria-label="The hub found">
          <h3>{probe.name}</h3>
          <p>
            At <code>{probe.url}</code>. Compare both fingerprints with the ones the hub’s administrator reads out to you, pair by pair. Connect only if both match: otherwise
            someone may stand between you and the hub.
          </p>
          <dl className="facts">
            <dt>Signing key</dt>
            <dd>
              <Fingerprint value={probe.fingerprint} label="The hub's signing key fingerprint" />
            </dd>
            <dt>TLS certificate</dt>
            <dd>
              <Fingerprint value={probe.tlsFingerprint} label="The hub's TLS certificate fingerprint" />
            </dd>
          </dl>
          <p className="actions">
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void connect()}>
              {busy === 'connect' ? 'Connecting…' : 'Both match: connect'}
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setProbe(null)}>
              They do not match
            </button>
          </p>
        </div>
      )}
    </div>
  );
}
