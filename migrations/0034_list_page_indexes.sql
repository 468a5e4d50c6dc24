CREATE INDEX `checklist_results_audit_page_idx` ON `checklist_results` (`audit_id`,`item_key`,`id`);--> statement-breakpoint
CREATE INDEX `checklist_results_release_page_idx` ON `checklist_results` (`release_id`,`item_key`,`id`);--> statement-breakpoint
CREATE INDEX `evidence_audit_page_idx` ON `evidence` (`audit_id`,`captured_at`,`id`);--> statement-breakpoint
CREATE INDEX `warroom_entries_release_page_idx` ON `warroom_entries` (`release_id`,`at`,`recorded_at`,`id`);--> statement-breakpoint
CREATE INDEX `interview_notes_page_idx` ON `interview_notes` (`interview_id`,`created_at`,`id`);