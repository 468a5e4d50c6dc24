ALTER TABLE `findings` ADD `release_id` text;--> statement-breakpoint
ALTER TABLE `findings` ADD `source_result_id` text;