import type { SyncStatus } from '../../../../shared/api/sync';
import { Fingerprint } from './Fingerprint';
import { formatValue, shortId, when } from './format';

type Fork = SyncStatus['forks'][number];

const whose = (fork: Fork) => (fork.deviceActor ? `${fork.deviceActor}’s record` : `the record of device ${shortId(fork.deviceId)}`);
const span = (fork: Fork) => (fork.fromSeq === fork.toSeq ? `entry #${fork.fromSeq}` : `entries #${fork.fromSeq}–#${fork.toSeq}`);

/**
 * Relayed entries that contradict a laptop's own record, kept aside: which record, who relayed them
 * (with the key to ask them about), and what they said. Nothing to decide: the genuine record holds.
 */
export function ForksPanel({ forks }: { forks: Fork[] }) {
  if (forks.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="sync-forks">
      <h2 id="sync-forks" tabIndex={-1}>
        Relayed entries kept aside
      </h2>
      <p className="muted">
        A laptop passed on entries under another laptop’s name that the other laptop’s own record contradicts. They were kept out of this laptop’s records; the
        genuine record holds. Ask the laptop that relayed them where they came from.
      </p>
      <ul className="plain-list" aria-label="Forks">
        {forks.map((fork) => (
          <li key={fork.id} className="fork">
            <p>
              <strong>
                {span(fork)} of {whose(fork)}
              </strong>
              {fork.outcome === 'replaced' ? ' were replaced by what that laptop itself sent' : ' contradict what this laptop holds and were kept out'}, {when(fork.detectedAt)}.
            </p>
            <p>
              Relayed by <strong>{fork.relayedBy.actor}</strong>
              {fork.relayedBy.fingerprint && (
                <>
                  {' '}
                  with the key <Fingerprint value={fork.relayedBy.fingerprint} label={`Fingerprint of the key of ${fork.relayedBy.actor}`} />
                </>
              )}
            </p>
            <details>
              <summary>What the kept-aside {fork.entries.length === 1 ? 'entry says' : `${fork.entries.length} entries say`}</summary>
              <ul className="plain-list">
                {fork.entries.slice(0, 50).map((entry) => (
                  <li key={entry.seq}>
                    #{entry.seq}{' '}
                    {entry.stub ? (
                      <span className="muted">an entry of another audit (contents not sent)</span>
                    ) : (
                      <>
                        {entry.op} of {entry.entity?.replace(/_/g, ' ')} {shortId(entry.entityId ?? '')} as {entry.actor}: <code>{formatValue(entry.fields)}</code>
                      </>
                    )}
                  </li>
                ))}
                {fork.entries.length > 50 && <li className="muted">… and {fork.entries.length - 50} more</li>}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
