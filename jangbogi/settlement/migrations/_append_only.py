"""The append-only trigger SQL, shared by migrations 0002 and 0003."""

MESSAGE = "settlement_ledgerentry is append-only: record a reversing entry instead"

SQLITE_UP = [
    f"""CREATE TRIGGER settlement_ledgerentry_no_update BEFORE UPDATE ON settlement_ledgerentry
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS settlement_ledgerentry_no_update;"]

POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION settlement_ledgerentry_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER settlement_ledgerentry_append_only BEFORE UPDATE OR DELETE ON settlement_ledgerentry
        FOR EACH ROW EXECUTE FUNCTION settlement_ledgerentry_append_only();""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS settlement_ledgerentry_append_only ON settlement_ledgerentry;",
    "DROP FUNCTION IF EXISTS settlement_ledgerentry_append_only();",
]
