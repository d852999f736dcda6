"""Share.session required, now that 0008 filled it for every share."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0008_share_session"),
    ]

    operations = [
        migrations.AlterField(
            model_name="share",
            name="session",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="exams.examsession",
            ),
        ),
    ]
