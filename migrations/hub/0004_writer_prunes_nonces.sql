-- The nonces of signed requests are replay bookkeeping, not records: once their time is outside the
-- clock window (5 minutes) a replay is refused by its date anyway, and the hub removes them.
GRANT DELETE ON hub_nonces TO release_audit_hub_writer;
