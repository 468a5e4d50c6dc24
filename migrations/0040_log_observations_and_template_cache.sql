CREATE TABLE `log_observations` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text NOT NULL,
	`import_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_key` text NOT NULL,
	`title` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	`line_from` integer NOT NULL,
	`line_to` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`finding_id` text,
	`dismiss_reason` text DEFAULT '' NOT NULL,
	`noted_at` text NOT NULL,
	`noted_by` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `log_observations_subject_idx` ON `log_observations` (`release_id`,`subject_key`);--> statement-breakpoint
CREATE INDEX `log_observations_audit_idx` ON `log_observations` (`audit_id`);--> statement-breakpoint
CREATE TABLE `log_template_cache` (
	`import_id` text PRIMARY KEY NOT NULL,
	`settings_key` text NOT NULL,
	`format` text NOT NULL,
	`lines` integer NOT NULL,
	`templates` text NOT NULL,
	`events` text NOT NULL,
	`mined_at` text NOT NULL
);
