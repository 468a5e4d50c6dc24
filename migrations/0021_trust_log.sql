CREATE TABLE `device_keys` (
	`device_id` text PRIMARY KEY NOT NULL,
	`fingerprint` text NOT NULL,
	`actor` text NOT NULL,
	`bound_at` text NOT NULL,
	`bound_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_forks` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`from_seq` integer NOT NULL,
	`to_seq` integer NOT NULL,
	`outcome` text NOT NULL,
	`relayed_by_device_id` text NOT NULL,
	`relayed_by_actor` text NOT NULL,
	`relayed_by_fingerprint` text NOT NULL,
	`bundle_id` text NOT NULL,
	`detected_at` text NOT NULL,
	`entries` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_received` (
	`bundle_id` text NOT NULL,
	`device_id` text NOT NULL,
	`from_seq` integer NOT NULL,
	`new_from` integer NOT NULL,
	`to_seq` integer NOT NULL,
	`via_device_id` text NOT NULL,
	`via_fingerprint` text NOT NULL,
	PRIMARY KEY(`bundle_id`, `device_id`)
);
--> statement-breakpoint
CREATE INDEX `sync_received_device_idx` ON `sync_received` (`device_id`);--> statement-breakpoint
CREATE TABLE `trust_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`signed_by` text,
	`signature` text
);
