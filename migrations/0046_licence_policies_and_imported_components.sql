CREATE TABLE `licence_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`allowed` text NOT NULL,
	`review` text NOT NULL,
	`denied` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `release_components` ADD `imported_from` text;