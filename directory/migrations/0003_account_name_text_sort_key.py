"""The organisation search's ranking moves into the database (decision record 0005).

Each account gets `name_text` (its organisation's name alone, normalised) and `sort_key`
(name, department and aliases, city: the order the search lists accounts in), filled here
for the accounts there are; `search_text` gains its fenced CJK words. An index on
`sort_key` serves every search in that order, and on PostgreSQL a trigram index on
`name_text` finds names holding a word. On PostgreSQL it is in the "C" collation, which compares code points as Python
does, whatever the database's default; SQLite compares them so anyway.
"""

from django.db import migrations, models

from directory.models import search_columns

INDEX = "directory_account_sort_key"
NAME_TRIGRAMS = "directory_account_name_trgm"


def fill(apps, schema_editor) -> None:
    Account = apps.get_model("directory", "OrganisationAccount")
    accounts = list(Account.objects.using(schema_editor.connection.alias).select_related("organisation"))
    for account in accounts:
        org = account.organisation
        aliases = [alias for alias in org.aliases.splitlines() if alias.strip()]
        account.search_text, account.name_text, account.sort_key = search_columns(
            org.name, account.department, aliases, org.city
        )
    Account.objects.using(schema_editor.connection.alias).bulk_update(
        accounts, ["search_text", "name_text", "sort_key"], batch_size=1000
    )


def create_indexes(apps, schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    key = 'sort_key COLLATE "C"' if postgresql else "sort_key"
    table = "directory_organisationaccount"
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} ({key})")
    if postgresql:  # beside the one on search_text (sharing 0002): is a word in the name?
        schema_editor.execute(
            f"CREATE INDEX {NAME_TRIGRAMS} ON {table} USING gin (name_text gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP INDEX {INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME_TRIGRAMS}")


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
            name="sort_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
