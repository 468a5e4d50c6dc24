CREATE TABLE `test_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`scan_threshold` text NOT NULL,
	`test_kinds` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `test_sign_offs` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`import_id` text NOT NULL,
	`release_id` text,
	`signed_by` text NOT NULL,
	`role` text NOT NULL,
	`signed_at` text NOT NULL,
	`decision` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `test_sign_offs_audit_idx` ON `test_sign_offs` (`audit_id`,`import_id`);