CREATE TABLE `audit_retention` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`policy_id` text NOT NULL,
	`policy_name` text NOT NULL,
	`years` integer NOT NULL,
	`chosen_by` text NOT NULL,
	`chosen_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_id`) REFERENCES `retention_policies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_retention_audit_idx` ON `audit_retention` (`audit_id`);--> statement-breakpoint
CREATE TABLE `report_approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`reviewer` text NOT NULL,
	`role` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`approved_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`edition_digest` text NOT NULL,
	`approved_content` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_approvals_audit_idx` ON `report_approvals` (`audit_id`);--> statement-breakpoint
CREATE TABLE `report_distribution` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`report_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`organisation` text DEFAULT '' NOT NULL,
	`sent_on` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	`corrects_id` text,
	`withdrawn` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_distribution_report_idx` ON `report_distribution` (`report_id`);--> statement-breakpoint
CREATE INDEX `report_distribution_audit_idx` ON `report_distribution` (`audit_id`);--> statement-breakpoint
CREATE TABLE `report_removals` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`report_id` text NOT NULL,
	`removed_by` text NOT NULL,
	`removed_at` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_removals_report_idx` ON `report_removals` (`report_id`);--> statement-breakpoint
CREATE TABLE `retention_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`years` integer NOT NULL,
	`basis` text DEFAULT '' NOT NULL,
	`retired` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `reports` ADD `approval_id` text REFERENCES report_approvals(id);