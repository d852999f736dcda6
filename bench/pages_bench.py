"""Results day on the candidates' pages: req/s beside a hello-world Django app, logins/s,
and a spike of 1,000 connections on the result page.

Run: .venv/bin/python bench/pages_bench.py [--quick] [--json PATH] [--candidates N]

Drops and recreates the PostgreSQL database in DATABASE_URL (default rb_bench_pages),
migrates it and fills it with registered candidates who have a released PET result (a
third also FCE), all with one password. Then it serves ResultBridge as production does
(gunicorn, 2 sync workers, DEBUG off, static files collected, messages compiled) and a
hello-world Django app the same way, and runs wrk with 4 connections against each page
in turn. Logged-in pages rotate the session cookies of a few candidates who signed in
through the real login form; a sample answer of every page is checked (status, the
candidate's own name or centre) before and after each run, so a broken page cannot pass
for a fast one. Ratios to hello-world are what count: the machine is shared and noisy.
"""

import argparse
import html
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

import loadtest  # noqa: E402
import scratchdb  # noqa: E402
from loadtest import Outcome, Request, Server  # noqa: E402
from report import Figure, write_figures  # noqa: E402

if TYPE_CHECKING:  # Django is set up only in main()
    from exams.api import Candidate

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/rb_bench_pages"
PASSWORD = "results-day-bench-2026"
APP_ENV = {
    "DJANGO_SETTINGS_MODULE": "settings_pages",
    "DEBUG": "0",
    "SECRET_KEY": "pages-bench-secret-key-not-for-production-0123456789",
    "SECRET_NUMBER_KEY": "pages-bench-secret-number-key",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
}
SIGNED_IN = 16  # candidates whose sessions the logged-in pages rotate through
LOGIN_IDS = 200  # candidates the login run rotates through
GOALS = {"welcome": 0.40, "home": 0.30, "result": 0.25}  # share of hello-world's req/s
RESULT_P99_MS, LOGINS_PER_S = 50.0, 35.0


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="PATH", help="write the figures here (bench/report.py)")
    parser.add_argument("--quick", action="store_true", help="3 s runs, a 300-connection spike")
    parser.add_argument("--candidates", type=int, default=2000)
    return parser.parse_args()


def setup_django() -> None:
    os.environ.update(APP_ENV)
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    scratchdb.recreate(os.environ["DATABASE_URL"])
    import django

    django.setup()


# --- HTTP by hand: cookies are Secure with DEBUG off, so no cookie jar would send them ---


def fetch(
    url: str,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: str = "",
    timeout: float = 60,
) -> tuple[int, dict[str, str], str, str]:
    """(status, cookies set, Location, body) of one request."""
    parts = urlsplit(url)
    connection = HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        cookies: dict[str, str] = {}
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
        text = response.read().decode("utf-8", errors="replace")
        return response.status, cookies, response.getheader("Location") or "", text
    finally:
        connection.close()


class LoginForm:
    """One CSRF cookie and form token, reused for every POST (as one browser would)."""

    def __init__(self, url: str):
        self.url = url
        status, cookies, _location, text = fetch(url, "GET", "/login/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if status != 200 or "csrftoken" not in cookies or not found:
            raise RuntimeError(f"GET /login/ gave {status}, no CSRF cookie or token")
        self.cookie, self.token = cookies["csrftoken"], found.group(1)

    def request(self, candidate_id: str) -> Request:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.cookie}",
            "Origin": self.url,  # Django's CSRF check compares it with the Host
            "Referer": f"{self.url}/login/",
        }
        body = urlencode(
            {"csrfmiddlewaretoken": self.token, "username": candidate_id, "password": PASSWORD}
        )
        return Request("POST", "/login/", headers, body)

    def sign_in(self, candidate_id: str) -> str:
        """The Cookie header a browser sends after a real sign-in: every cookie the login
        set (session, CSRF, device); fails unless it redirects home."""
        r = self.request(candidate_id)
        status, cookies, location, _text = fetch(self.url, r.method, r.path, r.headers, r.body)
        if status != 302 or urlsplit(location).path != "/home/" or "sessionid" not in cookies:
            raise RuntimeError(f"login of {candidate_id} gave {status} to {location!r}")
        jar = {"csrftoken": self.cookie, **cookies}  # login sets a new CSRF cookie
        return "; ".join(f"{name}={value}" for name, value in jar.items())


