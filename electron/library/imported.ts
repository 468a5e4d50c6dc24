import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../shared/api/errors';
import { frameworkSources, type FrameworkSource, type ImportedCoverage, type ImportedFramework, type ImportedFrameworkDetail, type ImportedRequirement } from '../../shared/api/oscal';
import type { TemplateContent } from '../../shared/api/templates';
import { frameworkMappings, importedFrameworks } from '../db/schema';
import { derivedId, utcNow } from '../ids';
import { transact, type Core } from '../services';
import type { Library } from './library';

// Frameworks brought in from outside (an OSCAL catalog, read and checked by electron/oscal/) and the
// library's mappings to them. The catalog is kept as it came, in one record; each mapping is a record
// of its own, the same id on every laptop for the same control and requirement.

export interface NewFramework {
  /** Where it came from (an OSCAL catalog unless said). */
  source?: FrameworkSource;
  sourceUuid: string;
  title: string;
  version: string;
  oscalVersion: string;
  sha256: string;
  requirements: ImportedRequirement[];
}

type FrameworkRow = typeof importedFrameworks.$inferSelect;

export function saveImportedFramework(core: Core, input: NewFramework): ImportedFramework {
  const { source = 'oscal-catalog', ...framework } = input;
  const id = derivedId('imported-framework', source, input.sourceUuid);
  const existing = core.db.select().from(importedFrameworks).where(eq(importedFrameworks.id, id)).get();
  if (existing) throw new AppError('CONFLICT', source === 'ciso-assistant' ? `This library's framework (${input.sourceUuid}) was already imported on ${existing.importedAt} as "${existing.title}".` : `This ${source === 'oscal-profile' ? 'profile' : 'catalog'} (UUID ${input.sourceUuid}) was already imported on ${existing.importedAt} as "${existing.title}"; a new edition of a ${source === 'oscal-profile' ? 'profile' : 'catalog'} carries a new UUID.`);
  const row: FrameworkRow = { id, source, ...framework, importedAt: utcNow(), importedBy: core.actor };
  transact(core, (records) => records.insert('imported_frameworks', row));
  return summary(row, 0);
}

export function listImportedFrameworks(core: Core): ImportedFramework[] {
  const counts = new Map(
    (core.sqlite.prepare('SELECT framework_id AS id, count(*) AS n FROM framework_mappings GROUP BY framework_id').all() as Array<{ id: string; n: number }>).map((r) => [r.id, r.n]),
  );
  return core.db.select().from(importedFrameworks).orderBy(asc(importedFrameworks.title), asc(importedFrameworks.importedAt)).all().map((row) => summary(row, counts.get(row.id) ?? 0));
}

export function getImportedFramework(core: Core, id: string): ImportedFrameworkDetail {
  const row = frameworkRow(core, id);
  const mappings = core.db
    .select({ requirementId: frameworkMappings.requirementId, controlId: frameworkMappings.controlId })
    .from(frameworkMappings)
    .where(eq(frameworkMappings.frameworkId, id))
    .orderBy(asc(frameworkMappings.requirementId), asc(frameworkMappings.controlId))
    .all();
  return { ...summary(row, mappings.length), requirements: row.requirements as ImportedRequirement[], mappings };
}

export function mapRequirement(core: Core, library: Library, input: { frameworkId: string; requirementId: string; controlId: string }): ImportedFrameworkDetail {
  const row = frameworkRow(core, input.frameworkId);
  const requirement = (row.requirements as ImportedRequirement[]).find((r) => r.id === input.requirementId);
  if (!requirement) throw new AppError('NOT_FOUND', `"${row.title}" has no requirement "${input.requirementId}".`);
  if (requirement.kind !== 'control') throw new AppError('VALIDATION', `"${input.requirementId}" is a group of "${row.title}", not a control: map the control to one of its controls.`);
  if (!library.controlsById.has(input.controlId)) throw new AppError('NOT_FOUND', `The control library has no control ${input.controlId}.`);
  const id = derivedId('framework-mapping', input.frameworkId, input.requirementId, input.controlId);
  if (!core.db.select({ id: frameworkMappings.id }).from(frameworkMappings).where(eq(frameworkMappings.id, id)).get()) {
    transact(core, (records) => records.insert('framework_mappings', { id, ...input, createdAt: utcNow(), createdBy: core.actor }));
  }
  return getImportedFramework(core, input.frameworkId);
}

