import type { EntryKind, WarRoomEntry } from '../../shared/api/warroom';
import type { warroomEntries } from '../db/schema';

// A war-room log row as the contract shows it (read by the service, the order checks and the log).

type EntryRow = typeof warroomEntries.$inferSelect;

export function toEntry(row: EntryRow): WarRoomEntry {
  return {
    id: row.id,
    auditId: row.auditId,
    releaseId: row.releaseId as string,
    kind: row.kind as EntryKind,
    at: row.at,
    recordedAt: row.recordedAt || row.at,
    actor: row.actor,
    body: row.body,
    correctsId: row.correctsId,
  };
}
