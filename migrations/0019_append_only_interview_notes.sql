-- Interview notes are append-only (a correction is a later note), and a finalised audit takes no new ones.
CREATE TRIGGER `interview_notes_no_update` BEFORE UPDATE ON `interview_notes` BEGIN SELECT RAISE(ABORT, 'Interview notes are append-only: add a correcting note instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `interview_notes_no_delete` BEFORE DELETE ON `interview_notes` BEGIN SELECT RAISE(ABORT, 'Interview notes are append-only: add a correcting note instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `interview_notes_frozen_insert` BEFORE INSERT ON `interview_notes` WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'finalised' BEGIN SELECT RAISE(ABORT, 'The audit is finalised: its records cannot change. Add an amendment instead.'); END;
