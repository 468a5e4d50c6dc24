CREATE TABLE `search_docs` (
	`id` integer PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`record_id` text NOT NULL,
	`part` integer DEFAULT 0 NOT NULL,
	`audit_id` text NOT NULL,
	`parent_id` text,
	`import_id` text,
	`line` integer,
	`title` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_docs_record_idx` ON `search_docs` (`record_id`,`type`,`part`);--> statement-breakpoint
CREATE INDEX `search_docs_import_idx` ON `search_docs` (`import_id`,`line`);--> statement-breakpoint
CREATE TABLE `search_sources` (
	`source` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`lines` integer DEFAULT 0 NOT NULL,
	`indexed_at` text NOT NULL
);
