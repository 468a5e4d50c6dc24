-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `retrospectives_frozen_insert` BEFORE INSERT ON `retrospectives` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `retrospectives_frozen_update` BEFORE UPDATE ON `retrospectives` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `retrospectives_frozen_delete` BEFORE DELETE ON `retrospectives` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `retro_actions_frozen_insert` BEFORE INSERT ON `retro_actions` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `retro_actions_frozen_update` BEFORE UPDATE ON `retro_actions` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `retro_actions_frozen_delete` BEFORE DELETE ON `retro_actions` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `training_needs_frozen_insert` BEFORE INSERT ON `training_needs` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `training_needs_frozen_update` BEFORE UPDATE ON `training_needs` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `training_needs_frozen_delete` BEFORE DELETE ON `training_needs` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
