"""`make run` and `make test` start and stop cleanly, as a new user runs them: no DATABASE_URL,
so on the embedded PostgreSQL, which runs detached in a process group of its own.

- The embedded PostgreSQL (platform/embedded_db.py) is stopped by whoever started it. `make run`
  and `make test` hold it through `python -m hoso.embedded_db hold|release <pid>`: the first
  holder starts it, a second one reuses it, the last one stops it; a command run on its own
  holds it until it exits.
- `make run`'s script (infra/dev/run.sh), in a var folder of its own and on a free port: once it
  answers, the day's duty run has been done (through the start-up, not by calling the task),
  and Ctrl-C (SIGINT to its process group, as a terminal sends it) stops every process it
  started, PostgreSQL included.

Every test stops what it started, pass or fail.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
from django.utils import timezone
from hoso.embedded_db import embedded_server_running
from hoso.settings.env import VAR_DIR

from core.operations.demo.services import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
# What a new user's shell has; the test run's database and settings must not leak in.
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
STARTUP_SECONDS = 480  # a first start: initdb, migrations, five demo provinces of ~1,500 people (slow when loaded)
STOP_SECONDS = 15
STARTED_BY_HAND = "import sys, pgserver; pgserver.get_server(sys.argv[1], cleanup_mode=None)"
COMMAND_ON_ITS_OWN = """
import sys
import time
from pathlib import Path

import django

django.setup()
from django.db import connection

from hoso.embedded_db import embedded_server_running

connection.ensure_connection()
print(embedded_server_running(Path(sys.argv[1])).pid, flush=True)
if len(sys.argv) > 2:  # still at work when it is stopped
    time.sleep(float(sys.argv[2]))
"""


def _var_folder(name: str) -> Path:
    """A HOSO_VAR_DIR of its own under the checkout's var/, not pytest's temporary folder: run
    as root, pgserver runs PostgreSQL as a user of its own and opens every folder on the way to
    the data for it, and any other pytest run on the machine closes pytest's root folder again."""
    (VAR_DIR / "tests").mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=VAR_DIR / "tests")) / "var"


def _env(var: Path, **extra: str) -> dict[str, str]:
    return {**{name: os.environ[name] for name in KEPT if name in os.environ}, "HOSO_VAR_DIR": str(var), **extra}


