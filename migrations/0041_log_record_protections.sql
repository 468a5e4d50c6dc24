-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `log_observations_no_delete` BEFORE DELETE ON `log_observations` BEGIN SELECT RAISE(ABORT, 'The log observation records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `log_observations_frozen_insert` BEFORE INSERT ON `log_observations` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `log_observations_frozen_update` BEFORE UPDATE ON `log_observations` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
