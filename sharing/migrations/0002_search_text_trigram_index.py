"""A trigram index for the organisation search on PostgreSQL (see sharing/search.py).

`LIKE '% wased%'` then reads a few index pages instead of every account. SQLite has no
such index and scans the table, which is fast enough for a directory of this size: the
figures are in bench/search_bench.py's output. The index is not declared on the model
because SQLite cannot create it; the migration skips it there.

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. Where
the migrating role may not, a superuser runs `CREATE EXTENSION pg_trgm` beforehand.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "sharing_account_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON sharing_organisationaccount "
            "USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
