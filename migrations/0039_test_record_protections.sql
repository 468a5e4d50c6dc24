-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `test_settings_frozen_insert` BEFORE INSERT ON `test_settings` WHEN (SELECT status FROM audits WHERE id = NEW.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `test_settings_frozen_update` BEFORE UPDATE ON `test_settings` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `test_settings_frozen_delete` BEFORE DELETE ON `test_settings` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `test_sign_offs_no_update` BEFORE UPDATE ON `test_sign_offs` BEGIN SELECT RAISE(ABORT, 'The test sign-off records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `test_sign_offs_no_delete` BEFORE DELETE ON `test_sign_offs` BEGIN SELECT RAISE(ABORT, 'The test sign-off records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `test_sign_offs_frozen_insert` BEFORE INSERT ON `test_sign_offs` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
