DROP INDEX `template_versions_template_version_uq`;--> statement-breakpoint
CREATE INDEX `template_versions_template_version_idx` ON `template_versions` (`template_id`,`version`);