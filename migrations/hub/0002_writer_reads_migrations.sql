-- The hub may run as a login role that does not own the database (granted release_audit_hub_writer,
-- see the README's "Team hub (server)"): at start it reads which migrations the owner applied, and
-- migrates nothing itself when all are. The owner applies new ones (release-audit hub migrate).
GRANT USAGE ON SCHEMA drizzle TO release_audit_hub_writer;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO release_audit_hub_writer;
