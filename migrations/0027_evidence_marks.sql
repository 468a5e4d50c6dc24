CREATE TABLE `evidence_marks` (
	`id` text PRIMARY KEY NOT NULL,
	`evidence_id` text NOT NULL,
	`confidential` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`marked_by` text NOT NULL,
	`marked_at` text NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_marks_evidence_idx` ON `evidence_marks` (`evidence_id`);