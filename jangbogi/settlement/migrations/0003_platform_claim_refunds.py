"""Claim refunds the platform bears are recorded on the market's own account (no store).

On SQLite, changing a constraint rebuilds the table, which drops its triggers: the append-only
trigger of 0002 is created again afterwards."""

from django.db import migrations, models

from jangbogi.settlement.migrations import _append_only


def _sqlite_trigger_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _append_only.SQLITE_UP:
            schema_editor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


class Migration(migrations.Migration):

    dependencies = [
        ('markets', '0005_deliveryzone_ridershift'),
        ('settlement', '0002_ledger_append_only'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ledgerentry',
            name='ledger_center_kinds',
        ),
        migrations.AddConstraint(
            model_name='ledgerentry',
            constraint=models.CheckConstraint(condition=models.Q(('store__isnull', False), ('kind__in', ['capture', 'refund', 'claim_refund', 'provider_fee', 'correction']), _connector='OR'), name='ledger_center_kinds'),
        ),
        migrations.RunPython(_sqlite_trigger_again, migrations.RunPython.noop),
    ]
