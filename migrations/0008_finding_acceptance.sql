ALTER TABLE `findings` ADD `accepted_by` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `findings` ADD `accepted_reason` text DEFAULT '' NOT NULL;