import { eq } from 'drizzle-orm';
import { TICKETS_PER_RELEASE, type ImportedTicket } from '../../shared/api/releases';
import { changeTickets } from '../db/schema';
import { newId } from '../ids';
import type { RecordWriter } from '../ledger/records';
import type { Core } from '../services';

// Change records an import read become the release's change tickets. The rule that keeps a typed
// value safe: a ticket the import creates carries the import's values; on a later import, a field
// still holding what the previous import put there takes the new value, and a field the auditor
// typed (or changed since) is kept as typed. The import's values are always kept beside the ticket
// (its `imported` column), so any difference is shown on the release and warned about, never lost.

export type TicketFromImport = Omit<ImportedTicket, 'differs'> & { reference: string };

export const ticketFields = ['title', 'approvalStatus', 'approvedBy', 'approvedAt'] as const;
type TicketRow = typeof changeTickets.$inferSelect;

const referenceKey = (reference: string): string => reference.trim().toUpperCase();

/** Writes the tickets an import read, in the import's own transaction (`records`). */
export function applyImportedTickets(core: Core, records: RecordWriter, releaseId: string, tickets: TicketFromImport[]): void {
  const existing = new Map(core.db.select().from(changeTickets).where(eq(changeTickets.releaseId, releaseId)).all().map((t) => [referenceKey(t.reference), t]));
  for (const { reference, ...imported } of tickets) {
    const row = existing.get(referenceKey(reference));
    if (!row) {
      // A release holds at most the tickets its screen can save; changes past that stay facts only.
      if (existing.size >= TICKETS_PER_RELEASE) continue;
      const inserted = { id: newId(), releaseId, reference, title: imported.title, approvalStatus: imported.approvalStatus, approvedBy: imported.approvedBy, approvedAt: imported.approvedAt, imported };
      records.insert('change_tickets', inserted);
      existing.set(referenceKey(reference), inserted as TicketRow);
      continue;
    }
    const previous = row.imported as Partial<ImportedTicket> | null;
    const changes: Record<string, unknown> = {};
    for (const field of ticketFields) {
      // Only a value the previous import wrote (and nobody changed since) follows the new import.
      if (previous && row[field] === (previous[field] ?? null) && row[field] !== imported[field]) changes[field] = imported[field];
    }
    if (JSON.stringify(previous) !== JSON.stringify(imported)) changes.imported = imported;
    if (Object.keys(changes).length > 0) records.update('change_tickets', row.id, changes);
  }
}

/** The imported values of a ticket with the fields where the ticket now says something else. */
export function importedOf(row: TicketRow): ImportedTicket | null {
  const stored = row.imported as Omit<ImportedTicket, 'differs'> | null;
  if (!stored) return null;
  return { ...stored, differs: ticketFields.filter((field) => row[field] !== (stored[field] ?? null)) };
}
