DROP INDEX `findings_audit_idx`;--> statement-breakpoint
DROP INDEX `findings_repeat_lookup_idx`;--> statement-breakpoint
DROP INDEX `findings_source_result_idx`;--> statement-breakpoint
CREATE INDEX `findings_repeat_lookup_idx` ON `findings` (lower("control_id"),`status`,`cause`,`audit_id`,`id`,`title`,`confidential`) WHERE status <> 'draft';--> statement-breakpoint
CREATE INDEX `findings_source_result_idx` ON `findings` (`source_result_id`) WHERE source_result_id IS NOT NULL;