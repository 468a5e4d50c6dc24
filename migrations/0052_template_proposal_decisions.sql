CREATE TABLE `template_proposal_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`proposal_key` text NOT NULL,
	`template_id` text NOT NULL,
	`kind` text NOT NULL,
	`decision` text NOT NULL,
	`summary` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`publish_reason` text DEFAULT '' NOT NULL,
	`evidence` text NOT NULL,
	`decided_at` text NOT NULL,
	`decided_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `template_proposal_decisions_key_idx` ON `template_proposal_decisions` (`proposal_key`);--> statement-breakpoint
CREATE INDEX `template_proposal_decisions_template_idx` ON `template_proposal_decisions` (`template_id`);