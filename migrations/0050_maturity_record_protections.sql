-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `maturity_model_versions_no_update` BEFORE UPDATE ON `maturity_model_versions` BEGIN SELECT RAISE(ABORT, 'The maturity model version records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_model_versions_no_delete` BEFORE DELETE ON `maturity_model_versions` BEGIN SELECT RAISE(ABORT, 'The maturity model version records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_assessments_no_update` BEFORE UPDATE ON `maturity_assessments` BEGIN SELECT RAISE(ABORT, 'The maturity assessment records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_assessments_no_delete` BEFORE DELETE ON `maturity_assessments` BEGIN SELECT RAISE(ABORT, 'The maturity assessment records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_assessments_frozen_insert` BEFORE INSERT ON `maturity_assessments` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_judgements_frozen_insert` BEFORE INSERT ON `maturity_judgements` WHEN (SELECT (SELECT status FROM audits WHERE id = p0.audit_id) FROM maturity_assessments p0 WHERE p0.id = NEW.assessment_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_judgements_frozen_update` BEFORE UPDATE ON `maturity_judgements` WHEN (SELECT (SELECT status FROM audits WHERE id = p0.audit_id) FROM maturity_assessments p0 WHERE p0.id = OLD.assessment_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `maturity_judgements_frozen_delete` BEFORE DELETE ON `maturity_judgements` WHEN (SELECT (SELECT status FROM audits WHERE id = p0.audit_id) FROM maturity_assessments p0 WHERE p0.id = OLD.assessment_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
