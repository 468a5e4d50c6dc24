-- Close the freeze: a finalised audit's plan and evidence links cannot be removed either.
CREATE TRIGGER `audit_plans_frozen_delete` BEFORE DELETE ON `audit_plans` WHEN (SELECT status FROM audits WHERE id = OLD.id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_links_frozen_delete` BEFORE DELETE ON `evidence_links` WHEN (SELECT a.status FROM evidence e JOIN audits a ON a.id = e.audit_id WHERE e.id = OLD.evidence_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
