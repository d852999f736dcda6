"""Each share keeps its result's exam session (result → entry → session).

The inbox's exam filter and score requirements then read the session straight from the
share instead of joining every share's result to its entry (docs/decisions/0014). The
column is filled from the entries in one UPDATE (the same SQL on SQLite and PostgreSQL),
then made required (0009: a migration of its own, as PostgreSQL will not alter a
table with the deferred foreign-key checks of this UPDATE still pending).
"""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
UPDATE sharing_share SET session_id = (
    SELECT exams_entry.session_id FROM exams_result
    JOIN exams_entry ON exams_entry.id = exams_result.entry_id
    WHERE exams_result.id = sharing_share.result_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0001_initial"),
        ("sharing", "0007_invitation_carries_a_result"),
    ]

    operations = [
        migrations.AddField(
            model_name="share",
            name="session",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="exams.examsession",
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
    ]
