ALTER TABLE `warroom_entries` ADD `recorded_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `warroom_entries_release_idx` ON `warroom_entries` (`release_id`);