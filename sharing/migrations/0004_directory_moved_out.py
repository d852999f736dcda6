"""The organisation directory moved to its own app (directory 0001): shares and invitations
point at `directory.OrganisationAccount` and sharing forgets both models, in the state
only. The tables and their rows stay; directory 0002 renames them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("sharing", "0003_organisationaccount_listed_share_processed_at_and_more"),
        ("directory", "0001_initial"),
        ("organisations", "0002_accounts_in_directory"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="invitation",
                    name="account",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="invitations", to="directory.organisationaccount", verbose_name="account created"),
                ),
                migrations.AlterField(
                    model_name="share",
                    name="account",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="shares", to="directory.organisationaccount"),
                ),
                migrations.DeleteModel(name="OrganisationAccount"),
                migrations.DeleteModel(name="Organisation"),
            ]
        ),
    ]
