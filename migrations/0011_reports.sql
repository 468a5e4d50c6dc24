CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`report_id` text NOT NULL,
	`kind` text NOT NULL,
	`distribution` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`signed_by` text DEFAULT '' NOT NULL,
	`certificate_fingerprint` text DEFAULT '' NOT NULL,
	`generated_at` text NOT NULL,
	`generated_by` text NOT NULL,
	`retain_until` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reports_audit_idx` ON `reports` (`audit_id`);--> statement-breakpoint
CREATE TRIGGER `reports_no_update` BEFORE UPDATE ON `reports` BEGIN SELECT RAISE(ABORT, 'An issued report is never changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `reports_no_delete` BEFORE DELETE ON `reports` BEGIN SELECT RAISE(ABORT, 'An issued report is kept until its retention date.'); END;
