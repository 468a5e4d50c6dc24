CREATE INDEX `findings_audit_page_idx` ON `findings` (`audit_id`,`severity`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `findings_control_idx` ON `findings` (lower("control_id"));--> statement-breakpoint
CREATE INDEX `findings_source_result_idx` ON `findings` (`source_result_id`);