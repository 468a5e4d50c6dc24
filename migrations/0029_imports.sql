CREATE TABLE `import_facts` (
	`id` text PRIMARY KEY NOT NULL,
	`import_id` text NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text,
	`kind` text NOT NULL,
	`seq` integer NOT NULL,
	`line_from` integer NOT NULL,
	`line_to` integer NOT NULL,
	`data` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_facts_import_idx` ON `import_facts` (`import_id`,`seq`);--> statement-breakpoint
CREATE INDEX `import_facts_release_idx` ON `import_facts` (`release_id`,`kind`);--> statement-breakpoint
CREATE INDEX `import_facts_audit_idx` ON `import_facts` (`audit_id`,`kind`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text,
	`evidence_id` text NOT NULL,
	`kind` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`lines` integer NOT NULL,
	`detection` text DEFAULT '' NOT NULL,
	`warnings` text NOT NULL,
	`fact_count` integer NOT NULL,
	`imported_by` text NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `imports_audit_idx` ON `imports` (`audit_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `imports_release_idx` ON `imports` (`release_id`);