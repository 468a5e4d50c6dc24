import { getAuditRow } from '../rows';
import { listResults } from '../checklist/service';
import { pinnedVersion } from '../checklist/pinned';
import { listReleases } from '../releases/service';
import type { Core } from '../services';
import type { CellValue, SheetTable } from './table';

// The checklist part: every item of the pinned checklist with each result recorded for it (per
// release, or for the whole audit), and the items with no result yet as not tested.

export function checklistTable(core: Core, auditId: string): SheetTable {
  const audit = getAuditRow(core, auditId);
  const items = audit.templateVersionId ? pinnedVersion(core, audit.templateVersionId).content.items : [];
  const releases = new Map(listReleases(core, auditId).map((r) => [r.id, r.identifier]));
  const results = listResults(core, auditId);
  const byItem = new Map<string, typeof results>();
  for (const result of results) byItem.set(result.itemKey, [...(byItem.get(result.itemKey) ?? []), result]);
  const rows: CellValue[][] = [];
  for (const item of items) {
    const recorded = byItem.get(item.key) ?? [];
    const base = [item.key, item.title, item.stage, item.controlId];
    if (recorded.length === 0) rows.push([...base, null, 'not-tested', '', null, null, 0, null]);
    for (const r of recorded) {
      rows.push([...base, r.releaseId ? (releases.get(r.releaseId) ?? r.releaseId) : null, r.result, r.note, r.recordedBy, r.recordedAt, r.evidenceCount, r.findingId]);
    }
  }
  return {
    sheet: 'Checklist',
    columns: [
      { header: 'Item', type: 'text' },
      { header: 'Title', type: 'text' },
      { header: 'Stage', type: 'text' },
      { header: 'Control', type: 'text' },
      { header: 'Release', type: 'text' },
      { header: 'Result', type: 'text' },
      { header: 'Note', type: 'text' },
      { header: 'Recorded by', type: 'text' },
      { header: 'Recorded (UTC)', type: 'datetime' },
      { header: 'Evidence', type: 'number' },
      { header: 'Finding raised', type: 'text' },
    ],
    rows,
  };
}
