CREATE TABLE `maturity_assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`model_id` text NOT NULL,
	`model_version_id` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `maturity_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_version_id`) REFERENCES `maturity_model_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maturity_assessments_audit_idx` ON `maturity_assessments` (`audit_id`);--> statement-breakpoint
CREATE TABLE `maturity_judgements` (
	`id` text PRIMARY KEY NOT NULL,
	`assessment_id` text NOT NULL,
	`criterion_id` text NOT NULL,
	`status` text DEFAULT 'not-assessed' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`evidence_ids` text DEFAULT '[]' NOT NULL,
	`judged_at` text NOT NULL,
	`judged_by` text NOT NULL,
	FOREIGN KEY (`assessment_id`) REFERENCES `maturity_assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maturity_judgements_assessment_idx` ON `maturity_judgements` (`assessment_id`);--> statement-breakpoint
CREATE TABLE `maturity_model_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`version` integer NOT NULL,
	`content` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `maturity_models`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maturity_model_versions_model_idx` ON `maturity_model_versions` (`model_id`);--> statement-breakpoint
CREATE TABLE `maturity_models` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`draft` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