class SignedIn:
    """A candidate with a session: what their pages must show."""

    def __init__(self, candidate: "Candidate", cookies: str):
        self.candidate_id, self.name = candidate.candidate_id, candidate.full_name
        result = candidate.entries.get(session__exam__code="PET").result
        self.result_path = f"/results/{result.uuid}/"
        self.headers = {"Cookie": cookies}


def sign_in_some(url: str) -> list[SignedIn]:
    from exams.api import Candidate

    form = LoginForm(url)
    chosen = Candidate.objects.order_by("candidate_id")[:SIGNED_IN]
    return [SignedIn(c, form.sign_in(c.candidate_id)) for c in chosen]


# --- pages ------------------------------------------------------------------------------


class Page:
    """What wrk sends for one page, and the check that a sample answer is the right one."""

    def __init__(self, key: str, label: str, requests: list[Request], expected: int = 200):
        self.key, self.label, self.requests, self.expected = key, label, requests, expected
        self.checks: list[tuple[Request, str]] = []  # a request and text its answer must hold

    def check(self, url: str, timeout: float = 60) -> None:
        for r, needle in self.checks:
            status, _cookies, location, text = fetch(
                url, r.method, r.path, r.headers, r.body, timeout
            )
            if status != self.expected or needle not in (text + location):
                raise RuntimeError(
                    f"{self.label}: {r.method} {r.path} gave {status} "
                    f"{location!r}, without {needle!r}"
                )


def pages(url: str, people: list[SignedIn]) -> list[Page]:
    from pages_data import centre

    from exams.api import Candidate

    hello = Page("hello", "hello-world", [Request("GET", "/", {})])
    hello.checks = [(hello.requests[0], "Hello, world")]
    welcome = Page("welcome", "welcome page (anonymous)", [Request("GET", "/", {})])
    welcome.checks = [(welcome.requests[0], 'name="password"')]
    home = Page("home", "home, logged in", [Request("GET", "/home/", p.headers) for p in people])
    home.checks = [(r, html.escape(p.name)) for r, p in zip(home.requests, people, strict=True)]
    by_result = [Request("GET", p.result_path, p.headers) for p in people]
    result = Page("result", "result page, logged in", by_result)
    result.checks = [
        (r, centre(p.candidate_id)) for r, p in zip(result.requests, people, strict=True)
    ]
    form = LoginForm(url)
    ids = Candidate.objects.order_by("-candidate_id").values_list("candidate_id", flat=True)
    login = Page("login", "login POST", [form.request(i) for i in ids[:LOGIN_IDS]], expected=302)
    login.checks = [(login.requests[0], "/home/")]
    return [hello, welcome, home, result, login]


def measure(url: str, page: Page, seconds: float) -> Outcome:
    """One continuous run after a warm-up, the answers checked before and after."""
    page.check(url)
    loadtest.wrk(url, page.requests, page.expected, seconds=1)  # workers load, connect
    outcome = loadtest.wrk(url, page.requests, page.expected, seconds)
    page.check(url)  # still the owner's page after the load (nothing served to another)
    print(f"{page.label:28} {outcome.line()}", flush=True)
    return outcome


def alternate(
    urls: tuple[str, str], pages: tuple[Page, Page], rounds: int, seconds: float
) -> tuple[Outcome, Outcome]:
    """hello-world and a page in turns, hello first and last (H P H P H ... H), each page
    run `seconds` long: the other work on a shared machine comes and goes, and both sides
    of the ratio get the same share of it. Returns (page, hello-world), each pooled."""
    (hello_url, url), (hello, page) = urls, pages
    page.check(url)
    loadtest.wrk(url, page.requests, page.expected, seconds=1)  # workers load, connect
    hellos = [loadtest.wrk(hello_url, hello.requests, hello.expected, seconds)]
    runs = []
    for _ in range(rounds):
        runs.append(loadtest.wrk(url, page.requests, page.expected, seconds))
        hellos.append(loadtest.wrk(hello_url, hello.requests, hello.expected, seconds))
    page.check(url)  # still the owner's page after the load (nothing served to another)
    pooled, baseline = loadtest.combine(runs), loadtest.combine(hellos)
    print(f"{page.label:28} {pooled.line()}", flush=True)
    print(f"{'  hello-world, in turns':28} {baseline.line()}", flush=True)
    return pooled, baseline


