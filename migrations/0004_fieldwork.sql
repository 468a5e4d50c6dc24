CREATE TABLE `change_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`release_id` text NOT NULL,
	`reference` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`approval_status` text DEFAULT 'pending' NOT NULL,
	`approved_by` text DEFAULT '' NOT NULL,
	`approved_at` text,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_tickets_release_idx` ON `change_tickets` (`release_id`);--> statement-breakpoint
CREATE TABLE `evidence_links` (
	`id` text PRIMARY KEY NOT NULL,
	`evidence_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`linked_by` text NOT NULL,
	`linked_at` text NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_links_target_idx` ON `evidence_links` (`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `evidence_links_evidence_idx` ON `evidence_links` (`evidence_id`);--> statement-breakpoint
CREATE TABLE `release_components` (
	`id` text PRIMARY KEY NOT NULL,
	`release_id` text NOT NULL,
	`name` text NOT NULL,
	`version` text DEFAULT '' NOT NULL,
	`licence` text DEFAULT '' NOT NULL,
	`vulnerability_status` text DEFAULT 'unknown' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `release_components_release_idx` ON `release_components` (`release_id`);--> statement-breakpoint
CREATE TABLE `runbook_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`release_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`planned_start` text,
	`planned_end` text,
	`owner` text DEFAULT '' NOT NULL,
	`parameters` text DEFAULT '{}' NOT NULL,
	`contacts` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `runbook_steps_release_idx` ON `runbook_steps` (`release_id`);--> statement-breakpoint
ALTER TABLE `interviews` ADD `status` text DEFAULT 'planned' NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `questions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `tribal_knowledge` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `follow_ups` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `control_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `release_id` text REFERENCES releases(id);--> statement-breakpoint
ALTER TABLE `releases` ADD `backout_plan` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `risk_assessment` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `source_tag` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `build_number` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `manifest_version` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `runbook_signed_by` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `runbook_signed_at` text;--> statement-breakpoint
ALTER TABLE `releases` ADD `emergency_justification` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `post_facto_approved_by` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `post_facto_approved_at` text;--> statement-breakpoint
ALTER TABLE `releases` ADD `bypassed_controls` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `releases` ADD `emergency_review` text;