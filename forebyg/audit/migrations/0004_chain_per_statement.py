"""On PostgreSQL, check and advance the audit chain once per INSERT statement, not per row.

The guarantees stay those of 0003 (see forebyg.audit.triggers.CHAIN_BULK); bulk appends no longer
update the head row once per event. SQLite has no transition tables and keeps its row triggers."""

from django.db import migrations

from forebyg.audit import triggers


def _execute(schema_editor, *statements_by_vendor):
    for statements in statements_by_vendor:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)


def per_statement(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # SQLite's row triggers stay as they are
        _execute(schema_editor, triggers.DROP_CHAIN, triggers.CHAIN_BULK)


def per_row(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _execute(schema_editor, triggers.DROP_CHAIN_BULK, triggers.CHAIN)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_chain"),
    ]

    operations = [
        migrations.RunPython(per_statement, per_row),
    ]
