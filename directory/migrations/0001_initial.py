"""The directory's models, taken over from `sharing` without touching the database.

Until this migration `Organisation` and `OrganisationAccount` were sharing's models. Here
they join the directory's state with their tables as they are (`db_table` the old names);
sharing 0004 and organisations 0002 point their foreign keys here and sharing 0004 then
forgets them, in the state only. Migration 0002 renames the tables. Every row stays.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("sharing", "0003_organisationaccount_listed_share_processed_at_and_more"),
    ]

    state_operations = [
        migrations.CreateModel(
            name="Organisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("country", models.CharField(help_text="ISO code, e.g. JP", max_length=2, verbose_name="country")),
                ("city", models.CharField(blank=True, max_length=100, verbose_name="city")),
                ("type", models.CharField(choices=[("university", "University or college"), ("employer", "Employer"), ("immigration", "Immigration authority"), ("other", "Other")], max_length=20, verbose_name="type")),
                ("aliases", models.TextField(blank=True, help_text="One per line, e.g. 早稲田大学", verbose_name="other names")),
                ("website", models.URLField(blank=True, verbose_name="website")),
            ],
            options={
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
                "ordering": ["name"],
                "constraints": [models.UniqueConstraint(fields=("name", "country", "city"), name="unique_organisation")],
                "db_table": "sharing_organisation",
            },
        ),
        migrations.CreateModel(
            name="OrganisationAccount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("department", models.CharField(blank=True, max_length=200, verbose_name="faculty or department")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="contact email")),
                ("is_active", models.BooleanField(default=False, help_text="Has users of the verification service, who receive shares at once.", verbose_name="active")),
                ("search_text", models.TextField(default="", editable=False)),
                ("listed", models.BooleanField(default=True, help_text="Candidates find it. An account applied for by a new organisation is listed once staff approve it.", verbose_name="listed in the directory")),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="accounts", to="directory.organisation")),
            ],
            options={
                "verbose_name": "organisation account",
                "verbose_name_plural": "organisation accounts",
                "ordering": ["organisation__name", "department"],
                "constraints": [models.UniqueConstraint(fields=("organisation", "department"), name="unique_account_department")],
                "db_table": "sharing_organisationaccount",
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
