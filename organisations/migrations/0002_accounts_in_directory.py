"""The organisation account moved from `sharing` to `directory` (directory 0001): the
foreign keys point there in the state. The database already has them right: the account's
table is the same one, so nothing runs there."""

import django.db.models.deletion
from django.db import migrations, models


def _account(related_name: str, one_to_one: bool = False) -> models.Field:
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="directory.organisationaccount",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField("accountapplication", "account", _account("application", True)),
                migrations.AlterField("auditevent", "account", _account("audit_events")),
                migrations.AlterField("membership", "account", _account("memberships")),
                migrations.AlterField("scorerequirement", "account", _account("requirements")),
                migrations.AlterField("verification", "account", _account("verifications")),
            ]
        ),
    ]
