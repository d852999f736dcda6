"""Recomputes every account's search columns with today's normalisation (lib/searchtext.py):
apostrophes are dropped inside words ("King's" → "kings"), more punctuation separates
words. Only the stored texts change; the columns and indexes stay as they are."""

from django.db import migrations

from directory.models import search_columns

COLUMNS = ["search_text", "name_text", "rest_text", "sort_key"]


def recompute(apps, schema_editor) -> None:
    Account = apps.get_model("directory", "OrganisationAccount")
    accounts = Account.objects.using(schema_editor.connection.alias).select_related("organisation")
    changed = []
    for account in accounts.iterator(chunk_size=2000):
        org = account.organisation
        aliases = [alias for alias in org.aliases.splitlines() if alias.strip()]
        columns = search_columns(org.name, account.department, aliases, org.city)
        if columns != tuple(getattr(account, column) for column in COLUMNS):
            account.search_text, account.name_text, account.rest_text, account.sort_key = columns
            changed.append(account)
    Account.objects.using(schema_editor.connection.alias).bulk_update(
        changed, COLUMNS, batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_account_name_text_sort_key"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
