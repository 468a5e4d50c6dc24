import type { SyncStatus } from '../../../../shared/api/sync';
import { Fingerprint } from './Fingerprint';

/** Who this laptop is to the others: its device id, its auditor and the key its bundles are signed with. */
export function ThisLaptop({ status }: { status: SyncStatus }) {
  return (
    <section className="panel" aria-labelledby="sync-this-laptop">
      <h2 id="sync-this-laptop">This laptop</h2>
      <dl className="facts">
        <dt>Auditor</dt>
        <dd>{status.actor}</dd>
        <dt>Device id</dt>
        <dd>
          <code className="hash">{status.deviceId}</code>
        </dd>
        <dt>Key fingerprint</dt>
        <dd>
          {status.identity ? (
            <>
              <Fingerprint value={status.identity.fingerprint} label="This laptop's key fingerprint" />
              <span className="muted block">
                Signed as {status.identity.name}. Read this out to a colleague importing your first bundle: they compare it with what their screen shows.
              </span>
            </>
          ) : (
            <span className="muted">No key yet: it is made on the first export.</span>
          )}
        </dd>
      </dl>
    </section>
  );
}
