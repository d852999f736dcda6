"""Audit events keep what happened as data; the English sentences of older events are
read back into the same data where their shape is known (the rest stay as they are)."""

import re

from django.db import migrations, models

SHARE = re.compile(
    r"^(?P<undo>undo: )?(?P<candidate_id>\S+) (?P<name>.+) "
    r"(?P<exam>\S+) (?P<session_date>\d{4}-\d{2}-\d{2})$"
)
VERIFY = re.compile(r"^(?P<method>\w+): (?P<outcome>match|no match|paused|date of birth needed)$")
BULK = re.compile(
    r"^(?P<rows>\d+) rows: (?P<match>\d+) match, (?P<no_match>\d+) no match, "
    r"(?P<malformed>\d+) malformed, (?P<not_checked>\d+) not checked, "
    r"(?P<needs_date_of_birth>\d+) need date of birth$"
)
EXPORT = re.compile(r"^(?P<rows>\d+) rows ?(?P<filters>.*)$")
USERS = re.compile(r"^(?P<change>approve|reject|admin|member|remove) (?P<email>\S+)$")


def params_of(action: str, detail: str) -> dict | None:
    if action in ("view", "process") and (found := SHARE.match(detail)):
        params = found.groupdict()
        undo = bool(params.pop("undo"))
        return {**params, "undo": undo} if action == "process" else params
    if action == "verify" and (found := VERIFY.match(detail)):
        return {**found.groupdict(), "outcome": found["outcome"].replace(" ", "_")}
    if action == "bulk_verify" and (found := BULK.match(detail)):
        return {key: int(value) for key, value in found.groupdict().items()}
    if action == "export" and (found := EXPORT.match(detail)):
        return {"rows": int(found["rows"]), "filters": found["filters"]}
    if action == "users" and (found := USERS.match(detail)):
        return found.groupdict()
    if action == "requirements" and detail:
        return {"changes": detail.split("; ")}
    return None


def to_params(apps, schema_editor) -> None:
    AuditEvent = apps.get_model("organisations", "AuditEvent")
    changed = []
    for event in AuditEvent.objects.exclude(detail="").iterator(chunk_size=2000):
        params = params_of(event.action, event.detail)
        if params is not None:
            event.params, event.detail = params, ""
            changed.append(event)
    AuditEvent.objects.bulk_update(changed, ["params", "detail"], batch_size=1000)



class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0003_email_claims'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='params',
            field=models.JSONField(blank=True, default=dict, verbose_name='details'),
        ),
        migrations.RunPython(to_params, migrations.RunPython.noop),
    ]
