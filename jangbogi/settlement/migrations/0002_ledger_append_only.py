"""The ledger is append-only in the database too: UPDATE is refused on SQLite and PostgreSQL,
DELETE on PostgreSQL (SQLite keeps DELETE so that test runs can flush the table; production
runs on PostgreSQL, where the test flush is a TRUNCATE, which row triggers do not see)."""

from django.db import migrations

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


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [("settlement", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
