-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `template_proposal_decisions_no_update` BEFORE UPDATE ON `template_proposal_decisions` BEGIN SELECT RAISE(ABORT, 'The template proposal decision records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `template_proposal_decisions_no_delete` BEFORE DELETE ON `template_proposal_decisions` BEGIN SELECT RAISE(ABORT, 'The template proposal decision records are append-only: they cannot be removed.'); END;
