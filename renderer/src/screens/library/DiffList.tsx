import type { TemplateDiff } from '../../../../shared/api/templates';

const marks = { added: '+', removed: '−', changed: '~', moved: '↕' } as const;

type Diff = Pick<TemplateDiff, 'from' | 'to'> & { changes: Array<Pick<TemplateDiff['changes'][number], 'kind' | 'text'>> };

/** The changes between two template (or rule pack) versions, one readable line each. */
export function DiffList({ diff, same = 'The two versions hold the same items and deviations.' }: { diff: Diff; same?: string }) {
  return (
    <section className="diff" aria-label={`Changes from v${diff.from.version} to v${diff.to.version}`}>
      <h3>
        Changes from v{diff.from.version} to v{diff.to.version}
      </h3>
      {diff.changes.length === 0 ? (
        <p className="muted">{same}</p>
      ) : (
        <DiffLines changes={diff.changes} />
      )}
    </section>
  );
}

/** The changes themselves, one marked line each (also a proposed change to a draft). */
export function DiffLines({ changes }: { changes: Diff['changes'] }) {
  return (
    <ul>
      {changes.map((change, index) => (
        <li key={index} className={`diff-${change.kind}`}>
          <span aria-hidden="true" className="diff-mark">
            {marks[change.kind]}
          </span>{' '}
          {change.text}
        </li>
      ))}
    </ul>
  );
}
