-- What the hub keeps cannot be changed or removed quietly, even by a database user of the app:
-- the ledger, the pushes and the access log are append-only; an object's bytes never change; an
-- archived report and the objects it keeps cannot be removed before their retention date. The
-- triggers hold for every user, the owner too; the writer role the hub works as has no DELETE,
-- TRUNCATE or (but for three small tables) UPDATE right at all.
CREATE OR REPLACE FUNCTION hub_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Release Audit hub: % on % is refused: this record is kept as it was written.', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hub_refuse_early_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.retain_until > now() THEN
    RAISE EXCEPTION 'Release Audit hub: % on % is refused: it is kept under retention until %.', TG_OP, TG_TABLE_NAME, OLD.retain_until USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION hub_refuse_retained_object() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE until timestamptz;
BEGIN
  SELECT max(retain_until) INTO until FROM hub_retention WHERE sha256 = OLD.sha256;
  IF until IS NOT NULL AND until > now() THEN
    RAISE EXCEPTION 'Release Audit hub: % on % is refused: object % is kept under retention until %.', TG_OP, TG_TABLE_NAME, OLD.sha256, until USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER hub_entries_append_only BEFORE UPDATE OR DELETE ON hub_entries FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_entries_no_truncate BEFORE TRUNCATE ON hub_entries FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_pushes_append_only BEFORE UPDATE OR DELETE ON hub_pushes FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_pushes_no_truncate BEFORE TRUNCATE ON hub_pushes FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_access_log_append_only BEFORE UPDATE OR DELETE ON hub_access_log FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_access_log_no_truncate BEFORE TRUNCATE ON hub_access_log FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_objects_fixed BEFORE UPDATE ON hub_objects FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_objects_retained BEFORE DELETE ON hub_objects FOR EACH ROW EXECUTE FUNCTION hub_refuse_retained_object();
--> statement-breakpoint
CREATE TRIGGER hub_objects_no_truncate BEFORE TRUNCATE ON hub_objects FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_object_chunks_fixed BEFORE UPDATE ON hub_object_chunks FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_object_chunks_retained BEFORE DELETE ON hub_object_chunks FOR EACH ROW EXECUTE FUNCTION hub_refuse_retained_object();
--> statement-breakpoint
CREATE TRIGGER hub_object_chunks_no_truncate BEFORE TRUNCATE ON hub_object_chunks FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_archive_fixed BEFORE UPDATE ON hub_archive FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_archive_retained BEFORE DELETE ON hub_archive FOR EACH ROW EXECUTE FUNCTION hub_refuse_early_removal();
--> statement-breakpoint
CREATE TRIGGER hub_archive_no_truncate BEFORE TRUNCATE ON hub_archive FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_retention_fixed BEFORE UPDATE ON hub_retention FOR EACH ROW EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hub_retention_retained BEFORE DELETE ON hub_retention FOR EACH ROW EXECUTE FUNCTION hub_refuse_early_removal();
--> statement-breakpoint
CREATE TRIGGER hub_retention_no_truncate BEFORE TRUNCATE ON hub_retention FOR EACH STATEMENT EXECUTE FUNCTION hub_refuse_change();
--> statement-breakpoint
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'release_audit_hub_writer') THEN
    CREATE ROLE release_audit_hub_writer NOLOGIN;
  END IF;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO release_audit_hub_writer;
--> statement-breakpoint
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO release_audit_hub_writer;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM release_audit_hub_writer;
--> statement-breakpoint
GRANT UPDATE (value) ON hub_meta TO release_audit_hub_writer;
--> statement-breakpoint
GRANT UPDATE (certificate, revoked_at, may_open_audits, name) ON hub_auditors TO release_audit_hub_writer;
--> statement-breakpoint
GRANT UPDATE (revoked_at) ON hub_viewers TO release_audit_hub_writer;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO release_audit_hub_writer;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO release_audit_hub_writer;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO release_audit_hub_writer;
--> statement-breakpoint
GRANT release_audit_hub_writer TO CURRENT_USER;
