import type { SyncStatus } from '../../../../shared/api/sync';
import { TrustBadge } from './TrustBadge';
import { shortId, when } from './format';

/** The laptops bundles came from, and how much of this laptop's record each had when it last sent one. */
export function PeersPanel({ peers }: { peers: SyncStatus['peers'] }) {
  return (
    <section className="panel" aria-labelledby="sync-peers">
      <h2 id="sync-peers">Peers</h2>
      {peers.length === 0 ? (
        <p className="empty-line">
          <strong>No peers yet.</strong> <span className="muted">A colleague’s laptop is listed here once a bundle from it has been imported.</span>
        </p>
      ) : (
        <table className="data-table compact" aria-label="Peers">
          <thead>
            <tr>
              <th scope="col">Auditor</th>
              <th scope="col">Device</th>
              <th scope="col">Key</th>
              <th scope="col">Last bundle made</th>
              <th scope="col">Imported here</th>
              <th scope="col">Has your record</th>
            </tr>
          </thead>
          <tbody>
            {peers.map((peer) => (
              <tr key={peer.deviceId}>
                <td className="nowrap">{peer.actor}</td>
                <td className="nowrap">
                  <code title={peer.deviceId}>{shortId(peer.deviceId)}</code>
                </td>
                <td>
                  <TrustBadge trust={peer.trust} />
                  {peer.keyReplaced && <div className="muted">{peer.keyReplaced.sentence}</div>}
                </td>
                <td>{when(peer.lastBundleAt)}</td>
                <td>{when(peer.lastImportAt)}</td>
                <td>
                  {peer.audits.length === 0 ? (
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
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
