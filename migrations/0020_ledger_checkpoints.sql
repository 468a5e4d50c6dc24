CREATE TABLE `ledger_checkpoints` (
	`device_id` text NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`sealed_at` text NOT NULL,
	`clock` text NOT NULL,
	`reason` text NOT NULL,
	`signer` text NOT NULL,
	`fingerprint` text NOT NULL,
	`certificate` text NOT NULL,
	`signature` text NOT NULL,
	PRIMARY KEY(`device_id`, `seq`, `fingerprint`)
);
--> statement-breakpoint
CREATE INDEX `ledger_checkpoints_device_idx` ON `ledger_checkpoints` (`device_id`,`seq`);--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_update` BEFORE UPDATE ON `ledger_checkpoints` BEGIN SELECT RAISE(ABORT, 'Ledger checkpoints are append-only.'); END;
--> statement-breakpoint
CREATE TRIGGER `ledger_checkpoints_no_delete` BEFORE DELETE ON `ledger_checkpoints` BEGIN SELECT RAISE(ABORT, 'Ledger checkpoints are append-only.'); END;
--> statement-breakpoint
-- Finalisations and reports written before checkpoints existed are not asked for one: this notes up to where.
INSERT OR IGNORE INTO `meta` (`key`, `value`) SELECT 'checkpoints_since', CAST(COALESCE((SELECT `seq` FROM `ledger_heads` WHERE `device_id` = (SELECT `value` FROM `meta` WHERE `key` = 'device_id')), 0) AS TEXT);
