"""ResultBridge as a board runs it, on this machine: gunicorn with deploy/gunicorn.conf.py
and `manage.py db_worker` processes on one PostgreSQL database, DEBUG off, a real SMTP
server, and a browser that speaks to gunicorn the way nginx does (X-Forwarded-Proto).

Every process is started here and stopped here; one that does not answer fails the test
with the end of its log.
"""

import gzip
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PY = str(BIN / "python")
# Nothing inherited from the test process, whose settings turned DEBUG on.
BARE_ENV = {"PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
START_TIMEOUT = 60  # seconds for a server to answer its first request
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/resultbridge"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, found: Callable[[], object], timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while not (value := found()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.2)
    return value


# --- PostgreSQL ---


class Database:
    """A database of its own, named after DATABASE_URL's with `_production` (or another
    suffix) added, made empty at the start and dropped at the end."""

    def __init__(self, suffix: str = "_production") -> None:
        base = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
        parts = urlsplit(base)
        if not parts.scheme.startswith("postg"):
            raise AssertionError(f"the production tests need PostgreSQL; DATABASE_URL={base}")
        self.name = parts.path.lstrip("/") + suffix
        self.url = parts._replace(path="/" + self.name).geturl()
        self._server = parts._replace(path="/postgres").geturl()

    def create(self) -> None:
        self.drop()
        with psycopg.connect(self._server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        with psycopg.connect(self._server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def value(self, sql: str, *params: object) -> object:
        with psycopg.connect(self.url) as conn:
            row = conn.execute(sql, params).fetchone()
        return row[0] if row else None


# --- SMTP ---


class Inbox:
    """A real SMTP server on a free local port; every message it received, parsed."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self._controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.port = self._controller.port

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        raw = envelope.original_content  # type: ignore[attr-defined]
        self.received.append(message_from_bytes(raw, policy=policy.default))
        return "250 OK"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def to(self, address: str, subject_has: str = "") -> list[EmailMessage]:
        return [
            m
            for m in self.received
            if m["To"] == address and subject_has.lower() in str(m["Subject"]).lower()
        ]


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def link_in(text: str, path: str) -> str:
    url = next(word for word in text.split() if path in word)
    return url[url.index(path) :]  # the link's path, to open on whichever server


# --- The processes ---


class Stack:
    """The processes of one machine, configured as deploy/ says: an environment file made
    from .env.example, read by deploy/manage for commands and the same way for servers."""

    def __init__(self, database: Database, inbox: Inbox, workdir: Path) -> None:
        self.database, self.inbox, self.workdir = database, inbox, workdir
        self.env_file = workdir / "resultbridge.env"
        write_env_file(self.env_file, production_settings(database.url, inbox.port, workdir))
        self.env = read_env_file(self.env_file)
        self._processes: list[tuple[subprocess.Popen[bytes], Path]] = []

    def manage(self, *args: str, overrides: dict[str, str] | None = None) -> str:
        """deploy/manage ARGS, failing the test if it fails."""
        result = self.try_manage(*args, overrides=overrides)
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout + result.stderr

    def try_manage(
        self, *args: str, overrides: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        settings = [f"{name}={value}" for name, value in (overrides or {}).items()]
        return subprocess.run(
            [str(ROOT / "deploy" / "manage"), *settings, *args],
            env={**BARE_ENV, "RESULTBRIDGE_ENV": str(self.env_file), "RESULTBRIDGE_PYTHON": PY},
            capture_output=True,
            text=True,
            timeout=300,
        )

    def start_web(self, name: str, workers: int, overrides: dict[str, str] | None = None) -> str:
        port = free_port()
        command = [
            str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "resultbridge.wsgi",
        ]  # fmt: skip
        process = self._start(name, command, overrides)
        base = f"http://127.0.0.1:{port}"
        self._wait_until_up(name, base, process)
        return base

    def start_worker(self, name: str) -> None:
        self._start(name, [PY, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"])

    def _start(
        self, name: str, command: list[str], overrides: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        log = self.workdir / f"{name}.log"
        env = {**self.env, **(overrides or {})}
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self._processes.append((process, log))
        return process

    def _wait_until_up(self, name: str, base: str, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}:\n{self.log(name)}")
            try:
                Browser(base).get("/robots.txt")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{name} did not answer within {START_TIMEOUT} s:\n{self.log(name)}")

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        for process, _log in self._processes:
            if process.poll() is None:
                process.terminate()
        for process, _log in self._processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def production_settings(database_url: str, smtp_port: int, workdir: Path) -> dict[str, str]:
    """What a board changes in .env.example, for this machine."""
    return {
        "SECRET_KEY": "production-test-" + "k3y-" * 12,
        "SECRET_NUMBER_KEY": "production-test-secret-number-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "",
        "SITE_URL": "https://results.example.test",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(workdir / "static"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "BEHIND_TLS_PROXY": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }


def write_env_file(path: Path, changes: dict[str, str]) -> None:
    """.env.example with each NAME=... line of `changes` replaced, as a board edits it."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        name = line.split("=", 1)[0]
        if "=" in line and not line.startswith("#") and name in changes:
            lines[index] = f'{name}="{changes[name]}"'
    missing = set(changes) - {line.split("=", 1)[0] for line in lines}
    assert not missing, f".env.example does not list {sorted(missing)}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_env_file(path: Path) -> dict[str, str]:
    """The environment the file gives, read as deploy/manage reads it (sh, `set -a`)."""
    script = 'set -a; . "$0"; exec env -0'
    output = subprocess.run(
        ["sh", "-c", script, str(path)], env=BARE_ENV, capture_output=True, check=True
    ).stdout.decode()
    return dict(item.split("=", 1) for item in output.split("\0") if "=" in item)


# --- A browser behind the TLS proxy ---


class Browser:
    """Speaks to one gunicorn or another as nginx would for a browser on https: cookies
    (Secure ones too: the browser saw https), the form's CSRF token and the Origin."""

    def __init__(self, base: str, language: str = "en") -> None:
        self.base, self.language = base, language
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def on(self, base: str) -> "Browser":
        self.base = base
        return self

    def get(self, path: str) -> "Page":
        return self._request("GET", path, None)

    def post(self, path: str, data: dict[str, str]) -> "Page":
        return self._request("POST", path, {"csrfmiddlewaretoken": self.csrf, **data})

    def _request(self, method: str, path: str, data: dict[str, str] | None) -> "Page":
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
            "Origin": f"https://{parts.netloc}",
            "Accept-Language": self.language,
            "Accept-Encoding": "gzip",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = urlencode(data) if data is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = Page(response.status, response.headers, response.read())
        finally:
            conn.close()
        self._keep_cookies(page)
        return page

    def _keep_cookies(self, page: "Page") -> None:
        for header in page.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if token := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text):
            self.csrf = token.group(1)


class Page:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body
        # Pages and static files come compressed (docs/decisions/0015); body stays as sent.
        compressed = headers.get("Content-Encoding") == "gzip"
        self.text = (gzip.decompress(body) if compressed else body).decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")
