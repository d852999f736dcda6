"""Trigram indexes over candidates' names, for the organisations' inbox search.

The inbox finds "tanaka" as `UPPER(family_name) LIKE '%TANAKA%'` (Django's icontains) in a
subquery of the results of the candidates so named (organisations/inbox.py); these
indexes answer it from the few candidates that match rather than from every candidate of
every session. They are on exams' table but exist for the inbox, which is why they are
created here; PostgreSQL only (pg_trgm, sharing 0002), SQLite scans. Decision record 0014.
"""

from django.db import migrations

INDEXES = {
    "sharing_candidate_family_trgm": "family_name",
    "sharing_candidate_given_trgm": "given_name",
}


def create_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, column in INDEXES.items():
        # The expression exactly as Django writes the icontains lookup, so the planner sees it.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON exams_candidate "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0001_initial"),
        ("sharing", "0005_inbox_listed_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