def _running(pid: int) -> bool:
    """Running: an exited process its parent has not reaped yet is not."""
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def _gone(pid: int, seconds: float = STOP_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while _running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _server_stop(var: Path) -> None:
    running = embedded_server_running(var / "pgdata")
    if running is not None:
        os.kill(running.pid, signal.SIGINT)
        _gone(running.pid)
    shutil.rmtree(var.parent, ignore_errors=True)


# The holders of the embedded PostgreSQL.

@pytest.fixture
def var() -> Iterator[Path]:
    var = _var_folder("embedded-db")
    yield var
    _server_stop(var)


@pytest.fixture
def holders() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two live processes to stand for two `make run` scripts."""
    sleepers = [subprocess.Popen(["sleep", "300"]) for _ in range(2)]
    yield sleepers
    for sleeper in sleepers:
        sleeper.kill()
        sleeper.wait()


def _cli(var: Path, action: str, holder: int) -> str:
    result = subprocess.run([sys.executable, "-m", "hoso.embedded_db", action, str(holder)], env=_env(var),
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[0]


def test_a_second_holder_reuses_the_server_and_the_last_one_stops_it(
        var: Path, holders: list[subprocess.Popen[bytes]]) -> None:
    first, second = (holder.pid for holder in holders)
    assert _cli(var, "hold", first) == "started"
    server = embedded_server_running(var / "pgdata")
    assert server is not None

    assert _cli(var, "hold", second) == "reused"
    assert _cli(var, "release", first) == "held"
    assert embedded_server_running(var / "pgdata") == server

    assert _cli(var, "release", second) == "stopped"
    assert _gone(server.pid)
    assert embedded_server_running(var / "pgdata") is None


def test_a_holder_that_died_without_letting_go_is_dropped(var: Path, holders: list[subprocess.Popen[bytes]]) -> None:
    """A `make run` killed with SIGKILL cannot let go; the next holder stops the server anyway."""
    first, second = (holder.pid for holder in holders)
    assert _cli(var, "hold", first) == "started"
    server = embedded_server_running(var / "pgdata")
    assert server is not None
    holders[0].kill()
    holders[0].wait()

    assert _cli(var, "hold", second) == "reused"
    assert _cli(var, "release", second) == "stopped"
    assert _gone(server.pid)


def test_a_server_no_holder_started_is_left_running(var: Path, holders: list[subprocess.Popen[bytes]]) -> None:
    """A server that was running before (started by hand, or by an older checkout) is reused
    and never stopped by a holder."""
    (var / "run").mkdir(parents=True)
    subprocess.run([sys.executable, "-c", STARTED_BY_HAND, str(var / "pgdata")], cwd=ROOT, timeout=120, check=True,
                   env=_env(var, XDG_RUNTIME_DIR=str(var / "run")))
    first = holders[0].pid

    assert _cli(var, "hold", first) == "reused"
    assert _cli(var, "release", first) == "foreign"
    assert embedded_server_running(var / "pgdata") is not None


def test_a_command_run_on_its_own_stops_the_server_it_started_when_it_exits(var: Path) -> None:
    """`manage.py <command>` with no DATABASE_URL and no `make run` around it."""
    result = subprocess.run([sys.executable, "-c", COMMAND_ON_ITS_OWN, str(var / "pgdata")], cwd=ROOT, timeout=120,
                            env=_env(var, DJANGO_SETTINGS_MODULE="hoso.settings.base"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server = int(result.stdout.split()[-1])

    assert _gone(server)
    assert embedded_server_running(var / "pgdata") is None


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["timeout-or-supervisor", "terminal-closed"])
def test_a_command_run_on_its_own_stopped_by_a_signal_still_stops_its_server(var: Path, stop: signal.Signals) -> None:
    """`timeout 60 manage.py <command>` or a closed terminal: SIGTERM and SIGHUP skip a
    process's exit hooks, which would leave the server running with no holder left to stop it."""
    command = subprocess.Popen([sys.executable, "-c", COMMAND_ON_ITS_OWN, str(var / "pgdata"), "300"], cwd=ROOT,
                               env=_env(var, DJANGO_SETTINGS_MODULE="hoso.settings.base"), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert command.stdout is not None
    server = int(command.stdout.readline().split()[-1])

    command.send_signal(stop)
    command.wait(timeout=STOP_SECONDS)

    assert _gone(server), f"the server {server} still runs after its only holder was stopped"
    assert embedded_server_running(var / "pgdata") is None


# make run's script.

@dataclass(frozen=True)
class MakeRun:
    process: subprocess.Popen[bytes]
    port: int
    var: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
            return True
    except OSError:
        return False


def _sigint_as_in_a_terminal() -> None:
    # A test run started in the background ignores SIGINT, and so would its children: bash
    # cannot trap a signal that was ignored when it started.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def make_run() -> Iterator[MakeRun]:
    var, port = _var_folder("make-run"), _free_port()
    log = var.parent / "run.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(["bash", "infra/dev/run.sh"], cwd=ROOT, env=_env(var, PORT=str(port)),
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   preexec_fn=_sigint_as_in_a_terminal)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(port):
            assert process.poll() is None, f"run.sh ended early:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"no answer on /healthz:\n{log.read_text()[-3000:]}"
            time.sleep(0.5)
        yield MakeRun(process=process, port=port, var=var, log=log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        _server_stop(var)


class Browser:
    """urllib with cookies, on a province's host (runserver answers on 127.0.0.1)."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host = port, host
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path: str, form: dict[str, str] | None = None) -> Any:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, headers={"Host": self.host})
        return self.opener.open(request, timeout=10)

    def get(self, path: str) -> str:
        with self.open(path) as response:
            return str(response.read().decode())

    def sign_in(self, username: str, password: str) -> None:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get("/dang-nhap/"))
        assert token is not None
        with self.open("/dang-nhap/", {"csrfmiddlewaretoken": token.group(1), "username": username,
                                       "password": password}) as landed:
            assert "/dang-nhap/" not in landed.url, f"{username} cannot sign in on {self.host}"


def test_the_doha_duty_list_shows_today_right_after_start_up(make_run: MakeRun) -> None:
    """This month's backup duty exists only once the daily duty run has run today: run.sh queues
    that run at start-up instead of leaving it to the beat's 06:30."""
    browser = Browser(make_run.port, "laocai.localhost")
    browser.sign_in("snv.quantri", DEMO_PASSWORD)
    this_month = f"Tháng {timezone.localdate():%m/%Y}"
    # The worker runs the day's entries in order (spares, reports, heartbeat, then duties) for
    # every demo province: on a machine busy with the rest of the suite that can pass a minute.
    deadline = time.monotonic() + 150
    duties = _every_page(browser, "/nghia-vu/")
    while this_month not in duties and time.monotonic() < deadline:
        time.sleep(1)
        duties = _every_page(browser, "/nghia-vu/")

    (row,) = [row for row in duties.split("<tr") if this_month in row]
    assert "Đang mở" in row


def _every_page(browser: Browser, path: str) -> str:
    """A paginated list's pages one after another, as a person follows "Trang sau"."""
    pages = [browser.get(path)]
    while (following := re.search(r'<a href="([^"]+)" rel="next">', pages[-1])) is not None:
        pages.append(browser.get(path + following.group(1).replace("&amp;", "&")))  # "?trang=2"
    return "".join(pages)


def test_make_run_serves_like_production_where_a_person_sees_it(make_run: MakeRun) -> None:
    """A mistyped address gets the Vietnamese "not found" page, never Django's debug page with
    every URL listed; static files come from the web process (WhiteNoise), DEBUG being off."""
    browser = Browser(make_run.port, "laocai.localhost")
    with pytest.raises(urllib.error.HTTPError) as missing:
        browser.get("/khong-co-trang-nay/")
    page = missing.value.read().decode()
    assert missing.value.code == 404
    assert 'lang="vi"' in page and "URLconf" not in page and "Traceback" not in page
    with browser.open("/static/frontend/hoso.css") as css:
        assert css.status == 200 and b"lang-switch" in css.read()


def test_ctrl_c_stops_every_process_postgresql_included(make_run: MakeRun) -> None:
    """Runs after the other test of this module: it stops the `make run` they share."""
    group = make_run.process.pid
    server = embedded_server_running(make_run.var / "pgdata")
    assert server is not None
    assert os.getpgid(server.pid) != group  # out of reach of the terminal's Ctrl-C

    os.killpg(group, signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    while (left := _left(group, server.pid)) and time.monotonic() < deadline:
        make_run.process.poll()  # reaps run.sh once it ends
        time.sleep(0.2)

    assert left == [], f"still running after {STOP_SECONDS} s: {left}"
    assert make_run.process.wait(timeout=1) == 130
    assert "Embedded PostgreSQL stopped." in make_run.log.read_text()


def _left(group: int, server: int) -> list[str]:
    """The processes of `group` still running, and the server if it is."""
    left = [f"postgres {server}"] if _running(server) else []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if os.getpgid(process.pid) == group and _running(process.pid):
                left.append(" ".join(process.info["cmdline"] or []) or str(process.pid))
        except (ProcessLookupError, psutil.Error):
            pass
    return left
