import type { TemplateDiff } from '../../../../shared/api/templates';

const marks = { added: '+', removed: '−', changed: '~', moved: '↕' } as const;

/** The changes between two template versions, one readable line each. */
export function DiffList({ diff }: { diff: TemplateDiff }) {
  return (
    <section className="diff" aria-label={`Changes from v${diff.from.version} to v${diff.to.version}`}>
      <h3>
        Changes from v{diff.from.version} to v{diff.to.version}
      </h3>
      {diff.changes.length === 0 ? (
        <p className="muted">The two versions hold the same items and deviations.</p>
      ) : (
        <ul>
          {diff.changes.map((change, index) => (
            <li key={index} className={`diff-${change.kind}`}>
              <span aria-hidden="true" className="diff-mark">
                {marks[change.kind]}
              </span>{' '}
              {change.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
