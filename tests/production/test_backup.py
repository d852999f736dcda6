"""deploy/backup.sh makes a dump that restores into a database the code accepts
(the restore test deploy/README.md asks for, run on the production stack's database)."""

import os
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.production.conftest import Production
from tests.production.stack import ROOT, Database

pytestmark = pytest.mark.production

RESULTS = "SELECT count(*) FROM exams_result"


def test_it_dumps_the_database_and_the_dump_restores(production: Production, tmp_path) -> None:
    source = urlsplit(production.database.url)
    libpq = {"PGHOST": source.hostname or "", "PGPORT": str(source.port or 5432)}
    libpq["PGUSER"] = source.username or ""
    backups = tmp_path / "backups"
    env = {**os.environ, **libpq, "PGDATABASE": production.database.name}
    made = subprocess.run(
        [str(ROOT / "deploy" / "backup.sh")],
        env={**env, "BACKUP_DIR": str(backups), "BACKUP_DAYS": "14"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    [dump] = backups.glob("*.dump")
    assert made.stdout.strip() == str(dump)

    restored = Database("_restore_check")
    restored.create()
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored.name, str(dump)],
            env={**env, "PGDATABASE": restored.name}, check=True, timeout=120,
        )  # fmt: skip
        production.stack.manage("migrate", "--check", overrides={"DATABASE_URL": restored.url})
        assert restored.value(RESULTS) == production.database.value(RESULTS) > 0
    finally:
        restored.drop()
