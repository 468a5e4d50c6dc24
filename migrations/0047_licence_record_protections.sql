-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `licence_policies_frozen_insert` BEFORE INSERT ON `licence_policies` WHEN (SELECT status FROM audits WHERE id = NEW.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `licence_policies_frozen_update` BEFORE UPDATE ON `licence_policies` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `licence_policies_frozen_delete` BEFORE DELETE ON `licence_policies` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
