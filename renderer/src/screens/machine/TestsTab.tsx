import { useState } from 'react';
import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { ScansPanel } from './ScansPanel';
import { TestsPanel } from './TestsPanel';
import { TestsSettings } from './TestsSettings';
import { VersionsPanel } from './VersionsPanel';

// The release's "Tests & scans" tab: its test reports and sign-offs, its scans, the audit's settings
// for both, and the versions table.

export function TestsTab({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const [version, setVersion] = useState(0);
  const tests = useQuery(() => api['testing.release']({ releaseId: release.id }), [release.id, version]);
  const versions = useQuery(() => api['releases.versions']({ releaseId: release.id }), [release.id, version]);
  const reload = () => setVersion((v) => v + 1);
  return (
    <div className="tests-tab">
      {tests.error && <p className="field-error" role="alert">The tests and scans could not be loaded: {plainError(tests.error)}</p>}
      {tests.data && <TestsPanel release={release} tests={tests.data} readOnly={readOnly} onSigned={reload} />}
      {tests.data && <ScansPanel tests={tests.data} />}
      {versions.error && <p className="field-error" role="alert">The versions could not be loaded: {plainError(versions.error)}</p>}
      {versions.data && <VersionsPanel table={versions.data} />}
      <TestsSettings auditId={release.auditId} readOnly={readOnly} onSaved={reload} />
    </div>
  );
}
