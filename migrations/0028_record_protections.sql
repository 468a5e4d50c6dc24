-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `evidence_marks_no_update` BEFORE UPDATE ON `evidence_marks` BEGIN SELECT RAISE(ABORT, 'The confidentiality mark records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `evidence_marks_no_delete` BEFORE DELETE ON `evidence_marks` BEGIN SELECT RAISE(ABORT, 'The confidentiality mark records are append-only: they cannot be removed.'); END;
