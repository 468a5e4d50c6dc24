CREATE TABLE `audits` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'planning' NOT NULL,
	`template_version_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`finalised_at` text
);
--> statement-breakpoint
CREATE TABLE `checklist_results` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text,
	`template_version_id` text,
	`item_key` text NOT NULL,
	`result` text DEFAULT 'not-tested' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_version_id`) REFERENCES `template_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checklist_results_audit_idx` ON `checklist_results` (`audit_id`);--> statement-breakpoint
CREATE TABLE `checklist_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`draft` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `controls` (
	`id` text PRIMARY KEY NOT NULL,
	`library_version` text NOT NULL,
	`stage` text NOT NULL,
	`title` text NOT NULL,
	`objective` text NOT NULL,
	`test_procedure` text NOT NULL,
	`evidence_expected` text NOT NULL,
	`automation` text NOT NULL,
	`mappings` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `custody_events` (
	`id` text PRIMARY KEY NOT NULL,
	`evidence_id` text NOT NULL,
	`event` text NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`evidence_id`) REFERENCES `evidence`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `custody_events_evidence_idx` ON `custody_events` (`evidence_id`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`original_name` text NOT NULL,
	`captured_by` text NOT NULL,
	`captured_at` text NOT NULL,
	`refers_to` text,
	`source_system` text DEFAULT '' NOT NULL,
	`capture_method` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_audit_idx` ON `evidence` (`audit_id`);--> statement-breakpoint
CREATE INDEX `evidence_sha_idx` ON `evidence` (`sha256`);--> statement-breakpoint
CREATE TABLE `field_clocks` (
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`hlc` text NOT NULL,
	PRIMARY KEY(`entity`, `entity_id`, `field`)
);
--> statement-breakpoint
CREATE TABLE `findings` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`control_id` text,
	`stage` text,
	`criteria` text DEFAULT '' NOT NULL,
	`condition` text DEFAULT '' NOT NULL,
	`cause` text DEFAULT '' NOT NULL,
	`effect` text DEFAULT '' NOT NULL,
	`recommendation` text DEFAULT '' NOT NULL,
	`owner_role` text DEFAULT '' NOT NULL,
	`owner_name` text DEFAULT '' NOT NULL,
	`due_at` text,
	`confidential` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_audit_idx` ON `findings` (`audit_id`);--> statement-breakpoint
CREATE TABLE `interviews` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`interviewee` text NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`team` text DEFAULT '' NOT NULL,
	`interviewer` text DEFAULT '' NOT NULL,
	`scheduled_at` text,
	`held_at` text,
	`consent` integer DEFAULT false NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interviews_audit_idx` ON `interviews` (`audit_id`);--> statement-breakpoint
CREATE TABLE `ledger` (
	`device_id` text NOT NULL,
	`seq` integer NOT NULL,
	`hlc` text NOT NULL,
	`actor` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`fields` text NOT NULL,
	`prev_clocks` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`device_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `ledger_entity_idx` ON `ledger` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `ledger_hlc_idx` ON `ledger` (`hlc`);--> statement-breakpoint
CREATE TABLE `ledger_heads` (
	`device_id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `releases` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`identifier` text NOT NULL,
	`system` text DEFAULT '' NOT NULL,
	`services` text DEFAULT '[]' NOT NULL,
	`environments` text DEFAULT '[]' NOT NULL,
	`window_start` text,
	`window_end` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`risk_class` text DEFAULT 'medium' NOT NULL,
	`emergency` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `releases_audit_idx` ON `releases` (`audit_id`);--> statement-breakpoint
CREATE TABLE `template_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`template_id` text NOT NULL,
	`version` integer NOT NULL,
	`content` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `checklist_templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `template_versions_template_version_uq` ON `template_versions` (`template_id`,`version`);--> statement-breakpoint
CREATE TABLE `warroom_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text,
	`kind` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`body` text NOT NULL,
	`corrects_id` text,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warroom_entries_audit_idx` ON `warroom_entries` (`audit_id`);