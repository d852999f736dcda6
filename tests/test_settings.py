"""Production settings, checked the way an operator meets them: through manage.py.

`check --deploy` is clean only after collectstatic and compilemessages: that test runs
after the README's production steps (tests/production/test_smoke.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7" * 30 + "-a-long-random-production-secret-key",
    "SECRET_NUMBER_KEY": "another-long-random-production-secret",
    "ALLOWED_HOSTS": "results.example.org",
    "DATABASE_URL": "sqlite:////tmp/resultbridge-check.sqlite3",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("DJANGO_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_without_the_secret_number_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_NUMBER_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_NUMBER_KEY must be set" in result.stderr


def test_it_sends_security_headers(client, db) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_it_hashes_passwords_with_argon2id_at_owasp_minimum(django_user_model, db) -> None:
    user = django_user_model.objects.create_user("someone", password="a long passphrase")
    assert user.password.startswith("argon2$argon2id$v=19$m=7168,t=5,p=1$")
