ALTER TABLE `audit_plans` ADD `conclusion_rating` text;--> statement-breakpoint
ALTER TABLE `audit_plans` ADD `conclusion_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `shareable` integer DEFAULT false NOT NULL;