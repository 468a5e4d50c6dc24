CREATE TABLE `audit_rule_pins` (
	`id` text PRIMARY KEY NOT NULL,
	`pack_version_id` text NOT NULL,
	`pinned_at` text NOT NULL,
	`pinned_by` text NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pack_version_id`) REFERENCES `rule_pack_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rule_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text,
	`pack_version_id` text NOT NULL,
	`pack_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`subject_key` text NOT NULL,
	`severity` text NOT NULL,
	`title` text NOT NULL,
	`criteria` text NOT NULL,
	`condition` text NOT NULL,
	`control_id` text,
	`effect` text DEFAULT '' NOT NULL,
	`recommendation` text DEFAULT '' NOT NULL,
	`proof` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`dismiss_reason` text DEFAULT '' NOT NULL,
	`finding_id` text,
	`drafted_at` text NOT NULL,
	`drafted_by` text NOT NULL,
	`decided_at` text,
	`decided_by` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pack_version_id`) REFERENCES `rule_pack_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rule_drafts_audit_idx` ON `rule_drafts` (`audit_id`,`rule_id`,`subject_key`);--> statement-breakpoint
CREATE INDEX `rule_drafts_release_idx` ON `rule_drafts` (`release_id`);--> statement-breakpoint
CREATE TABLE `rule_pack_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`pack_id` text NOT NULL,
	`version` integer NOT NULL,
	`content` text NOT NULL,
	`source` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`pack_id`) REFERENCES `rule_packs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rule_pack_versions_pack_idx` ON `rule_pack_versions` (`pack_id`,`version`);--> statement-breakpoint
CREATE TABLE `rule_packs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
