import { EmptyState } from '../components/EmptyState';
import { areas, useUi, type AreaId } from '../stores/ui';

/** The areas still to be built say plainly what they will hold. */
export function AreaPlaceholder({ area }: { area: AreaId }) {
  const go = useUi((s) => s.go);
  const info = areas.find((a) => a.id === area);
  return (
    <div className="screen">
      <header className="screen-header">
        <h1 tabIndex={-1}>{info?.label}</h1>
      </header>
      <EmptyState title={`${info?.label ?? 'This area'} is not available in this version yet`}>
        <p>{info?.description}</p>
        <button type="button" onClick={() => go('audits')}>
          Back to audits
        </button>
      </EmptyState>
    </div>
  );
}