export function unmapRequirement(core: Core, input: { frameworkId: string; requirementId: string; controlId: string }): ImportedFrameworkDetail {
  frameworkRow(core, input.frameworkId);
  const found = core.db
    .select({ id: frameworkMappings.id })
    .from(frameworkMappings)
    .where(and(eq(frameworkMappings.frameworkId, input.frameworkId), eq(frameworkMappings.requirementId, input.requirementId), eq(frameworkMappings.controlId, input.controlId)))
    .all();
  if (found.length === 0) throw new AppError('NOT_FOUND', `${input.controlId} is not mapped to "${input.requirementId}".`);
  transact(core, (records) => found.forEach((m) => records.remove('framework_mappings', m.id)));
  return getImportedFramework(core, input.frameworkId);
}

/** Every mapping to an imported framework: control id → framework title → requirement ids. */
export function importedMappingsOf(core: Core): Map<string, Map<string, string[]>> {
  const rows = core.sqlite
    .prepare('SELECT m.control_id AS controlId, f.title AS framework, m.requirement_id AS requirementId FROM framework_mappings m JOIN imported_frameworks f ON f.id = m.framework_id ORDER BY f.title, m.requirement_id')
    .all() as Array<{ controlId: string; framework: string; requirementId: string }>;
  const byControl = new Map<string, Map<string, string[]>>();
  for (const row of rows) {
    const perFramework = byControl.get(row.controlId) ?? new Map<string, string[]>();
    perFramework.set(row.framework, [...(perFramework.get(row.framework) ?? []), row.requirementId]);
    byControl.set(row.controlId, perFramework);
  }
  return byControl;
}

/** Which controls of an imported framework the template's controls cover (a control counts its enhancements' mappings too), and the gaps. */
export function importedCoverage(core: Core, library: Library, frameworkId: string, templateVersionId: string, content: TemplateContent): ImportedCoverage {
  const detail = getImportedFramework(core, frameworkId);
  const inTemplate = new Set(content.items.map((item) => item.controlId).filter((id): id is string => id !== null));
  const children = new Map<string, string[]>();
  for (const r of detail.requirements) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const mapped = new Map<string, string[]>();
  for (const m of detail.mappings) if (inTemplate.has(m.controlId)) mapped.set(m.requirementId, [...(mapped.get(m.requirementId) ?? []), m.controlId]);
  const under = (id: string): string[] => [...(mapped.get(id) ?? []), ...(children.get(id) ?? []).flatMap(under)];
  const rows = detail.requirements
    .filter((r) => r.kind === 'control')
    .map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      depth: r.depth,
      controls: [...new Set(under(r.id))].sort().map((id) => ({ id, title: library.controlsById.get(id)?.title ?? id })),
    }));
  const covered = rows.filter((row) => row.controls.length > 0).length;
  return { frameworkId, title: detail.title, templateVersionId, rows, covered, gaps: rows.length - covered };
}

function frameworkRow(core: Core, id: string): FrameworkRow {
  const row = core.db.select().from(importedFrameworks).where(eq(importedFrameworks.id, id)).get();
  if (!row) throw new AppError('NOT_FOUND', `There is no imported framework with the id ${id}.`);
  return row;
}

function summary(row: FrameworkRow, mappingCount: number): ImportedFramework {
  const { requirements, source, ...rest } = row;
  return { ...rest, source: frameworkSources.includes(source as FrameworkSource) ? (source as FrameworkSource) : 'oscal-catalog', requirementCount: (requirements as unknown[]).filter((r) => (r as ImportedRequirement).kind === 'control').length, mappingCount };
}
