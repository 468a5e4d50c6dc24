CREATE TABLE `finding_cause_groups` (
	`control_key` text NOT NULL,
	`cause` text NOT NULL,
	`audit_id` text NOT NULL,
	`audit_created_at` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`control_key`, `cause`, `audit_id`)
);
--> statement-breakpoint
CREATE INDEX `finding_cause_groups_time_idx` ON `finding_cause_groups` (`control_key`,`cause`,`audit_created_at`);--> statement-breakpoint
CREATE INDEX `finding_cause_groups_audit_idx` ON `finding_cause_groups` (`audit_id`);--> statement-breakpoint
CREATE TABLE `finding_cause_totals` (
	`control_key` text NOT NULL,
	`cause` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`control_key`, `cause`)
);
--> statement-breakpoint
-- Repeat detection reads these two derived tables instead of every earlier finding of a control: the triggers keep
-- them in step with every write to findings (the services, an import merge, a replay), and the statements after them
-- fill them for a folder made before they existed. A raised finding is one in any status but draft.
CREATE TRIGGER `finding_cause_groups_ai` AFTER INSERT ON `findings` WHEN NEW.control_id IS NOT NULL AND NEW.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') BEGIN INSERT INTO finding_cause_groups (control_key, cause, audit_id, audit_created_at, n) SELECT lower(NEW.control_id), NEW.cause, NEW.audit_id, a.created_at, 1 FROM audits a WHERE a.id = NEW.audit_id AND NEW.control_id IS NOT NULL AND NEW.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') ON CONFLICT (control_key, cause, audit_id) DO UPDATE SET n = n + 1; INSERT INTO finding_cause_totals (control_key, cause, n) SELECT lower(NEW.control_id), NEW.cause, 1 FROM audits a WHERE a.id = NEW.audit_id AND NEW.control_id IS NOT NULL AND NEW.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') ON CONFLICT (control_key, cause) DO UPDATE SET n = n + 1; END;
--> statement-breakpoint
CREATE TRIGGER `finding_cause_groups_au` AFTER UPDATE OF control_id, cause, status, audit_id ON `findings` WHEN (OLD.control_id IS NOT NULL AND OLD.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted')) OR (NEW.control_id IS NOT NULL AND NEW.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted')) BEGIN UPDATE finding_cause_groups SET n = n - 1 WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND audit_id = OLD.audit_id AND OLD.control_id IS NOT NULL AND OLD.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted'); DELETE FROM finding_cause_groups WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND audit_id = OLD.audit_id AND n <= 0; UPDATE finding_cause_totals SET n = n - 1 WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND OLD.control_id IS NOT NULL AND OLD.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') AND EXISTS (SELECT 1 FROM audits a WHERE a.id = OLD.audit_id); DELETE FROM finding_cause_totals WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND n <= 0; INSERT INTO finding_cause_groups (control_key, cause, audit_id, audit_created_at, n) SELECT lower(NEW.control_id), NEW.cause, NEW.audit_id, a.created_at, 1 FROM audits a WHERE a.id = NEW.audit_id AND NEW.control_id IS NOT NULL AND NEW.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') ON CONFLICT (control_key, cause, audit_id) DO UPDATE SET n = n + 1; INSERT INTO finding_cause_totals (control_key, cause, n) SELECT lower(NEW.control_id), NEW.cause, 1 FROM audits a WHERE a.id = NEW.audit_id AND NEW.control_id IS NOT NULL AND NEW.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') ON CONFLICT (control_key, cause) DO UPDATE SET n = n + 1; END;
--> statement-breakpoint
CREATE TRIGGER `finding_cause_groups_ad` AFTER DELETE ON `findings` WHEN OLD.control_id IS NOT NULL AND OLD.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') BEGIN UPDATE finding_cause_groups SET n = n - 1 WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND audit_id = OLD.audit_id AND OLD.control_id IS NOT NULL AND OLD.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted'); DELETE FROM finding_cause_groups WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND audit_id = OLD.audit_id AND n <= 0; UPDATE finding_cause_totals SET n = n - 1 WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND OLD.control_id IS NOT NULL AND OLD.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') AND EXISTS (SELECT 1 FROM audits a WHERE a.id = OLD.audit_id); DELETE FROM finding_cause_totals WHERE control_key = lower(OLD.control_id) AND cause = OLD.cause AND n <= 0; END;
--> statement-breakpoint
CREATE TRIGGER `finding_cause_groups_audit_au` AFTER UPDATE OF created_at ON `audits` BEGIN UPDATE finding_cause_groups SET audit_created_at = NEW.created_at WHERE audit_id = NEW.id; END;
--> statement-breakpoint
INSERT INTO finding_cause_groups (control_key, cause, audit_id, audit_created_at, n) SELECT lower(f.control_id), f.cause, f.audit_id, a.created_at, count(*) FROM findings f JOIN audits a ON a.id = f.audit_id WHERE f.control_id IS NOT NULL AND f.status IN ('open', 'in-remediation', 'ready-for-verification', 'closed', 'risk-accepted') GROUP BY lower(f.control_id), f.cause, f.audit_id;
--> statement-breakpoint
INSERT INTO finding_cause_totals (control_key, cause, n) SELECT control_key, cause, sum(n) FROM finding_cause_groups GROUP BY control_key, cause;