def spike(url: str, page: Page, connections: int, seconds: float) -> Outcome:
    limit = loadtest.somaxconn()
    print(
        f"spike: {connections} connections for {seconds:g} s on the {page.label}; "
        f"gunicorn --backlog {loadtest.BACKLOG}, net.core.somaxconn {limit}",
        flush=True,
    )
    if limit < connections:
        print(f"  warning: somaxconn {limit} < {connections}: the kernel cuts the queue")
    outcome = loadtest.wrk(url, page.requests, page.expected, seconds, connections, timeout=30)
    print("  (the requests wrk left in the queue are answered first: checking after them)")
    page.check(url, timeout=300)
    print(f"{'spike':28} {outcome.line()}", flush=True)
    return outcome


# --- figures ----------------------------------------------------------------------------


def clean(outcome: Outcome) -> bool:
    return outcome.unexpected == 0 and outcome.socket_errors == 0


def problems(outcome: Outcome) -> str:
    if clean(outcome):
        return ""
    return f"; {outcome.unexpected} unexpected answers, {outcome.socket_errors} socket errors"


LABELS = {
    "welcome": "welcome page (anonymous)",
    "home": "home, logged in",
    "result": "result page, logged in",
}


def timing(o: Outcome) -> str:
    return f"p50 {o.p50_ms:.1f} ms, p99 {o.p99_ms:.1f} ms" + problems(o)


def hash_ms(rounds: int = 5) -> float:
    """One password check with the project's hasher, here and now."""
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password(PASSWORD)
    start = time.perf_counter()
    for _ in range(rounds):
        check_password(PASSWORD, encoded)
    return (time.perf_counter() - start) / rounds * 1000


def login_alone(url: str, page: Page, seconds: float) -> tuple[Outcome, float]:
    """Logins one at a time, and one password check timed here just before and after:
    what the login path costs beyond the hash (the goal: no more than the hash)."""
    before = hash_ms()
    outcome = loadtest.wrk(url, page.requests, page.expected, seconds, connections=1)
    check = (before + hash_ms()) / 2
    page.check(url)
    print(f"{'login POST, one at a time':28} {outcome.line()}", flush=True)
    print(f"{'  one password check':28} {check:8.1f} ms (in the bench process)", flush=True)
    return outcome, check


def measure_all(
    urls: tuple[str, str], all_pages: list[Page], rounds: int, seconds: float
) -> tuple[dict[str, Outcome], dict[str, Outcome], float]:
    """Every page; those with a ratio goal in turns with hello-world (`alternate`)."""
    hello, *others = all_pages
    measure(urls[0], hello, seconds)  # warm-up, and the check that it answers
    outcomes, baselines = {}, {}
    for page in others:
        if page.key in GOALS:
            outcomes[page.key], baselines[page.key] = alternate(
                urls, (hello, page), rounds, seconds
            )
        else:
            outcomes[page.key] = measure(urls[1], page, rounds * seconds)
    login = next(p for p in others if p.key == "login")
    outcomes["login_alone"], check = login_alone(urls[1], login, rounds * seconds)
    return outcomes, baselines, check


