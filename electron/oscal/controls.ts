import type { ReportData } from '../reports/data';
import { RA_NS, type OscalObject } from './vocabulary';

// The controls an audit reviews: those its pinned checklist names, each with the framework
// requirements the control library maps it to (ITIL 4, COBIT 2019, ISO/IEC 20000-1, SOX ITGC, and any
// framework imported from an OSCAL catalog), carried as properties of the control selection.

export type ControlData = Pick<ReportData, 'items' | 'frameworks' | 'mappings'> & {
  /** Mappings to imported frameworks: control id → framework id → requirement ids. */
  importedMappings: Map<string, Map<string, string[]>>;
};

/** The control ids of the pinned checklist, in checklist order, once each. */
export function checklistControlIds(data: Pick<ReportData, 'items'>): string[] {
  return [...new Set(data.items.map((item) => item.controlId).filter((id): id is string => id !== null))];
}

export function reviewedControls(data: ControlData, description: string): OscalObject {
  const ids = checklistControlIds(data);
  const props = ids.flatMap((controlId) => {
    const shipped = data.frameworks.flatMap((framework) => (data.mappings.get(controlId)?.[framework.id] ?? []).map((requirement) => ({ framework: framework.id, requirement })));
    const imported = [...(data.importedMappings.get(controlId) ?? new Map<string, string[]>()).entries()].flatMap(([framework, requirements]) => requirements.map((requirement) => ({ framework, requirement })));
    return [...shipped, ...imported].map(({ framework, requirement }) => ({ name: 'framework-mapping', ns: RA_NS, class: controlId, value: `${framework}: ${requirement}` }));
  });
  const selection: OscalObject = ids.length > 0
    ? { description: 'The controls of the pinned checklist.', ...(props.length > 0 ? { props } : {}), 'include-controls': ids.map((id) => ({ 'control-id': id })) }
    : { description: 'No checklist is pinned to this audit, so no control was selected.' };
  return { description, 'control-selections': [selection] };
}
