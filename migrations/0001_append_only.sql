-- The ledger, evidence records and custody events are append-only: the database itself refuses to change them.
CREATE TRIGGER `ledger_no_update` BEFORE UPDATE ON `ledger` BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: entries cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_no_delete` BEFORE DELETE ON `ledger` BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: entries cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_update` BEFORE UPDATE ON `evidence` BEGIN SELECT RAISE(ABORT, 'Evidence is immutable: its record cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_no_delete` BEFORE DELETE ON `evidence` BEGIN SELECT RAISE(ABORT, 'Evidence is immutable: its record cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `custody_events_no_update` BEFORE UPDATE ON `custody_events` BEGIN SELECT RAISE(ABORT, 'The custody log is append-only.'); END;
--> statement-breakpoint
CREATE TRIGGER `custody_events_no_delete` BEFORE DELETE ON `custody_events` BEGIN SELECT RAISE(ABORT, 'The custody log is append-only.'); END;
