CREATE TABLE `audit_members` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`set_by` text NOT NULL,
	`set_at` text NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_members_audit_idx` ON `audit_members` (`audit_id`);--> statement-breakpoint
CREATE INDEX `audit_members_fingerprint_idx` ON `audit_members` (`fingerprint`);--> statement-breakpoint
CREATE TABLE `hub_connection` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`name` text NOT NULL,
	`hub_device_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`tls_certificate` text NOT NULL,
	`tls_fingerprint` text NOT NULL,
	`connected_at` text NOT NULL,
	`connected_by` text NOT NULL,
	`last_sync_at` text,
	`last_result` text,
	`background` integer DEFAULT true NOT NULL
);
