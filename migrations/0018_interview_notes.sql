CREATE TABLE `interview_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`interview_id` text NOT NULL,
	`text` text NOT NULL,
	`author` text NOT NULL,
	`corrects_id` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interview_notes_interview_idx` ON `interview_notes` (`interview_id`);--> statement-breakpoint
CREATE INDEX `interview_notes_audit_idx` ON `interview_notes` (`audit_id`);