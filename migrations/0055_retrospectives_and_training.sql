CREATE TABLE `calibration_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`held_on` text NOT NULL,
	`auditors` text DEFAULT '[]' NOT NULL,
	`release_team` text DEFAULT '[]' NOT NULL,
	`control_ids` text DEFAULT '[]' NOT NULL,
	`interpretations` text DEFAULT '[]' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `calibration_sessions_held_idx` ON `calibration_sessions` (`held_on`);--> statement-breakpoint
CREATE TABLE `retro_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`retrospective_id` text,
	`thread_id` text NOT NULL,
	`text` text NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`due_on` text,
	`status` text DEFAULT 'open' NOT NULL,
	`drop_reason` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retrospective_id`) REFERENCES `retrospectives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `retro_actions_audit_idx` ON `retro_actions` (`audit_id`);--> statement-breakpoint
CREATE INDEX `retro_actions_thread_idx` ON `retro_actions` (`thread_id`);--> statement-breakpoint
CREATE TABLE `retrospectives` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`release_id` text,
	`title` text NOT NULL,
	`held_on` text,
	`participants` text DEFAULT '[]' NOT NULL,
	`went_well` text DEFAULT '' NOT NULL,
	`went_badly` text DEFAULT '' NOT NULL,
	`finding_ids` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`release_id`) REFERENCES `releases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `retrospectives_audit_idx` ON `retrospectives` (`audit_id`);--> statement-breakpoint
CREATE TABLE `training_needs` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`finding_id` text NOT NULL,
	`role` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`planned_on` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_needs_audit_idx` ON `training_needs` (`audit_id`);--> statement-breakpoint
CREATE INDEX `training_needs_finding_idx` ON `training_needs` (`finding_id`);