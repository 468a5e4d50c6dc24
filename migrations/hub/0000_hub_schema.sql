CREATE TABLE "hub_access_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"fingerprint" text,
	"actor" text,
	"remote" text,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"audit_id" text,
	"status" integer NOT NULL,
	"outcome" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_archive" (
	"report_id" text PRIMARY KEY NOT NULL,
	"audit_id" text NOT NULL,
	"sha256" text NOT NULL,
	"kind" text NOT NULL,
	"retain_until" timestamp with time zone NOT NULL,
	"archived_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_auditors" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"certificate" text,
	"may_open_audits" boolean DEFAULT false NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hub_entries" (
	"device_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"hlc" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"audit_id" text,
	"hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"entry" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"bundle_id" text,
	CONSTRAINT "hub_entries_device_id_seq_pk" PRIMARY KEY("device_id","seq")
);
--> statement-breakpoint
CREATE TABLE "hub_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_object_chunks" (
	"sha256" text NOT NULL,
	"n" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "hub_object_chunks_sha256_n_pk" PRIMARY KEY("sha256","n")
);
--> statement-breakpoint
CREATE TABLE "hub_objects" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_pushes" (
	"bundle_id" text NOT NULL,
	"fingerprint" text NOT NULL,
	"device_id" text NOT NULL,
	"audit_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"bytes" bigint NOT NULL,
	"entries" integer NOT NULL,
	"new_entries" integer NOT NULL,
	"objects" integer NOT NULL,
	CONSTRAINT "hub_pushes_bundle_id_fingerprint_pk" PRIMARY KEY("bundle_id","fingerprint")
);
--> statement-breakpoint
CREATE TABLE "hub_retention" (
	"sha256" text NOT NULL,
	"report_id" text NOT NULL,
	"audit_id" text NOT NULL,
	"reason" text NOT NULL,
	"retain_until" timestamp with time zone NOT NULL,
	CONSTRAINT "hub_retention_sha256_report_id_pk" PRIMARY KEY("sha256","report_id")
);
--> statement-breakpoint
CREATE TABLE "hub_viewers" (
	"token_sha256" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "hub_archive" ADD CONSTRAINT "hub_archive_sha256_hub_objects_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."hub_objects"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_object_chunks" ADD CONSTRAINT "hub_object_chunks_sha256_hub_objects_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."hub_objects"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_retention" ADD CONSTRAINT "hub_retention_sha256_hub_objects_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."hub_objects"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_retention" ADD CONSTRAINT "hub_retention_report_id_hub_archive_report_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."hub_archive"("report_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hub_access_log_at_idx" ON "hub_access_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "hub_access_log_audit_idx" ON "hub_access_log" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "hub_archive_audit_idx" ON "hub_archive" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "hub_entries_audit_idx" ON "hub_entries" USING btree ("audit_id");--> statement-breakpoint
CREATE INDEX "hub_entries_record_idx" ON "hub_entries" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "hub_retention_object_idx" ON "hub_retention" USING btree ("sha256");