-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `rule_pack_versions_no_update` BEFORE UPDATE ON `rule_pack_versions` BEGIN SELECT RAISE(ABORT, 'The rule pack version records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `rule_pack_versions_no_delete` BEFORE DELETE ON `rule_pack_versions` BEGIN SELECT RAISE(ABORT, 'The rule pack version records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_rule_pins_frozen_insert` BEFORE INSERT ON `audit_rule_pins` WHEN (SELECT status FROM audits WHERE id = NEW.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_rule_pins_frozen_update` BEFORE UPDATE ON `audit_rule_pins` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_rule_pins_frozen_delete` BEFORE DELETE ON `audit_rule_pins` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `rule_drafts_no_delete` BEFORE DELETE ON `rule_drafts` BEGIN SELECT RAISE(ABORT, 'The drafted finding records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `rule_drafts_frozen_insert` BEFORE INSERT ON `rule_drafts` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `rule_drafts_frozen_update` BEFORE UPDATE ON `rule_drafts` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
