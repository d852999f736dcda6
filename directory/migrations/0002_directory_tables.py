"""The directory's tables take the directory's names, and its content types (with their
permissions and admin history) move from `sharing` to `directory`. Rows are not copied:
a rename keeps them, and foreign keys from other tables follow the table."""

from django.db import migrations

MODELS = ("organisation", "organisationaccount")


def _move_content_types(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "sharing", "directory")


def backwards(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "directory", "sharing")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0001_initial"),
        ("sharing", "0004_directory_moved_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="organisation", table=None),
        migrations.AlterModelTable(name="organisationaccount", table=None),
        migrations.RunPython(forwards, backwards),
    ]
