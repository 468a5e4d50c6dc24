-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `retention_policies_no_delete` BEFORE DELETE ON `retention_policies` BEGIN SELECT RAISE(ABORT, 'The retention policy records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_retention_no_update` BEFORE UPDATE ON `audit_retention` BEGIN SELECT RAISE(ABORT, 'The retention choice records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_retention_no_delete` BEFORE DELETE ON `audit_retention` BEGIN SELECT RAISE(ABORT, 'The retention choice records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `report_approvals_no_update` BEFORE UPDATE ON `report_approvals` BEGIN SELECT RAISE(ABORT, 'The external-distribution approval records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `report_approvals_no_delete` BEFORE DELETE ON `report_approvals` BEGIN SELECT RAISE(ABORT, 'The external-distribution approval records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `report_distribution_no_update` BEFORE UPDATE ON `report_distribution` BEGIN SELECT RAISE(ABORT, 'The distribution entry records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `report_distribution_no_delete` BEFORE DELETE ON `report_distribution` BEGIN SELECT RAISE(ABORT, 'The distribution entry records are append-only: they cannot be removed.'); END;
--> statement-breakpoint
CREATE TRIGGER `report_removals_no_update` BEFORE UPDATE ON `report_removals` BEGIN SELECT RAISE(ABORT, 'The report removal records are append-only: they cannot be changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `report_removals_no_delete` BEFORE DELETE ON `report_removals` BEGIN SELECT RAISE(ABORT, 'The report removal records are append-only: they cannot be removed.'); END;
