"""gunicorn servers and wrk runs for the page benchmarks.

`Server` starts gunicorn as production would (sync workers, DEBUG off) on a free port of
127.0.0.1 and stops it, its workers included. `wrk()` runs wrk with a Lua script that
rotates through a list of prepared requests, counts every answer whose status is not the
expected one, and reports its figures as one JSON line from wrk's `done()`.
"""

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

WRK = "/usr/bin/wrk"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BACKLOG = 4096  # above the spike's 1,000 connections: they wait in the queue, not fail


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def somaxconn() -> int:
    """The kernel's cap on any listen backlog: gunicorn's --backlog is cut down to it."""
    return int(Path("/proc/sys/net/core/somaxconn").read_text())


def _more_open_files() -> None:
    """In the child: as many open files as allowed (1,000 connections need 1,000+)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Server:
    """gunicorn serving `app` on 127.0.0.1; a context manager that always stops it."""

    def __init__(self, app: str, env: dict[str, str], pythonpath: list[Path], workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="gunicorn-", suffix=".log")[1])
        command = [
            GUNICORN, app, "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--worker-class", "sync", "--backlog", str(BACKLOG), "--log-level", "warning",
            "--pythonpath", ",".join(str(p) for p in pythonpath),
        ]  # fmt: skip
        with self.log.open("wb") as log:  # the child keeps its own copy of the file
            self.process = subprocess.Popen(  # noqa: S603  # our own command line
                command,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_more_open_files,
                start_new_session=True,  # its own process group: stopped with its workers
            )

    def wait_ready(self, path: str = "/", timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5):  # noqa: S310
                    return
            except urllib.error.HTTPError as error:
                message = f"{self.url}{path} answered {error.code}:\n{self.output()}"
                raise RuntimeError(message) from error
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn at {self.url} not ready after {timeout} s")

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.unlink(missing_ok=True)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""


@dataclass(frozen=True)
class Outcome:
    requests: int
    seconds: float
    quantiles: tuple[tuple[float, float], ...]  # (percent, latency in ms), ascending
    unexpected: int  # answers whose status was not the expected one
    non_2xx_3xx: int  # what wrk itself counts as errors (status >= 400)
    connect: int
    read: int
    write: int
    timeout: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return self.percentile(50)

    @property
    def p99_ms(self) -> float:
        return self.percentile(99)

    def percentile(self, percent: float) -> float:
        return next((ms for p, ms in self.quantiles if p >= percent), 0.0)

    @property
    def socket_errors(self) -> int:
        return self.connect + self.read + self.write + self.timeout

    def line(self) -> str:
        return (
            f"{self.per_second:8.1f} req/s  p50 {self.p50_ms:7.1f} ms  p99 {self.p99_ms:7.1f} ms"
            f"  ({self.requests} requests; unexpected status {self.unexpected}, "
            f"non-2xx/3xx {self.non_2xx_3xx}; socket errors connect {self.connect} "
            f"read {self.read} write {self.write} timeout {self.timeout})"
        )


def combine(outcomes: list[Outcome]) -> Outcome:
    """Several runs of one page as one: requests and time add up; the latency quantiles
    are those of all the runs' requests pooled (each run weighs its number of requests)."""
    mass: list[tuple[float, float]] = []  # (latency, share of all requests)
    total = sum(o.requests for o in outcomes) or 1
    for o in outcomes:
        below = 0.0
        for percent, ms in o.quantiles:
            mass.append((ms, o.requests * (percent - below) / 100 / total))
            below = percent
    mass.sort()
    pooled, seen = [], 0.0
    for percent in QUANTILES:
        while mass and seen + mass[0][1] < percent / 100 - 1e-9:
            seen += mass.pop(0)[1]
        pooled.append((percent, mass[0][0] if mass else 0.0))
    return Outcome(
        requests=sum(o.requests for o in outcomes),
        seconds=sum(o.seconds for o in outcomes),
        quantiles=tuple(pooled),
        **{
            name: sum(getattr(o, name) for o in outcomes)
            for name in ("unexpected", "non_2xx_3xx", "connect", "read", "write", "timeout")
        },
    )


# Every 1 % and every 0.1 % above 99 %: enough to pool runs and still read p99 and p99.9.
QUANTILES = [float(p) for p in range(1, 99)] + [round(99 + k / 10, 1) for k in range(11)]


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


LUA = """
local items = {%(items)s}
local expected = %(expected)d
local threads = {}
local counter = 0

function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  requests_ = {}
  for i, item in ipairs(items) do
    requests_[i] = wrk.format(item[1], item[2], item[3], item[4])
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  return requests_[(counter %% #requests_) + 1]
end

function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  local quantiles = {}
  for i, p in ipairs({%(quantiles)s}) do
    quantiles[i] = string.format("[%%g, %%d]", p, latency:percentile(p))
  end
  io.write("WRK_JSON " .. string.format(
    '{"requests": %%d, "duration_us": %%d, "unexpected": %%d, "status": %%d, "connect": %%d, '
    .. '"read": %%d, "write": %%d, "timeout": %%d, "quantiles_us": [%%s]}',
    summary.requests, summary.duration, total, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    table.concat(quantiles, ", ")) .. "\\n")
end
"""


def lua_script(requests: list[Request], expected: int) -> str:
    items = []
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
        body = _lua_string(r.body) if r.body else "nil"
        items.append(f"{{{_lua_string(r.method)}, {_lua_string(r.path)}, {{{headers}}}, {body}}}")
    quantiles = ", ".join(f"{p:g}" for p in QUANTILES)
    return LUA % {"items": ",\n".join(items), "expected": expected, "quantiles": quantiles}


def wrk(
    url: str,
    requests: list[Request],
    expected: int,
    seconds: float,
    connections: int = 4,
    threads: int = 2,
    timeout: float = 30,
) -> Outcome:
    """Runs wrk against `url` for `seconds`, rotating through `requests`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(requests, expected))
    command = [
        WRK, "--latency", "-t", str(min(threads, connections)), "-c", str(connections),
        "-d", f"{seconds:g}s", "--timeout", f"{timeout:g}s", "-s", script.name, url,
    ]  # fmt: skip
    try:
        run = subprocess.run(  # noqa: S603  # our own command line
            command,
            capture_output=True,
            text=True,
            timeout=seconds + timeout + 60,
            preexec_fn=_more_open_files,
            check=False,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    found = [line for line in run.stdout.splitlines() if line.startswith("WRK_JSON ")]
    if run.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed ({run.returncode}): {run.stdout[-2000:]}{run.stderr}")
    data = json.loads(found[-1].removeprefix("WRK_JSON "))
    return Outcome(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        quantiles=tuple((p, us / 1000) for p, us in data["quantiles_us"]),
        unexpected=data["unexpected"],
        non_2xx_3xx=data["status"],
        connect=data["connect"],
        read=data["read"],
        write=data["write"],
        timeout=data["timeout"],
    )
