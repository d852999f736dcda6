"""Browser tests: the real server, a real SQLite file database and the real task worker.

Session-scoped: one temporary database with the demo data, one `runserver` and one
`db_worker` for the whole run, one Chromium. Each test gets a fresh browser context.
"""

import email
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.helpers import AXE_DIR, AXE_SCRIPT, check_accessibility

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCALES = {"en": "en-GB", "ja": "ja-JP"}
ACCEPT_LANGUAGE = {"en": "en-GB,en;q=0.9", "ja": "ja,en;q=0.5"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    emails: Path
    env: dict[str, str]
    logs: Path

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def rb_server() -> Iterator[LiveServer]:
    tmp = Path(tempfile.mkdtemp(prefix="resultbridge-browser-"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    emails = tmp / "emails"
    emails.mkdir()
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(emails),
        "SITE_URL": url,
        "DJANGO_SETTINGS_MODULE": "resultbridge.settings",
        "PYTHONUNBUFFERED": "1",
    }
    server = LiveServer(url=url, emails=emails, env=env, logs=tmp)
    server.manage("migrate", "-v0")
    server.manage("load_demo")

    runserver_log = (tmp / "runserver.log").open("w")
    worker_log = (tmp / "worker.log").open("w")
    common = {"cwd": REPO, "env": env, "stderr": subprocess.STDOUT}
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        stdout=runserver_log,
        **common,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
        stdout=worker_log,
        **common,
    )
    try:
        _wait_until_up(url + "/", web, tmp / "runserver.log")
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited:\n{(tmp / 'worker.log').read_text()}")
        yield server
    finally:
        _stop(worker)
        _stop(web)
        runserver_log.close()
        worker_log.close()
        if os.environ.get("KEEP_BROWSER_TMP"):
            print(f"browser test files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_core() -> Path:
    """axe-core's script, installed from the npm registry when it is not there yet."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core for the accessibility checks")
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)]
            + ["axe-core@4"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    assert AXE_SCRIPT.exists(), f"npm did not install {AXE_SCRIPT}"
    return AXE_SCRIPT


@dataclass
class UI:
    """One browser context for one language and width, and its screenshots."""

    browser: Browser
    server: LiveServer
    name: str
    lang: str
    width: int
    contexts: list[BrowserContext] = field(default_factory=list)
    step: int = 0

    @property
    def phone(self) -> bool:
        return self.width < 600

    def new_page(self) -> Page:
        context = self.browser.new_context(
            base_url=self.server.url,
            locale=LOCALES[self.lang],
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE[self.lang]},
            viewport={"width": self.width, "height": 800 if self.phone else 900},
            accept_downloads=True,
            # The site's Content-Security-Policy (script-src 'self') would block the axe-core
            # script that check_accessibility injects. Trade-off: the browser then ignores
            # the whole policy, so these journeys no longer catch a page that breaks it
            # (tests/test_settings.py still checks that the header is sent).
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context.new_page()

    def shot(self, page: Page, what: str) -> None:
        self.step += 1
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{self.lang}-{self.width}-{self.step:02d}-{what}.png"
        page.screenshot(path=path, full_page=True)
        # Every page a journey screenshots is also checked for accessibility.
        check_accessibility(page, f"{self.name}-{self.lang}-{self.width}-{what}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def ui(
    request: pytest.FixtureRequest, browser: Browser, rb_server: LiveServer, axe_core: Path
) -> Iterator[UI]:
    lang, width = request.param
    name = request.node.originalname.removeprefix("test_it_")
    made = UI(browser=browser, server=rb_server, name=name, lang=lang, width=width)
    yield made
    made.close()


# -- emails -----------------------------------------------------------------------------

SEPARATOR = re.compile(rb"^-{79}$", re.MULTILINE)


def _messages(folder: Path) -> list[tuple[float, email.message.EmailMessage]]:
    found = []
    for path in folder.glob("*.log"):
        mtime = path.stat().st_mtime
        for chunk in SEPARATOR.split(path.read_bytes()):
            if chunk.strip():
                message = email.message_from_bytes(chunk.lstrip(), policy=email.policy.default)
                found.append((mtime, message))
    return found


def _text(message: email.message.EmailMessage) -> str:
    parts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


def email_link(server: LiveServer, address: str, path_part: str, timeout: float = 15) -> str:
    """The first link containing `path_part` in the newest email to `address` that has one.

    The worker sends emails in the background, so this polls for up to `timeout` seconds.
    """
    pattern = re.compile(re.escape(server.url) + r"[^\s\"'<>]*")
    deadline = time.monotonic() + timeout
    while True:
        candidates = []
        for mtime, message in _messages(server.emails):
            if address.lower() not in str(message.get("To", "")).lower():
                continue
            links = [link for link in pattern.findall(_text(message)) if path_part in link]
            if links:
                candidates.append((mtime, links[0]))
        if candidates:
            return max(candidates)[1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no email to {address} with a link containing {path_part!r}")
        time.sleep(0.25)
