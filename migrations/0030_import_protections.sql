-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `imports_no_update` BEFORE UPDATE ON `imports` BEGIN SELECT RAISE(ABORT, 'The import records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `imports_no_delete` BEFORE DELETE ON `imports` BEGIN SELECT RAISE(ABORT, 'The import records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `imports_frozen_insert` BEFORE INSERT ON `imports` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `import_facts_no_update` BEFORE UPDATE ON `import_facts` BEGIN SELECT RAISE(ABORT, 'The imported fact records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `import_facts_no_delete` BEFORE DELETE ON `import_facts` BEGIN SELECT RAISE(ABORT, 'The imported fact records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `import_facts_frozen_insert` BEFORE INSERT ON `import_facts` WHEN (SELECT (SELECT status FROM audits WHERE id = p0.audit_id) FROM imports p0 WHERE p0.id = NEW.import_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
