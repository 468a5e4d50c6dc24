ALTER TABLE `audit_plans` ADD `halt_threshold_percent` real;--> statement-breakpoint
ALTER TABLE `audit_plans` ADD `rto_target_minutes` integer;