"""The demo's email backend: each message one `.eml` file that a mail client opens.

Django's file backend appends every message of a connection to one `.log` file, with
encoded subjects: unreadable in a list of files. Here each file's name says when, to whom
and what about, decoded (a Japanese subject reads as Japanese).
"""

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

# Characters that no file name may hold on Linux, macOS or Windows.
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class EmlFileBackend(BaseEmailBackend):
    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)
        self.folder.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            self._write(message)
        return len(email_messages)

    def _write(self, message: EmailMessage) -> None:
        to = _file_name_part(", ".join(message.to))[:60]
        about = _file_name_part(str(message.subject))[:80]
        name = f"{timezone.localtime():%Y-%m-%d %H%M%S.%f} to {to} – {about}.eml"
        # "x": two messages never share a file, even within a microsecond.
        with open(self.folder / name, "xb") as file:
            file.write(message.message().as_bytes())


def _file_name_part(text: str) -> str:
    return " ".join(UNSAFE.sub(" ", text).split())
