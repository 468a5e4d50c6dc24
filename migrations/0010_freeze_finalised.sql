-- A finalised audit is frozen in the database itself: no record of it can be added, changed or removed.
-- Custody events (views, exports) and amendments are still recorded.
CREATE TRIGGER `audits_frozen_update` BEFORE UPDATE ON `audits` WHEN OLD.status = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `audits_frozen_delete` BEFORE DELETE ON `audits` WHEN OLD.status = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `releases_frozen_insert` BEFORE INSERT ON `releases` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `releases_frozen_update` BEFORE UPDATE ON `releases` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `releases_frozen_delete` BEFORE DELETE ON `releases` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `checklist_results_frozen_insert` BEFORE INSERT ON `checklist_results` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `checklist_results_frozen_update` BEFORE UPDATE ON `checklist_results` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `checklist_results_frozen_delete` BEFORE DELETE ON `checklist_results` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_frozen_insert` BEFORE INSERT ON `evidence` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_frozen_update` BEFORE UPDATE ON `evidence` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_frozen_delete` BEFORE DELETE ON `evidence` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `interviews_frozen_insert` BEFORE INSERT ON `interviews` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `interviews_frozen_update` BEFORE UPDATE ON `interviews` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `interviews_frozen_delete` BEFORE DELETE ON `interviews` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `warroom_entries_frozen_insert` BEFORE INSERT ON `warroom_entries` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `warroom_entries_frozen_update` BEFORE UPDATE ON `warroom_entries` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `warroom_entries_frozen_delete` BEFORE DELETE ON `warroom_entries` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `findings_frozen_insert` BEFORE INSERT ON `findings` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `findings_frozen_update` BEFORE UPDATE ON `findings` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `findings_frozen_delete` BEFORE DELETE ON `findings` WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_plans_frozen_insert` BEFORE INSERT ON `audit_plans` WHEN (SELECT status FROM audits WHERE id = NEW.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_plans_frozen_update` BEFORE UPDATE ON `audit_plans` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `change_tickets_frozen_insert` BEFORE INSERT ON `change_tickets` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = NEW.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `change_tickets_frozen_update` BEFORE UPDATE ON `change_tickets` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = OLD.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `change_tickets_frozen_delete` BEFORE DELETE ON `change_tickets` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = OLD.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `runbook_steps_frozen_insert` BEFORE INSERT ON `runbook_steps` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = NEW.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `runbook_steps_frozen_update` BEFORE UPDATE ON `runbook_steps` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = OLD.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `runbook_steps_frozen_delete` BEFORE DELETE ON `runbook_steps` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = OLD.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `release_components_frozen_insert` BEFORE INSERT ON `release_components` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = NEW.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `release_components_frozen_update` BEFORE UPDATE ON `release_components` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = OLD.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `release_components_frozen_delete` BEFORE DELETE ON `release_components` WHEN (SELECT a.status FROM releases r JOIN audits a ON a.id = r.audit_id WHERE r.id = OLD.release_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_links_frozen_insert` BEFORE INSERT ON `evidence_links` WHEN (SELECT a.status FROM evidence e JOIN audits a ON a.id = e.audit_id WHERE e.id = NEW.evidence_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_amendments_no_update` BEFORE UPDATE ON `audit_amendments` BEGIN SELECT RAISE(ABORT, 'Amendments are append-only.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_amendments_no_delete` BEFORE DELETE ON `audit_amendments` BEGIN SELECT RAISE(ABORT, 'Amendments are append-only.'); END;
