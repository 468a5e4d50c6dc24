CREATE TABLE "hub_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
