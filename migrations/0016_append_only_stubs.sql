CREATE TRIGGER `ledger_stubs_no_update` BEFORE UPDATE ON `ledger_stubs` BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: entries cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_stubs_no_delete` BEFORE DELETE ON `ledger_stubs` BEGIN SELECT RAISE(ABORT, 'The ledger is append-only: entries cannot be removed.'); END;
