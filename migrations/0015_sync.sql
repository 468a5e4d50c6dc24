CREATE TABLE `conflict_resolutions` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text,
	`decision` text NOT NULL,
	`value` text,
	`resolved_by` text NOT NULL,
	`resolved_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_stubs` (
	`device_id` text NOT NULL,
	`seq` integer NOT NULL,
	`hlc` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	PRIMARY KEY(`device_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`audit_id` text,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`kind` text NOT NULL,
	`winner_value` text,
	`winner_hlc` text,
	`winner_actor` text,
	`loser_value` text,
	`loser_hlc` text NOT NULL,
	`loser_actor` text NOT NULL,
	`loser_device_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_audit_idx` ON `sync_conflicts` (`audit_id`);--> statement-breakpoint
CREATE TABLE `sync_imports` (
	`bundle_id` text PRIMARY KEY NOT NULL,
	`file_sha256` text NOT NULL,
	`audit_id` text NOT NULL,
	`from_device_id` text NOT NULL,
	`actor` text NOT NULL,
	`fingerprint` text NOT NULL,
	`created_at` text NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	`new_entries` integer NOT NULL,
	`new_objects` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_peer_seen` (
	`peer_device_id` text NOT NULL,
	`audit_id` text NOT NULL,
	`device_id` text NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`peer_device_id`, `audit_id`, `device_id`)
);
--> statement-breakpoint
CREATE TABLE `sync_peers` (
	`device_id` text PRIMARY KEY NOT NULL,
	`actor` text NOT NULL,
	`fingerprint` text NOT NULL,
	`last_bundle_at` text NOT NULL,
	`last_import_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_seen` (
	`audit_id` text NOT NULL,
	`device_id` text NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`audit_id`, `device_id`)
);
--> statement-breakpoint
CREATE TABLE `trusted_keys` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`certificate` text NOT NULL,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`added_at` text NOT NULL,
	`added_by` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text
);
--> statement-breakpoint
ALTER TABLE `audits` ADD `finalised_heads` text;