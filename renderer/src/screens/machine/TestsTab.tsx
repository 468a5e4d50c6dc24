import { useState } from 'react';
import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { ScansPanel } from './ScansPanel';
import { TestsPanel } from './TestsPanel';
import { TestsSettings } from './TestsSettings';

// The release's "Tests & scans" tab: its test reports and sign-offs, its scans, the audit's settings
// for both. The versions table has its own tab (VersionsTab).

export function TestsTab({ release, readOnly }: { release: Release; readOnly: boolean }) {
  const [version, setVersion] = useState(0);
  const tests = useQuery(() => api['testing.release']({ releaseId: release.id }), [release.id, version]);
  const reload = () => setVersion((v) => v + 1);
  return (
    <div className="tests-tab">
      {tests.error && <p className="field-error" role="alert">The tests and scans could not be loaded: {plainError(tests.error)}</p>}
      {tests.data && <TestsPanel release={release} tests={tests.data} readOnly={readOnly} onSigned={reload} />}
      {tests.data && <ScansPanel tests={tests.data} />}
      <TestsSettings auditId={release.auditId} readOnly={readOnly} onSaved={reload} />
    </div>
  );
}
