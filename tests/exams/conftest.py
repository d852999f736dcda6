"""Fixtures for the exam-board import and admin tests (the catalogue is in tests/conftest.py)."""

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ENTRY_HEADER = (
    "candidate_id,secret_number,family_name,given_name,date_of_birth,email,"
    "exam_code,session_date,centre"
)
RESULT_HEADER = (
    "candidate_id,exam_code,session_date,overall_score,reading,writing,listening,speaking"
)


def run(command: str, *args: str) -> str:
    """Runs a management command and returns what it printed."""
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing(command: str, *args: str) -> str:
    """Runs a command that must refuse its input and returns the message the user sees."""
    with pytest.raises(CommandError) as failure:
        run(command, *args)
    return str(failure.value)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., str]:
    """Writes lines (joined with `newline`) to a file and returns its path."""

    def write(
        *lines: str,
        name: str = "data.csv",
        newline: str = "\n",
        encoding: str = "utf-8",
        end: str = "\n",
    ) -> str:
        path = tmp_path / name
        path.write_bytes((newline.join(lines) + end).encode(encoding))
        return str(path)

    return write
