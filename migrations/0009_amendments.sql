CREATE TABLE `audit_amendments` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`author` text NOT NULL,
	`at` text NOT NULL,
	`reason` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_amendments_audit_idx` ON `audit_amendments` (`audit_id`);