"""One page, in one process, request after request through Django's WSGI handler (what
gunicorn calls), on the bench's database: CPU and wall time per request, queries per
request, and optionally a cProfile of the loop. For finding where a page's time goes;
bench/pages_bench.py is the figure we hold ourselves to.

Run after bench/pages_bench.py filled its database (it leaves it in place):
    .venv/bin/python bench/profile_pages.py home|result|welcome|hello [-n 2000] [--profile]
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]


def environ(method: str, path: str, cookie: str = "", body: str = "") -> dict[str, object]:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_COOKIE": cookie,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body.encode()),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


class Call:
    def __init__(self, app: object):
        self.app = app

    def __call__(self, env: dict[str, object]) -> tuple[str, list[tuple[str, str]], bytes]:
        answer: dict[str, object] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: object) -> None:
            answer.update(status=status, headers=headers)

        chunks = self.app(env, start_response)  # type: ignore[operator]
        body = b"".join(chunks)
        chunks.close()  # request_finished, as gunicorn does
        return answer["status"], answer["headers"], body  # type: ignore[return-value]


def cookie_of(headers: list[tuple[str, str]], name: str) -> str:
    found = [v.strip().split(";")[0] for k, v in headers if k == "Set-Cookie"]
    return next(c for c in found if c.startswith(f"{name}="))


def sign_in(call: Call) -> str:
    import re

    from pages_bench import PASSWORD

    from accounts.api import User

    _status, headers, body = call(environ("GET", "/login/"))
    csrf = cookie_of(headers, "csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    username = User.objects.order_by("username").values_list("username", flat=True)[0]
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
    env = environ("POST", "/login/", csrf, form)
    env["HTTP_ORIGIN"] = env["HTTP_REFERER"] = "http://127.0.0.1"
    status, headers, _body = call(env)
    assert status.startswith("302"), status
    return f"{cookie_of(headers, 'sessionid')}; {cookie_of(headers, 'csrftoken')}"


def path_of(page: str) -> str:
    if page == "result":
        from exams.api import Result

        first = Result.objects.order_by("entry__candidate__candidate_id", "pk").first()
        return f"/results/{first.uuid}/"
    return {"home": "/home/", "welcome": "/", "hello": "/"}[page]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("page", choices=["home", "result", "welcome", "hello"])
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--middleware", action="store_true", help="CPU time in each middleware")
    options = parser.parse_args()
    if options.page == "hello":
        os.environ["DJANGO_SETTINGS_MODULE"] = "hello.settings"
    else:
        from pages_bench import APP_ENV

        os.environ.update(APP_ENV)
        os.environ.setdefault("BENCH_STATIC_ROOT", "/tmp/profile-pages-static")
        os.environ.setdefault(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rb_perfpages_bench"
        )
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    call = Call(get_wsgi_application())
    if options.page != "hello":
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)

    cookie = sign_in(call) if options.page in ("home", "result") else ""
    path = path_of(options.page)
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    for _ in range(50):  # warm up: compiled queries, caches, connection
        status, _headers, body = call(environ("GET", path, cookie))
    assert status.startswith("200"), (status, body[:500])
    with connections["default"].execute_wrapper(count) if options.page != "hello" else _null():
        profiler = cProfile.Profile(time.process_time) if options.profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for _ in range(options.n):
            call(environ("GET", path, cookie))
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    n = options.n
    if options.middleware:
        per_middleware(call, environ("GET", path, cookie), n)
    print(
        f"{options.page}: {cpu / n * 1000:.3f} ms CPU, {wall / n * 1000:.3f} ms wall per request,"
        f" {len(queries) / n:.1f} queries, {len(body)} bytes"
    )
    for sql in queries[:8]:
        print("   ", sql[:160])
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)


def per_middleware(call: Call, env: dict[str, object], n: int) -> None:
    """CPU time spent in each middleware itself (its part before and after the next one),
    and in the view (with URL resolving): each middleware's call of the next is timed."""
    handler = call.app
    names, timers = [], []
    step = handler._middleware_chain  # type: ignore[attr-defined]
    while hasattr(step, "__wrapped__") and hasattr(step.__wrapped__, "get_response"):
        middleware = step.__wrapped__
        names.append(type(middleware).__name__)
        timer = Timed(middleware.get_response)
        middleware.get_response = timer
        timers.append(timer)
        step = timer.inner
    names.append("view, URL resolving, templates")
    start = time.process_time()
    for _ in range(n):
        env["wsgi.input"] = io.BytesIO(b"")
        call(env)
    # The first middleware's own time includes the WSGI handler's (request, response).
    inclusive = [time.process_time() - start] + [t.total for t in timers] + [0.0]
    print(f"per request {inclusive[0] / n * 1000:.3f} ms CPU; each part's own time:")
    for i, name in enumerate(names):
        own = (inclusive[i] - inclusive[i + 1]) / n * 1000
        print(f"  {own:7.3f} ms  {name}")


class Timed:
    def __init__(self, inner):  # type: ignore[no-untyped-def]
        self.inner, self.total = inner, 0.0

    def __call__(self, request):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return self.inner(request)
        finally:
            self.total += time.process_time() - start


class _null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


if __name__ == "__main__":
    main()
