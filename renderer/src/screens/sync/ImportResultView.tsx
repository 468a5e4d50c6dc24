import { useEffect, useRef } from 'react';
import type { ImportResult } from '../../../../shared/api/sync';
import { plural } from '../../../../shared/plural';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';

/** What an import changed, in counts a person can check, and where to go next. */
export function ImportResultView({ result, onClose }: { result: ImportResult; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const chooseAudit = useSession((s) => s.chooseAudit);
  const go = useUi((s) => s.go);
  return (
    <div className={result.newConflicts > 0 ? 'sync-result warn' : 'sync-result ok'} role="region" aria-labelledby="import-result-title">
      <h3 id="import-result-title" ref={heading} tabIndex={-1}>
        {result.alreadyImported ? 'Already imported: nothing changed' : `Imported “${result.audit.name}” from ${result.from.actor}`}
      </h3>
      {!result.alreadyImported && (
        <ul className="counts" aria-label="Import result">
          <li>{plural(result.newEntries, 'new entry', 'new entries')}</li>
          <li>{plural(result.newObjects, 'new evidence file')}</li>
          <li>
            {plural(result.inserted, 'record')} added, {result.updated} changed, {result.deleted} removed
          </li>
          <li className={result.newConflicts > 0 ? 'status-error' : undefined}>
            {result.conflicts === 0
              ? 'no conflicts'
              : `${plural(result.conflicts, 'conflict')} (${result.newConflicts} new): decide them under Conflicts below`}
          </li>
          {result.newForks > 0 && (
            <li className="status-error">
              {plural(result.newForks, 'relayed stretch', 'relayed stretches')} of a laptop’s record contradicted the genuine one and were kept aside: see Relayed entries kept aside below
            </li>
          )}
        </ul>
      )}
      <div className="actions wrap">
        <button
          type="button"
          onClick={() => {
            chooseAudit(result.audit.id);
            go('plan');
          }}
        >
          Open “{result.audit.name}”
        </button>
        {result.conflicts > 0 && (
          <button type="button" onClick={() => document.getElementById('sync-conflicts')?.focus()}>
            Go to the conflicts
          </button>
        )}
        <button type="button" onClick={onClose}>
          Import another bundle
        </button>
      </div>
    </div>
  );
}