def figures(
    outcomes: dict[str, Outcome], baselines: dict[str, Outcome], check_ms: float
) -> list[Figure]:
    rates = [o.per_second for o in baselines.values()]
    spread = f"from {min(rates):.0f} to {max(rates):.0f} req/s beside the pages"
    hello = loadtest.combine(list(baselines.values()))
    found = [
        Figure("pages", "hello-world (baseline)", hello.per_second, "req/s", "", None,
               note=f"{spread}; {timing(hello)}"),
    ]  # fmt: skip
    for key, share in GOALS.items():
        o, hello_rate = outcomes[key], baselines[key].per_second
        met = o.per_second >= share * hello_rate and clean(o)
        goal = f">= {share:.0%} of hello-world"
        found.append(
            Figure("pages", LABELS[key], o.per_second, "req/s", goal, met, hello_rate, timing(o))
        )
    p99 = outcomes["result"].p99_ms
    found.append(
        Figure(
            "pages", "result page p99", p99, "ms", f"< {RESULT_P99_MS:g} ms", p99 < RESULT_P99_MS
        )
    )
    login = outcomes["login"]
    met = login.per_second >= LOGINS_PER_S and clean(login)
    found.append(
        Figure("login", "login POST (Argon2id)", login.per_second, "req/s",
               f">= {LOGINS_PER_S:g}/s", met,
               note=f"{timing(login)}; the hash alone allows {2000 / check_ms:.0f}/s on 2 cores"),
    )  # fmt: skip
    alone = outcomes["login_alone"]
    found.append(
        Figure("login", "login POST, one at a time: p50", alone.p50_ms, "ms",
               "<= 2x one password check", alone.p50_ms <= 2 * check_ms and clean(alone),
               baseline=check_ms, note="baseline: one password check, same moment"),
    )  # fmt: skip
    return found


def spike_figures(spiked: Outcome, connections: int) -> list[Figure]:
    failed = spiked.unexpected + spiked.socket_errors
    answered = f"{spiked.requests} answered, {spiked.per_second:.0f} req/s"
    waited = f"p50 {spiked.p50_ms:.0f} ms: requests wait in the listen queue"
    if spiked.p99_ms >= 0.9 * spiked.seconds * 1000:
        waited += "; p99 is the run's length: some requests still waited when it ended"
    return [
        Figure("spike", f"{connections} connections: failed requests", failed, "requests",
               "0 (no 5xx, no connection errors)", failed == 0, note=answered + problems(spiked)),
        Figure("spike", f"{connections} connections: p99", spiked.p99_ms, "ms", "", None,
               note=waited),
    ]  # fmt: skip


def run(options: argparse.Namespace) -> list[Figure]:
    rounds, seconds = (3, 1) if options.quick else (5, 2)  # 3 s or 10 s of each page
    connections, spike_seconds = (300, 5) if options.quick else (1000, 30)
    env = {**os.environ, **APP_ENV}
    path = [ROOT, BENCH]
    hello_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    with (
        Server("hello.wsgi:application", hello_env, path) as hello_server,
        Server("resultbridge.wsgi:application", env, path) as app,
    ):
        hello_server.wait_ready()
        app.wait_ready("/")
        people = sign_in_some(app.url)
        all_pages = pages(app.url, people)
        urls = (hello_server.url, app.url)
        found = figures(*measure_all(urls, all_pages, rounds, seconds))
        result_page = next(p for p in all_pages if p.key == "result")
        spiked = spike(app.url, result_page, connections, spike_seconds)
    return found + spike_figures(spiked, connections)


def stop_on_signals() -> None:
    """Ctrl-C, and the SIGTERM of bench/run.py's timeout, go through the `finally`s that
    stop the servers (a shell may start us with SIGINT ignored: take it back)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


def main() -> None:
    options = parse_options()
    if not Path(loadtest.WRK).exists():
        raise SystemExit(f"wrk not found at {loadtest.WRK} (apt-get install wrk)")
    stop_on_signals()
    static = tempfile.mkdtemp(prefix="pages-bench-static-")
    os.environ["BENCH_STATIC_ROOT"] = static  # bench/settings_pages.py
    try:
        setup_django()
        from django.conf import settings

        name = settings.DATABASES["default"]["NAME"]
        print(f"database {name}: {options.candidates} candidates", flush=True)
        import pages_data

        pages_data.fill(options.candidates, PASSWORD)
        pages_data.prepare_static()
        found = run(options)
    finally:
        shutil.rmtree(static, ignore_errors=True)
    for figure in found:
        ratio = "" if figure.ratio is None else f" ({figure.ratio:.1%} of {figure.baseline:.1f})"
        met = {True: "met", False: "NOT met", None: ""}[figure.met]
        print(f"  {figure.name}: {figure.value:.1f} {figure.unit}{ratio}  {figure.goal} {met}")
    write_figures(found, options.json)


if __name__ == "__main__":
    main()
