import semver from 'semver';
import { Fact } from '../../shared/api/imports';
import type { VersionRow, VersionTable } from '../../shared/api/release-versions';
import type { Core } from '../services';
import { getRelease } from './service';

// One table per release of what each source says its version is, and which sources disagree. The
// facts are read straight from the imported facts (read only); the versions typed on the release are
// the rows the older check (warnings.ts) compared alone.

/** A fact with where it came from, as the table needs it. */
export interface SourcedFact {
  id: string;
  importId: string;
  data: Fact;
}

/** The typed fields of the release the table compares. */
export interface DeclaredVersions {
  sourceTag: string;
  buildNumber: string;
  manifestVersion: string;
}

/** The tag of an image reference ("registry:5000/team/app:1.2.3@sha256:…" → "1.2.3"), null when it has none. */
export function imageTag(ref: string): string | null {
  const name = ref.trim().split('@')[0] ?? '';
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > slash ? name.slice(colon + 1) : null;
}

/**
 * The version a label holds: "v1.2.3" and "1.2.3+build.7" → "1.2.3", "release-1.4.2" → "1.4.2",
 * "2.0.0-rc.1" keeps its pre-release; null when there is none ("latest", a bare build number "812").
 */
export function normaliseVersion(label: string): string | null {
  const match = /(?:^|[^\d.])v?(\d+\.\d+(?:\.\d+)*)(-(?=[A-Za-z])[0-9A-Za-z.-]*[0-9A-Za-z])?(?:\+[0-9A-Za-z.-]+)?/i.exec(label);
  if (!match) return null;
  const core = (match[1] as string).split('.').map((part) => String(Number(part))).join('.');
  return `${core}${match[2] ?? ''}`.toLowerCase();
}

const row = (source: VersionRow['source'], label: string, fact: SourcedFact | null, version = normaliseVersion(label)): VersionRow => ({
  source,
  label,
  version,
  agrees: null,
  note: version === null ? 'holds no version' : '',
  factId: fact?.id ?? null,
  importId: fact?.importId ?? null,
  lines: fact?.data.lines ?? null,
});

/** An image named by a drift import's desired manifests, by its live state, or else by a pipeline. */
const imageSource = (ref: string | null): VersionRow['source'] => (ref?.startsWith('desired ') ? 'manifest' : ref?.startsWith('live ') ? 'deployed image' : 'pipeline image');

const newer = (a: string, b: string): number => {
  const [x, y] = [semver.coerce(a, { includePrerelease: true }), semver.coerce(b, { includePrerelease: true })];
  return x && y ? semver.compare(x, y) : a.localeCompare(b);
};

/** The table, from the facts of one release and its typed versions. Pure: the rules call it too. */
export function versionTable(releaseId: string, facts: SourcedFact[], declared: DeclaredVersions | null): VersionTable {
  const rows: VersionRow[] = [];
  const tags: VersionRow[] = [];
  for (const fact of facts) {
    const data = fact.data;
    if (data.kind === 'tag') tags.push(row('git tag', data.name, fact));
    else if (data.kind === 'artifact' && data.type === 'version') rows.push(row('pipeline version', data.value, fact));
    else if (data.kind === 'artifact' && data.type === 'image') rows.push(row(imageSource(data.ref), data.value, fact, normaliseVersion(imageTag(data.value) ?? '')));
    else if (data.kind === 'run' && data.name && normaliseVersion(data.name)) rows.push(row('pipeline run', data.name, fact));
    else if (data.kind === 'run' && data.name && /#\d+/.test(data.name)) rows.push({ ...row('pipeline run', data.name, fact), note: 'a build number, not a version' });
    else if (data.kind === 'rollout' && data.image) rows.push(row('rollout image', data.image, fact, normaliseVersion(imageTag(data.image) ?? '')));
    else if (data.kind === 'sbom-document' && (data.version || data.name)) rows.push(row('SBOM root component', [data.name, data.version].filter(Boolean).join(' '), fact, data.version ? normaliseVersion(data.version) : null));
  }
  // A git log lists the history's tags too: the newest version-bearing tag is the release's, older ones are shown, not compared.
  const versioned = tags.filter((t) => t.version !== null).sort((a, b) => newer(b.version as string, a.version as string));
  for (const earlier of versioned.slice(1)) earlier.note = `an earlier tag than ${versioned[0]?.label}`;
  rows.unshift(...tags);
  if (declared) {
    if (declared.sourceTag.trim()) rows.push(row('source tag (typed)', declared.sourceTag.trim(), null));
    if (declared.buildNumber.trim()) rows.push(row('build (typed)', declared.buildNumber.trim(), null));
    if (declared.manifestVersion.trim()) rows.push(row('deployment manifest (typed)', declared.manifestVersion.trim(), null));
  }
  const compared = rows.filter((r) => r.version !== null && r.note === '');
  const counts = new Map<string, number>();
  for (const r of compared) counts.set(r.version as string, (counts.get(r.version as string) ?? 0) + 1);
  const version = [...counts.entries()].reduce<[string, number] | null>((best, entry) => (best === null || entry[1] > best[1] ? entry : best), null)?.[0] ?? null;
  for (const r of compared) r.agrees = r.version === version;
  const odd = compared.filter((r) => r.agrees === false);
  const said = (r: VersionRow) => `${r.source} ${r.label}`;
  const agreeing = compared.filter((r) => r.agrees);
  const message = odd.length === 0
    ? ''
    : `Versions disagree: ${agreeing.length > 1 ? 'most sources say' : 'the first source says'} ${version} (${agreeing.slice(0, 5).map(said).join(', ')}), but ${odd.slice(0, 10).map((r) => `${said(r)} says ${r.version}`).join('; ')}${odd.length > 10 ? ` and ${odd.length - 10} more disagree` : ''}.`;
  return { releaseId, rows, version, disagree: odd.length > 0, message };
}

/** The fact kinds the table reads. */
export const versionFactKinds = ['tag', 'artifact', 'run', 'rollout', 'sbom-document'] as const;

/** The table of a release, from its imported facts and its typed versions. */
export function releaseVersions(core: Core, releaseId: string): VersionTable {
  const release = getRelease(core, releaseId);
  const rows = core.sqlite
    .prepare(`SELECT id, import_id AS importId, data FROM import_facts WHERE release_id = ? AND kind IN (${versionFactKinds.map(() => '?').join(', ')}) ORDER BY import_id, seq`)
    .all(releaseId, ...versionFactKinds) as Array<{ id: string; importId: string; data: string }>;
  const facts: SourcedFact[] = [];
  for (const r of rows) {
    const parsed = Fact.safeParse(JSON.parse(r.data));
    if (parsed.success) facts.push({ id: r.id, importId: r.importId, data: parsed.data });
  }
  return versionTable(releaseId, facts, release);
}
