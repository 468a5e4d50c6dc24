import type { Release } from '../../../../shared/api/releases';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';
import { useQuery } from '../../hooks/useQuery';
import { VersionsPanel } from './VersionsPanel';

// The release's "Versions" tab: what each source says its version is (read again each time it opens).

export function VersionsTab({ release }: { release: Release }) {
  const versions = useQuery(() => api['releases.versions']({ releaseId: release.id }), [release.id, release.sourceTag, release.buildNumber, release.manifestVersion]);
  if (versions.error) return <p className="field-error" role="alert">The versions could not be loaded: {plainError(versions.error)}</p>;
  if (!versions.data) return <p className="muted" role="status">Loading the versions…</p>;
  return <VersionsPanel table={versions.data} />;
}
