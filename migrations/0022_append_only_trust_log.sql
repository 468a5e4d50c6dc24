-- Trust decisions and device bindings are kept in order and never changed: a binding is set once.
CREATE TRIGGER `trust_log_no_update` BEFORE UPDATE ON `trust_log` BEGIN SELECT RAISE(ABORT, 'Trust decisions are append-only: make a new decision instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `trust_log_no_delete` BEFORE DELETE ON `trust_log` BEGIN SELECT RAISE(ABORT, 'Trust decisions are append-only: make a new decision instead.'); END;
--> statement-breakpoint
CREATE TRIGGER `device_keys_no_update` BEFORE UPDATE ON `device_keys` BEGIN SELECT RAISE(ABORT, 'A device stays bound to the key its first bundle was signed with.'); END;
--> statement-breakpoint
CREATE TRIGGER `device_keys_no_delete` BEFORE DELETE ON `device_keys` BEGIN SELECT RAISE(ABORT, 'A device stays bound to the key its first bundle was signed with.'); END;
--> statement-breakpoint
CREATE TRIGGER `sync_forks_no_update` BEFORE UPDATE ON `sync_forks` BEGIN SELECT RAISE(ABORT, 'A fork kept for a person to see is never changed.'); END;
--> statement-breakpoint
CREATE TRIGGER `sync_forks_no_delete` BEFORE DELETE ON `sync_forks` BEGIN SELECT RAISE(ABORT, 'A fork kept for a person to see is never changed.'); END;
--> statement-breakpoint
-- Decisions made by an older version were not signed: they are taken over as they stand now.
INSERT INTO `device_keys` (device_id, fingerprint, actor, bound_at, bound_by) SELECT device_id, fingerprint, actor, last_import_at, 'migration' FROM `sync_peers`;
--> statement-breakpoint
INSERT INTO `trust_log` (seq, kind, subject, detail, at, by, prev_hash, hash)
  SELECT row_number() OVER (ORDER BY added_at, fingerprint), 'legacy-' || status, fingerprint, '{}', coalesce(revoked_at, added_at), 'migration', '', '' FROM `trusted_keys`;
--> statement-breakpoint
INSERT INTO `trust_log` (seq, kind, subject, detail, at, by, prev_hash, hash)
  SELECT (SELECT count(*) FROM `trusted_keys`) + row_number() OVER (ORDER BY device_id), 'legacy-bind', device_id, json_object('fingerprint', fingerprint), bound_at, 'migration', '', '' FROM `device_keys`;
--> statement-breakpoint
INSERT INTO `meta` (key, value) SELECT 'trust_log_legacy', count(*) FROM `trust_log`;
