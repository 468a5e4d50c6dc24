import { AppError } from '../../shared/api/errors';
import type { FactOf } from '../../shared/api/imports';
import { licenceVerdicts, type LicenceVerdict, type ReleaseComponents } from '../../shared/api/licences';
import type { Core } from '../services';
import { licenceListsOf } from './service';
import { licenceVerdict } from './verdict';

// The components of a release's newest SBOM with their licence verdicts, for the Components tab
// and the report: one query for the import, one for its component facts.

export function releaseComponents(core: Core, releaseId: string): ReleaseComponents {
  const release = core.sqlite.prepare('SELECT audit_id AS auditId FROM releases WHERE id = ?').get(releaseId) as { auditId: string } | undefined;
  if (!release) throw new AppError('NOT_FOUND', `There is no release with the id ${releaseId}.`);
  const latest = core.sqlite
    .prepare(
      `SELECT i.id AS id, e.original_name AS source FROM imports i JOIN evidence e ON e.id = i.evidence_id
       WHERE i.release_id = ? AND EXISTS (SELECT 1 FROM import_facts f WHERE f.import_id = i.id AND f.kind = 'sbom-component')
       ORDER BY i.imported_at DESC, i.id DESC LIMIT 1`,
    )
    .get(releaseId) as { id: string; source: string } | undefined;
  const counts = Object.fromEntries(licenceVerdicts.map((v) => [v, 0])) as Record<LicenceVerdict, number>;
  if (!latest) return { importId: null, source: null, counts, components: [] };
  const policy = licenceListsOf(core, release.auditId);
  const rows = core.sqlite.prepare("SELECT id, data FROM import_facts WHERE import_id = ? AND kind = 'sbom-component' ORDER BY seq").all(latest.id) as Array<{ id: string; data: string }>;
  const components = rows.map((row) => {
    const fact = JSON.parse(row.data) as FactOf<'sbom-component'>;
    const { verdict, reason } = licenceVerdict(fact.licence, policy);
    counts[verdict] += 1;
    return { factId: row.id, ref: fact.ref, name: fact.name, group: fact.group, version: fact.version, purl: fact.purl, supplier: fact.supplier, licence: fact.licence.expression, verdict, reason, lines: fact.lines };
  });
  return { importId: latest.id, source: latest.source, counts, components };
}
