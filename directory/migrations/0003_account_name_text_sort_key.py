"""The organisation search's ranking moves into the database (decision record 0005).

Each account gets `name_text` (its organisation's name alone, normalised), `rest_text`
(its department and the organisation's aliases) and `sort_key`
(name, department and aliases, city: the order the search lists accounts in), filled here
for the accounts there are; `search_text` gains its fenced CJK words. An index on
`sort_key` serves every search in that order, and on PostgreSQL trigram indexes on
`name_text` and `rest_text` find where a word is. On PostgreSQL it is in the "C" collation, which compares code points as Python
does, whatever the database's default; SQLite compares them so anyway.
"""

from django.db import migrations, models

from directory.models import search_columns

INDEX = "directory_account_sort_key"
TRIGRAMS = {"name_text": "directory_account_name_trgm", "rest_text": "directory_account_rest_trgm"}


def fill(apps, schema_editor) -> None:
    Account = apps.get_model("directory", "OrganisationAccount")
    accounts = list(Account.objects.using(schema_editor.connection.alias).select_related("organisation"))
    for account in accounts:
        org = account.organisation
        aliases = [alias for alias in org.aliases.splitlines() if alias.strip()]
        columns = search_columns(
            org.name, account.department, aliases, org.city
        )
        account.search_text, account.name_text, account.rest_text, account.sort_key = columns
    Account.objects.using(schema_editor.connection.alias).bulk_update(
        accounts, ["search_text", "name_text", "rest_text", "sort_key"], batch_size=1000
    )


def create_indexes(apps, schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    key = 'sort_key COLLATE "C"' if postgresql else "sort_key"
    table = "directory_organisationaccount"
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} ({key})")
    for column, index in TRIGRAMS.items() if postgresql else ():
        # Beside the one on search_text (sharing 0002): is a word in the name, or the rest?
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin ({column} gin_trgm_ops)")


def drop_indexes(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX {INDEX}")
    for index in TRIGRAMS.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_directory_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisationaccount",
            name="name_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="organisationaccount",
            name="rest_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="organisationaccount",
            name="sort_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
