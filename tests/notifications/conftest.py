from collections.abc import Iterator
from typing import Any

import pytest

from tests.notifications.smtp import Inbox, serve_smtp


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    """A real local SMTP server that keeps what it receives (tests/notifications/smtp.py)."""
    yield from serve_smtp(settings)
