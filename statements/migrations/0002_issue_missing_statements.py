"""Statements are issued at release now (docs/decisions/0010): give every result released
before that, and never viewed, its statement, so that no page has to create one."""

from django.db import migrations

from statements.models import issue_missing


def issue_for_released_results(apps, schema_editor):
    issue_missing(apps.get_model("statements", "Statement"), apps.get_model("exams", "Result"), None)


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0001_initial"),
        ("exams", "0001_initial"),
    ]

    operations = [migrations.RunPython(issue_for_released_results, migrations.RunPython.noop)]
