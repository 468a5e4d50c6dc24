-- The freezes and append-only logs the record descriptors call for (written by scripts/record-triggers.ts).
CREATE TRIGGER `imported_frameworks_no_update` BEFORE UPDATE ON `imported_frameworks` BEGIN SELECT RAISE(ABORT, 'The imported framework records are append-only: they cannot be changed.'); END;
