import { eq } from 'drizzle-orm';
import type { FactOf } from '../../shared/api/imports';
import { releaseComponents } from '../db/schema';
import { newId } from '../ids';
import type { RecordWriter } from '../ledger/records';
import type { Core } from '../services';

// The release's components list filled from an SBOM. Rows an SBOM wrote carry its import id
// (`imported_from`) and are the import's: the screen shows them but cannot edit or remove them, and
// the next SBOM of the release replaces them (a row still listed keeps its id and notes, one no longer
// listed goes, a new one comes). Rows typed by hand are never touched.

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function applyImportedComponents(core: Core, records: RecordWriter, releaseId: string, importId: string, components: Array<FactOf<'sbom-component'>>): void {
  const wanted = new Map<string, { name: string; version: string; licence: string }>();
  for (const c of components) {
    const name = clip(c.group ? `${c.group}/${c.name}` : c.name, 200);
    const version = clip(c.version ?? '', 80);
    wanted.set(`${name}\u0000${version}`, { name, version, licence: clip(c.licence.expression ?? '', 120) });
  }
  const rows = core.db.select().from(releaseComponents).where(eq(releaseComponents.releaseId, releaseId)).all().filter((r) => r.importedFrom !== null);
  const kept = new Set<string>();
  for (const row of rows) {
    const key = `${row.name}\u0000${row.version}`;
    const next = wanted.get(key);
    if (!next || kept.has(key)) {
      records.remove('release_components', row.id);
      continue;
    }
    kept.add(key);
    const changes: Record<string, unknown> = {};
    if (row.licence !== next.licence) changes.licence = next.licence;
    if (row.importedFrom !== importId) changes.importedFrom = importId;
    if (Object.keys(changes).length > 0) records.update('release_components', row.id, changes);
  }
  for (const [key, c] of wanted) {
    if (!kept.has(key)) records.insert('release_components', { id: newId(), releaseId, name: c.name, version: c.version, licence: c.licence, vulnerabilityStatus: 'unknown', notes: '', importedFrom: importId });
  }
}
