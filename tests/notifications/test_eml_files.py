"""The demo's emails (notifications/backends.py): one .eml file each, named so that a
list of files reads as an inbox, and opened by any mail client."""

import email
import email.policy

from notifications.api import deliver_email


def test_it_writes_each_email_as_an_eml_file_named_by_its_subject(
    settings, tmp_path, owner, pet_session
) -> None:
    settings.EMAIL_BACKEND = "notifications.backends.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "emails")
    context = {"candidate": owner, "session": pet_session, "exam": pet_session.exam}
    deliver_email("one@example.org", "results_released", context, "ja")
    deliver_email("two@example.org", "results_released", context, "en")

    files = sorted((tmp_path / "emails").glob("*.eml"))
    assert len(files) == 2
    first = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert first["To"] == "one@example.org"
    assert files[0].name.endswith(f"to one@example.org – {first['Subject'].strip()}.eml")
    assert "成績" in first["Subject"]  # decoded in the file's name too
    assert {part.get_content_type() for part in first.walk()} >= {"text/plain", "text/html"}
    assert "to two@example.org" in files[1].name
