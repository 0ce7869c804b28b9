"""The ledger is append-only in the database too: UPDATE is refused on SQLite and PostgreSQL,
DELETE on PostgreSQL (SQLite keeps DELETE so that test runs can flush the table; production
runs on PostgreSQL, where the test flush is a TRUNCATE, which row triggers do not see)."""

from django.db import migrations

from jangbogi.settlement.migrations._append_only import (  # noqa: E402
    POSTGRES_DOWN,
    POSTGRES_UP,
    SQLITE_DOWN,
    SQLITE_UP,
)


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
