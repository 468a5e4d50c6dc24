import { useState } from 'react';
import type { SyncStatus } from '../../../../shared/api/sync';
import { api } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { useNotices } from '../../components/Notice';
import { useSync } from '../../stores/sync';
import { EmptyLine } from './EmptyLine';
import { Fingerprint } from './Fingerprint';
import { TrustBadge } from './TrustBadge';
import { when } from './format';

/** The colleagues' keys this laptop accepts bundles from; revoking one refuses its bundles from then on. */
export function KeysPanel({ keys }: { keys: SyncStatus['keys'] }) {
  const refresh = useSync((s) => s.refresh);
  const push = useNotices((s) => s.push);
  const [busy, setBusy] = useState<string | null>(null);

  async function change(key: SyncStatus['keys'][number], to: 'revoked' | 'trusted') {
    if (to === 'revoked' && !window.confirm(`Revoke the key of ${key.subject}? Bundles signed with it will be refused until it is trusted again. Records already imported stay.`)) return;
    setBusy(key.fingerprint);
    try {
      if (to === 'revoked') await api['sync.revokeKey']({ fingerprint: key.fingerprint });
      else await api['sync.trustKey']({ fingerprint: key.fingerprint });
      push('success', to === 'revoked' ? `Revoked the key of ${key.subject}.` : `Trusted the key of ${key.subject} again.`);
    } catch (e) {
      push('error', (e as Error).message);
    } finally {
      setBusy(null);
      await refresh();
    }
  }

  return (
    <section className="panel" aria-labelledby="sync-keys">
      <h2 id="sync-keys">Keys</h2>
      <DataTable
        className="data-table compact"
        label="Trusted keys"
        rows={keys}
        rowKey={(key) => key.fingerprint}
        empty={<EmptyLine title="No colleague’s key is trusted yet.">The first bundle from someone asks you to compare their key’s fingerprint.</EmptyLine>}
        columns={[
          { header: 'Subject', cell: (key) => key.subject },
          { header: 'Fingerprint', cell: (key) => <Fingerprint value={key.fingerprint} label={`Fingerprint of ${key.subject}`} /> },
          {
            header: 'Status',
            cell: (key) => (
              <>
                <TrustBadge trust={key.status} />
                <span className="muted block">
                  {key.status === 'revoked' ? `by ${key.revokedBy ?? 'someone'}, ${when(key.revokedAt)}` : `by ${key.addedBy}, ${when(key.addedAt)}`}
                </span>
              </>
            ),
          },
          {
            header: 'Actions',
            hiddenHeader: true,
            cell: (key) =>
              key.status === 'trusted' ? (
                <button type="button" className="small danger" disabled={busy === key.fingerprint} onClick={() => void change(key, 'revoked')} aria-label={`Revoke the key of ${key.subject}`}>
                  Revoke…
                </button>
              ) : (
                <button type="button" className="small" disabled={busy === key.fingerprint} onClick={() => void change(key, 'trusted')} aria-label={`Trust the key of ${key.subject} again`}>
                  Trust again
                </button>
              ),
          },
        ]}
      />
    </section>
  );
}
