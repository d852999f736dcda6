"""The demo loader publishes its passwords: it refuses to run without DEBUG."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User


def test_it_refuses_to_run_with_debug_off(db: None, settings) -> None:  # noqa: ANN001
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG=1"):
        call_command("load_demo")
    assert not User.objects.filter(username="admin").exists()
