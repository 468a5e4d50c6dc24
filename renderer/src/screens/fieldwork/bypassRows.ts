import type { BypassedControl } from '../../../../shared/api/releases';

// Which bypassed-control rows may be saved. A bad row is kept on screen, marked, and left out of
// the save, so it never holds back (or takes down) the good ones.

export interface ChecklistItemRef {
  key: string;
  title: string;
}

/** The problem of each row in plain words, or null when it can be saved. */
export function bypassRowProblems(rows: BypassedControl[], items: ChecklistItemRef[] | null): Array<string | null> {
  const seen = new Set<string>();
  return rows.map((row) => {
    const duplicate = seen.has(row.itemKey);
    seen.add(row.itemKey);
    if (duplicate) return `${row.itemKey} is already listed above.`;
    if (items && !items.some((i) => i.key === row.itemKey)) return `${row.itemKey} is not an item of the pinned checklist.`;
    if (row.remediatedAt && row.remediatedAt < row.bypassedAt) return 'remediated before it was bypassed: check both times.';
    if (row.note.length > 1000) return 'the note is longer than 1000 characters.';
    return null;
  });
}

/** What the auditor typed or picked ("RA-RFC-04", "ra-rfc-04 — CAB approval…") as an item of the checklist. */
export function pickItem(typed: string, items: ChecklistItemRef[]): ChecklistItemRef | null {
  const key = typed.trim().split(/\s+[—–-]\s+|\s+/)[0]?.toUpperCase() ?? '';
  return items.find((i) => i.key.toUpperCase() === key) ?? null;
}
