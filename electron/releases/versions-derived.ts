import type { Fact } from '../../shared/api/imports';
import { versionTable, type DeclaredVersions } from './versions';

// For a rule `for: release`: whether the sources of the release's version disagree (derived.versions*),
// from the same table the Versions view shows.

interface Stored { id: string; importId: string; data: Fact }

export function deriveReleaseVersions(facts: Stored[], _release: Record<string, unknown>, context: { release: { id: string; declaredVersions?: DeclaredVersions } | null }): Record<string, unknown> {
  const release = context.release;
  if (!release) return {};
  const table = versionTable(release.id, facts, release.declaredVersions ?? null);
  const byId = new Map(facts.map((f) => [f.id, f.data]));
  return {
    version: table.version,
    versionsDisagree: table.disagree,
    versionMessage: table.message,
    versionSources: table.rows.filter((r) => r.agrees !== null).map((r) => `${r.source} ${r.label}`),
    /** The facts of the sources compared, cited as proof. */
    versionFacts: table.rows.filter((r) => r.agrees !== null && r.factId).map((r) => byId.get(r.factId as string)),
  };
}
