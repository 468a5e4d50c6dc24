CREATE TABLE `kpi_dirty` (
	`audit_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kpi_figures` (
	`audit_id` text NOT NULL,
	`release_id` text DEFAULT '' NOT NULL,
	`system` text DEFAULT '' NOT NULL,
	`team` text DEFAULT '' NOT NULL,
	`month` text NOT NULL,
	`kpi` text NOT NULL,
	`part` text DEFAULT '' NOT NULL,
	`due_on` text DEFAULT '' NOT NULL,
	`numerator` real NOT NULL,
	`denominator` real NOT NULL,
	PRIMARY KEY(`audit_id`, `release_id`, `team`, `month`, `kpi`, `part`, `due_on`)
);
--> statement-breakpoint
CREATE INDEX `kpi_figures_kpi_idx` ON `kpi_figures` (`kpi`,`month`);--> statement-breakpoint
CREATE INDEX `kpi_figures_system_idx` ON `kpi_figures` (`system`,`kpi`);--> statement-breakpoint
ALTER TABLE `audit_plans` ADD `emergency_share_threshold_percent` real;
--> statement-breakpoint
-- The KPI views read kpi_figures, kept per audit: these triggers mark an audit dirty on any write to a record its
-- figures are made of (by the services, an import merge or a replay alike), and the next view recomputes only the
-- dirty audits. A finding's repeat state depends on earlier audits' raised findings of the same control, so a write
-- to a finding also marks the later audits whose raised findings name that control (read from finding_cause_groups,
-- one row per audit and cause, never the findings themselves). The last statement marks every audit of a folder
-- made before the table existed.
CREATE TRIGGER `kpi_dirty_checklist_results_ai` AFTER INSERT ON `checklist_results` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_checklist_results_au` AFTER UPDATE ON `checklist_results` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_checklist_results_ad` AFTER DELETE ON `checklist_results` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_releases_ai` AFTER INSERT ON `releases` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_releases_au` AFTER UPDATE ON `releases` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_releases_ad` AFTER DELETE ON `releases` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_warroom_entries_ai` AFTER INSERT ON `warroom_entries` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_warroom_entries_au` AFTER UPDATE ON `warroom_entries` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_warroom_entries_ad` AFTER DELETE ON `warroom_entries` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_findings_ai` AFTER INSERT ON `findings` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_findings_au` AFTER UPDATE ON `findings` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_findings_ad` AFTER DELETE ON `findings` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_test_sign_offs_ai` AFTER INSERT ON `test_sign_offs` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_test_sign_offs_au` AFTER UPDATE ON `test_sign_offs` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.audit_id WHERE NEW.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_test_sign_offs_ad` AFTER DELETE ON `test_sign_offs` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.audit_id WHERE OLD.audit_id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_audit_plans_ai` AFTER INSERT ON `audit_plans` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_audit_plans_au` AFTER UPDATE ON `audit_plans` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_audit_plans_ad` AFTER DELETE ON `audit_plans` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_audits_ai` AFTER INSERT ON `audits` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_audits_au` AFTER UPDATE ON `audits` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT NEW.id WHERE NEW.id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_audits_ad` AFTER DELETE ON `audits` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT OLD.id WHERE OLD.id IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_change_tickets_ai` AFTER INSERT ON `change_tickets` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT (SELECT r.audit_id FROM releases r WHERE r.id = NEW.release_id) WHERE (SELECT r.audit_id FROM releases r WHERE r.id = NEW.release_id) IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_change_tickets_au` AFTER UPDATE ON `change_tickets` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT (SELECT r.audit_id FROM releases r WHERE r.id = OLD.release_id) WHERE (SELECT r.audit_id FROM releases r WHERE r.id = OLD.release_id) IS NOT NULL; INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT (SELECT r.audit_id FROM releases r WHERE r.id = NEW.release_id) WHERE (SELECT r.audit_id FROM releases r WHERE r.id = NEW.release_id) IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_change_tickets_ad` AFTER DELETE ON `change_tickets` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT (SELECT r.audit_id FROM releases r WHERE r.id = OLD.release_id) WHERE (SELECT r.audit_id FROM releases r WHERE r.id = OLD.release_id) IS NOT NULL; END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_finding_repeats_ai` AFTER INSERT ON `findings` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT DISTINCT g.audit_id FROM finding_cause_groups g WHERE NEW.control_id IS NOT NULL AND g.control_key = lower(NEW.control_id) AND g.audit_created_at > (SELECT a.created_at FROM audits a WHERE a.id = NEW.audit_id); END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_finding_repeats_au` AFTER UPDATE OF control_id, cause, status, audit_id ON `findings` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT DISTINCT g.audit_id FROM finding_cause_groups g WHERE OLD.control_id IS NOT NULL AND g.control_key = lower(OLD.control_id) AND g.audit_created_at > (SELECT a.created_at FROM audits a WHERE a.id = OLD.audit_id); INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT DISTINCT g.audit_id FROM finding_cause_groups g WHERE NEW.control_id IS NOT NULL AND g.control_key = lower(NEW.control_id) AND g.audit_created_at > (SELECT a.created_at FROM audits a WHERE a.id = NEW.audit_id); END;
--> statement-breakpoint
CREATE TRIGGER `kpi_dirty_finding_repeats_ad` AFTER DELETE ON `findings` BEGIN INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT DISTINCT g.audit_id FROM finding_cause_groups g WHERE OLD.control_id IS NOT NULL AND g.control_key = lower(OLD.control_id) AND g.audit_created_at > (SELECT a.created_at FROM audits a WHERE a.id = OLD.audit_id); END;
--> statement-breakpoint
INSERT OR IGNORE INTO kpi_dirty (audit_id) SELECT id FROM audits;
