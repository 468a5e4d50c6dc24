CREATE TABLE `audit_config_ignores` (
	`id` text PRIMARY KEY NOT NULL,
	`patterns` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
