import { useCallback } from 'react';
import type { Release, ReleaseFields } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { ReadOnlyWhenFinalised, useAuditFinalised } from '../../components/ReadOnlyWhenFinalised';
import { SaveIndicator } from '../../components/SaveIndicator';
import { useAutosave } from '../../hooks/useAutosave';
import { useQuery } from '../../hooks/useQuery';
import { useSession } from '../../stores/session';
import { ImportButton } from '../imports/ImportButton';
import { ImportsPane } from '../imports/ImportsPane';
import { ComponentsPanel } from '../machine/ComponentsPanel';
import { useComponentVulnerabilities } from '../machine/componentVulnerabilities';
import { useFileDrop } from '../imports/useFileDrop';
import { TestsTab } from '../machine/TestsTab';
import { VersionsTab } from '../machine/VersionsTab';
import { LogAnomalies } from '../machine/LogAnomalies';
import { VulnerabilitiesPanel } from '../machine/VulnerabilitiesPanel';
import { ConfigPanel } from '../machine/ConfigPanel';
import { DroppedConfigNotice } from '../machine/DroppedConfigNotice';
import { dropOnRelease } from '../machine/releaseDrop';
import { ChecklistRun } from './ChecklistRun';
import { EmergencyPanel } from './EmergencyPanel';
import { ReleaseDetails } from './ReleaseDetails';
import { releaseLabels } from './releaseLabels';
import { WarRoom } from './WarRoom';

const views = [
  { id: 'details', label: 'Details' },
  { id: 'checklist', label: 'Checklist' },
  { id: 'warroom', label: 'War room' },
  { id: 'emergency', label: 'Emergency' },
  { id: 'imports', label: 'Imports' },
  { id: 'components', label: 'Components' },
  { id: 'vulnerabilities', label: 'Vulnerabilities' },
  { id: 'tests', label: 'Tests & scans' },
  { id: 'config', label: 'Parity & drift' },
  { id: 'versions', label: 'Versions' },
  { id: 'log-anomalies', label: 'Log anomalies' },
] as const;
type View = (typeof views)[number]['id'];

/** One release: its details, its checklist, its war-room log and, for an emergency release, the after-the-fact checks. */
export function ReleaseView({ releaseId, onChanged }: { releaseId: string; onChanged: () => void }) {
  const { data: release, error, setData: setRelease } = useQuery(() => api['releases.get']({ id: releaseId }), [releaseId]);
  const view = useSession((s) => s.releaseView);
  const setView = useSession((s) => s.setReleaseView);
  const warRoomRequest = useSession((s) => s.warRoomRequest);
  const finalised = useAuditFinalised(release?.auditId);
  // Files dropped anywhere on the release go to its Imports tab; two environments' configuration files are compared (Parity & drift).
  const drop = useFileDrop((files) => {
    if (release) dropOnRelease(files, { auditId: release.auditId, releaseId: release.id }, setView);
  }, Boolean(release) && !finalised);

  const { state, queue, flush } = useAutosave<ReleaseFields>(async (patch) => {
    const saved = await api['releases.update']({ id: releaseId, ...patch });
    setRelease((current) => (current ? { ...current, warnings: saved.warnings, updatedAt: saved.updatedAt } : saved));
    onChanged();
  }, 500, releaseLabels);

  const edit = useCallback(
    (patch: Partial<ReleaseFields>) => {
      setRelease((current) => (current ? { ...current, ...patch } : current));
      queue(patch);
    },
    [queue, setRelease],
  );

  // A saved list (tickets, runbook, components) brings back only what it changed: fields being typed stay.
  const replace = useCallback(
    (next: Release) => {
      setRelease((current) => (current ? { ...current, tickets: next.tickets, runbook: next.runbook, components: next.components, warnings: next.warnings } : next));
      onChanged();
    },
    [onChanged, setRelease],
  );

  const choose = (next: View) => {
    void flush();
    setView(next);
  };

  if (error) return <div className="panel error-panel" role="alert">The release could not be loaded: {error}</div>;
  if (!release) return <p className="muted" role="status">Loading the release…</p>;
  const shown = views.filter((v) => v.id !== 'emergency' || release.emergency);
  const active = shown.some((v) => v.id === view) ? view : 'details';
  return (
    <div className={drop.dragging ? 'release-view dragging' : 'release-view'} {...drop.handlers}>
      <div className="release-head">
        <h2>
          {release.identifier} {release.emergency && <span className="badge badge-breach">emergency</span>}
        </h2>
        <div className="release-actions">
          <SaveIndicator state={state} />
          {!finalised && <ImportButton auditId={release.auditId} releaseId={release.id} shortcut className="" label="Import" />}
        </div>
      </div>
      {release.warnings.length > 0 && (
        <div className="warning-banner" role="alert" aria-label="Release warnings" data-testid="release-warnings">
          <strong>{release.warnings.length === 1 ? '1 warning' : `${release.warnings.length} warnings`}</strong>
          <ul>
            {release.warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      <DroppedConfigNotice releaseId={release.id} view={active} setView={setView} />
      <div role="tablist" aria-label={`${release.identifier} views`} className="tabs">
        {shown.map((v) => (
          <button key={v.id} type="button" role="tab" aria-selected={active === v.id} className={active === v.id ? 'tab active' : 'tab'} onClick={() => choose(v.id)}>
            {v.label}
          </button>
        ))}
      </div>
      <ReadOnlyWhenFinalised finalised={finalised} what="this release is">
        {active === 'details' && <ReleaseDetails release={release} edit={edit} replace={replace} />}
        {active === 'checklist' && <ChecklistRun release={release} readOnly={finalised} />}
        {active === 'warroom' && <WarRoom release={release} focusRequest={warRoomRequest} readOnly={finalised} />}
        {active === 'emergency' && <EmergencyPanel release={release} edit={edit} saveState={state} />}
      </ReadOnlyWhenFinalised>
      {active === 'imports' && <ImportsPane release={release} readOnly={finalised} />}
      {active === 'tests' && <TestsTab release={release} readOnly={finalised} />}
      {active === 'versions' && <VersionsTab release={release} />}
      {active === 'log-anomalies' && <LogAnomalies release={release} readOnly={finalised} />}
      {active === 'vulnerabilities' && <VulnerabilitiesPanel release={release} readOnly={finalised} />}
      {active === 'config' && <ConfigPanel release={release} readOnly={finalised} />}
      {active === 'components' && <ReleaseComponents release={release} readOnly={finalised} />}
    </div>
  );
}

/** The Components tab, with each component's vulnerabilities from the Vulnerabilities tab's rows. */
function ReleaseComponents({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const vulnerabilityOf = useComponentVulnerabilities(release.id);
  return <ComponentsPanel release={release} readOnly={readOnly} vulnerabilityOf={vulnerabilityOf} />;
}
