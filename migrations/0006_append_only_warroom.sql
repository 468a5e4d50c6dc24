-- The war-room log and evidence links are append-only: a correction is a new entry.
CREATE TRIGGER `warroom_entries_no_update` BEFORE UPDATE ON `warroom_entries` BEGIN SELECT RAISE(ABORT, 'The war-room log is append-only: add a correction instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `warroom_entries_no_delete` BEFORE DELETE ON `warroom_entries` BEGIN SELECT RAISE(ABORT, 'The war-room log is append-only: add a correction instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_links_no_update` BEFORE UPDATE ON `evidence_links` BEGIN SELECT RAISE(ABORT, 'Evidence links are append-only.'); END;
