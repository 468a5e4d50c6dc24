DROP INDEX `findings_control_idx`;--> statement-breakpoint
CREATE INDEX `findings_repeat_lookup_idx` ON `findings` (lower("control_id"),`status`,`cause`,`audit_id`,`id`,`title`,`confidential`);--> statement-breakpoint
CREATE INDEX `checklist_results_item_idx` ON `checklist_results` (`audit_id`,`item_key`,`release_id`);