import type { SyncStatus } from '../../../../shared/api/sync';
import { DataTable } from '../../components/DataTable';
import { EmptyLine } from './EmptyLine';
import { TrustBadge } from './TrustBadge';
import { shortId, when } from './format';

/** The laptops bundles came from, and how much of this laptop's record each had when it last sent one. */
export function PeersPanel({ peers }: { peers: SyncStatus['peers'] }) {
  return (
    <section className="panel" aria-labelledby="sync-peers">
      <h2 id="sync-peers">Peers</h2>
      <DataTable
        className="data-table compact"
        label="Peers"
        rows={peers}
        rowKey={(peer) => peer.deviceId}
        empty={<EmptyLine title="No peers yet.">A colleague’s laptop is listed here once a bundle from it has been imported.</EmptyLine>}
        columns={[
          { header: 'Auditor', cell: (peer) => peer.actor, cellClassName: () => 'nowrap' },
          { header: 'Device', cell: (peer) => <code title={peer.deviceId}>{shortId(peer.deviceId)}</code>, cellClassName: () => 'nowrap' },
          {
            header: 'Key',
            cell: (peer) => (
              <>
                <TrustBadge trust={peer.trust} />
                {peer.keyReplaced && <div className="muted">{peer.keyReplaced.sentence}</div>}
              </>
            ),
          },
          { header: 'Last bundle made', cell: (peer) => when(peer.lastBundleAt) },
          { header: 'Imported here', cell: (peer) => when(peer.lastImportAt) },
          {
            header: 'Has your record',
            cell: (peer) =>
              peer.audits.length === 0 ? (
                <span className="muted">nothing of yours yet</span>
              ) : (
                <ul className="plain">
                  {peer.audits.map((a) => (
                    <li key={a.auditId}>
                      {a.auditName}:{' '}
                      {a.unsent === 0 ? (
                        <span className="status-ok">has all your changes</span>
                      ) : (
                        <span>
                          {a.unsent} of your changes not seen yet (has your record up to #{a.seenOfOurs} of #{a.ourHead})
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </section>
  );
}
