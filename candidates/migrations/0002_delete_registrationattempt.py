# Wrong Secret Numbers are counted by the limits app now (docs/decisions/0003).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(
            name="RegistrationAttempt",
        ),
    ]
