import type { Coverage, FrameworkId } from '../../shared/api/library';
import type { TemplateContent } from '../../shared/api/templates';
import type { Library } from './library';

/** Which release-relevant requirements of a framework the template's controls cover, and the gaps. */
export function frameworkCoverage(library: Library, framework: FrameworkId, templateVersionId: string, content: TemplateContent): Coverage {
  const definition = library.frameworks.find((f) => f.framework === framework);
  if (!definition) throw new Error(`Unknown framework ${framework}`);
  const templateControls = content.items
    .filter((item) => item.controlId)
    .map((item) => library.controlsById.get(item.controlId as string))
    .filter((control) => control !== undefined);
  const rows = definition.requirements
    .filter((r) => r.releaseRelevant)
    .map((requirement) => ({
      id: requirement.id,
      title: requirement.title,
      summary: requirement.summary,
      // A clause is covered by controls mapped to it or to any of its sub-clauses (8.5.1 by 8.5.1.3).
      controls: templateControls
        .filter((control) => control.mappings[framework].some((id) => id === requirement.id || id.startsWith(`${requirement.id}.`)))
        .map((control) => ({ id: control.id, title: control.title })),
    }));
  const covered = rows.filter((row) => row.controls.length > 0).length;
  return { framework, title: definition.title, templateVersionId, rows, covered, gaps: rows.length - covered };
}
