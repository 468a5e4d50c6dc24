CREATE TABLE `framework_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`framework_id` text NOT NULL,
	`requirement_id` text NOT NULL,
	`control_id` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`framework_id`) REFERENCES `imported_frameworks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `framework_mappings_framework_idx` ON `framework_mappings` (`framework_id`);--> statement-breakpoint
CREATE TABLE `imported_frameworks` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`source_uuid` text NOT NULL,
	`title` text NOT NULL,
	`version` text NOT NULL,
	`oscal_version` text NOT NULL,
	`sha256` text NOT NULL,
	`requirements` text NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL
);
