-- A published checklist template version never changes: audits pin it, and reports cite it.
CREATE TRIGGER `template_versions_no_update` BEFORE UPDATE ON `template_versions` BEGIN SELECT RAISE(ABORT, 'A published template version cannot be changed: publish a new version.'); END;
--> statement-breakpoint
CREATE TRIGGER `template_versions_no_delete` BEFORE DELETE ON `template_versions` BEGIN SELECT RAISE(ABORT, 'A published template version cannot be removed.'); END;
