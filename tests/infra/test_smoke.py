"""The production processes, started exactly as the image starts them (infra/docker/
entrypoint.sh web | worker | beat | migrate) with hoso.settings.production, against the
machine's PostgreSQL and a real broker (Redis and RabbitMQ): two provinces served by host,
background work in each, and a clean stop on SIGTERM with no task lost.

Skipped when the machine has no PostgreSQL on 127.0.0.1:5432 or no broker on its port.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "infra" / "docker" / "entrypoint.sh"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PROVINCES = {"smoke-a": ("Tỉnh Thử A", "smokea", "smoke_a"), "smoke-b": ("Tỉnh Thử B", "smokeb", "smoke_b")}
BROKERS = {"redis": ("redis://127.0.0.1:6379/14", 6379), "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672//", 5672)}
TASKS_PER_PROVINCE = 200


def _answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    # As the TLS proxy in front of the web does: production settings redirect plain HTTP.
    headers = {"X-Forwarded-Proto": "https", **({"Host": host} if host else {})}
    request = urllib.request.Request(url, headers=headers)
    try:
        # A first page of a province can take seconds on a loaded machine (templates, host cache).
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def _wait(predicate: Callable[[], object], seconds: float, what: str | Callable[[], str]) -> None:
    """Until `predicate` holds; `what` (or what it returns, read once the time is up) says why not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")


class Deployment:
    """The environment of one deployment and the processes started from it."""

    def __init__(self, database: str, folder: Path) -> None:
        self.folder = folder
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hoso.settings.production",
            "DJANGO_SECRET_KEY": "smoke-" + uuid.uuid4().hex,
            "HOSO_BACKUP_KEY": "smoke-backup-" + uuid.uuid4().hex,
            "HOSO_DATA_KEY": "smoke-data-" + uuid.uuid4().hex,
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{database}",
            "BASE_DOMAIN": "localhost",
            "HOSO_VAR_DIR": str(folder / "var"),
            "HOSO_PYTHON": sys.executable,
            "HOSO_MANAGE": str(ROOT / "manage.py"),
            "HOSO_GUNICORN_CONF": str(ROOT / "infra" / "gunicorn.conf.py"),
            "TMPDIR": str(folder),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            "CELERY_CONCURRENCY": "2",
            # Its own queue: other runs sharing the broker never take these tasks.
            "CELERY_QUEUE": "smoke-" + uuid.uuid4().hex[:8],
        }
        self.env.pop("DATABASE_NAME", None)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.prefix = "setup"  # each test's logs apart

    def run(self, *command: str) -> str:
        done = subprocess.run(["sh", str(ENTRYPOINT), *command], env=self.env, cwd=ROOT,
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return done.stdout.decode()

    def start(self, name: str, *command: str, **extra_env: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{self.prefix}-{name}.log").open("ab")
        process = subprocess.Popen(["sh", str(ENTRYPOINT), *command], env={**self.env, **extra_env}, cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT)
        self.processes[name] = process
        return process

    def stop(self, name: str) -> int:
        """SIGTERM, as Kubernetes and compose send it; the exit code once it has finished. A
        worker gets 90 s (its pod 15 minutes): one on a loaded machine took 31 s from its last
        task to its exit."""
        process = self.processes.pop(name)
        seconds = 90 if name == "worker" else 40
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"{name} did not stop within {seconds} s of SIGTERM:\n{self.log(name)}") from None

    def log(self, name: str, *, whole: bool = False) -> str:
        text = (self.folder / f"{self.prefix}-{name}.log").read_text(errors="replace")
        return text if whole else text[-4000:]

    def stop_all(self) -> None:
        for name in list(self.processes):
            process = self.processes.pop(name)
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """A database of its own: migrated by the image's `migrate` step, two provinces onboarded,
    static files collected as the image build does."""
    if not _answers(5432):
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    database = f"{settings.DATABASES['default']['NAME']}_smoke"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")
    deployment = Deployment(database, tmp_path_factory.mktemp("smoke"))
    try:
        deployment.run("migrate")
        for code, (name, subdomain, _) in PROVINCES.items():
            deployment.run(sys.executable, str(ROOT / "manage.py"), "province_onboard", "--code", code,
                           "--name", name, "--subdomain", subdomain)
        deployment.run(sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0")
        yield deployment
    finally:
        deployment.stop_all()
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def _heartbeats(deployment: Deployment, run: str) -> dict[str, list[str]]:
    notes: dict[str, list[str]] = {}
    with psycopg.connect(deployment.env["DATABASE_URL"]) as conn:
        for _, _, schema in PROVINCES.values():
            rows = conn.execute(
                f"SELECT detail->>'note' FROM {schema}.audit_auditevent "  # noqa: S608 - fixed names
                "WHERE action = 'system.heartbeat' AND detail->>'note' LIKE %s", [f"{run}%"]).fetchall()
            notes[schema] = sorted(row[0] for row in rows)
    return notes


def _tasks_amiss(done: dict[str, list[str]], expected: dict[str, list[str]]) -> str:
    """Which tasks never ran and which ran more than once."""
    done_all = [note for notes in done.values() for note in notes]
    expected_all = {note for notes in expected.values() for note in notes}
    missing = sorted(expected_all - set(done_all))
    twice = sorted({note for note in done_all if done_all.count(note) > 1})
    return f"{len(done_all)} done; never run: {missing[:20]} ({len(missing)}); more than once: {twice[:20]} ({len(twice)})"


def _queue_heartbeats(deployment: Deployment, run: str, *, count: int = TASKS_PER_PROVINCE) -> None:
    """Queued from inside each province, as a request there would: the schema rides in the headers."""
    code = (
        "from django_tenants.utils import tenant_context\n"
        "from tenants.models import Province\n"
        "from tenants.tasks import province_heartbeat\n"
        f"for code in {list(PROVINCES)!r}:\n"
        "    province = Province.objects.get(code=code)\n"
        "    with tenant_context(province):\n"
        f"        for i in range({count}):\n"
        f"            province_heartbeat.delay(note=f'{run}-{{province.schema_name}}-{{i}}')\n"
    )
    deployment.run(sys.executable, str(ROOT / "manage.py"), "shell", "-c", code)


def _wait_ready_worker(deployment: Deployment, starts: int) -> None:
    """Until the worker started `starts`-th (its log is appended to) says it is ready."""
    _wait(lambda: deployment.log("worker", whole=True).count("ready.") >= starts, 180,
          lambda: f"worker start {starts}\n{deployment.log('worker')}")


@pytest.mark.parametrize("broker", list(BROKERS))
def test_production_processes_serve_two_provinces_and_stop_cleanly(deployment: Deployment, broker: str) -> None:
    broker_url, broker_port = BROKERS[broker]
    if not _answers(broker_port):
        pytest.skip(f"no {broker} on 127.0.0.1:{broker_port}")
    deployment.env["CELERY_BROKER_URL"] = broker_url
    deployment.prefix = broker
    web_port, web_metrics, beat_metrics = _free_port(), _free_port(), _free_port()
    deployment.env["PORT"] = str(web_port)
    deployment.start("web", "web", METRICS_PORT=str(web_metrics))
    deployment.start("worker", "worker")
    deployment.start("beat", "beat", HOSO_METRICS_PORT=str(beat_metrics))
    base = f"http://127.0.0.1:{web_port}"
    try:
        _wait(lambda: _get(f"{base}/readyz")[0] == 200, 180, lambda: f"web readiness\n{deployment.log('web')}")
        assert json.loads(_get(f"{base}/readyz")[1]) == {"database": True, "migrations_applied": True}

        # Two provinces, told apart by the host alone; an unknown host is refused.
        for name, subdomain, _ in PROVINCES.values():
            status, page = _get(f"{base}/dang-nhap/", host=f"{subdomain}.localhost:{web_port}")
            assert status == 200 and name in page, deployment.log("web")
        assert _get(f"{base}/dang-nhap/", host=f"khong-co.localhost:{web_port}")[0] == 404
        # Static files from WhiteNoise, under their hashed names.
        manifest = json.loads((Path(deployment.env["HOSO_VAR_DIR"]) / "static" / "staticfiles.json").read_text())
        hashed = next(iter(manifest["paths"].values()))
        assert _get(f"{base}/static/{hashed}", host=f"smokea.localhost:{web_port}")[0] == 200

        # Metrics: per province from the web's own port; the platform's gauges from beat.
        metrics = _get(f"http://127.0.0.1:{web_metrics}/metrics")[1]
        assert 'hoso_http_requests_total{method="GET",province="smoke_a",status="200"}' in metrics
        _wait(lambda: 'hoso_province_ready{province="smoke_b"} 1.0' in _get(f"http://127.0.0.1:{beat_metrics}/metrics")[1],
              120, lambda: f"beat's exporter\n{deployment.log('beat')}")

        # Background work in each province, queued while no worker runs; SIGTERM the worker
        # while it is busy with them.
        _wait_ready_worker(deployment, 1)
        assert deployment.stop("worker") == 0, deployment.log("worker")
        run = "smoke-" + uuid.uuid4().hex[:8]
        _queue_heartbeats(deployment, run)
        deployment.start("worker", "worker")
        _wait(lambda: sum(map(len, _heartbeats(deployment, run).values())) >= 20, 180,
              lambda: f"the first tasks\n{deployment.log('worker')}")
        assert deployment.stop("worker") == 0, deployment.log("worker")
        done_at_stop = sum(map(len, _heartbeats(deployment, run).values()))
        assert done_at_stop < 2 * TASKS_PER_PROVINCE, "the worker was not stopped mid-way: nothing proven"
        # What was not done is still queued: a new worker finishes it; none lost, none twice.
        deployment.start("worker", "worker")
        expected = {schema: sorted(f"{run}-{schema}-{i}" for i in range(TASKS_PER_PROVINCE))
                    for _, _, schema in PROVINCES.values()}
        _wait(lambda: _heartbeats(deployment, run) == expected, 240,
              lambda: f"every task: {_tasks_amiss(_heartbeats(deployment, run), expected)}\n{deployment.log('worker')}")
        _wait_ready_worker(deployment, 3)

        for name in ("web", "worker", "beat"):
            assert deployment.stop(name) == 0, deployment.log(name)
    finally:
        deployment.stop_all()


@pytest.mark.skipif(not os.environ.get("HOSO_STRESS"), reason="by hand: HOSO_STRESS=1, about 3 minutes a broker")
@pytest.mark.parametrize("broker", list(BROKERS))
def test_a_worker_stopped_again_and_again_loses_no_task_and_does_none_twice(deployment: Deployment, broker: str) -> None:
    """Fifteen stops mid-work, each a SIGTERM while tasks run. Before tasks were recorded once
    finished (tenants/background.py), one such run with Redis did 3 of 2,000 tasks twice."""
    broker_url, broker_port = BROKERS[broker]
    if not _answers(broker_port):
        pytest.skip(f"no {broker} on 127.0.0.1:{broker_port}")
    deployment.env["CELERY_BROKER_URL"] = broker_url
    deployment.prefix = f"{broker}-stress"
    run, count = "stress-" + uuid.uuid4().hex[:8], 1000
    expected = {schema: sorted(f"{run}-{schema}-{i}" for i in range(count)) for _, _, schema in PROVINCES.values()}
    _queue_heartbeats(deployment, run, count=count)
    try:
        for starts in range(1, 16):
            done_before = sum(map(len, _heartbeats(deployment, run).values()))
            deployment.start("worker", "worker")
            _wait_ready_worker(deployment, starts)
            _wait(lambda goal=done_before + 30: sum(map(len, _heartbeats(deployment, run).values())) >= goal,
                  120, lambda: f"tasks after a start\n{deployment.log('worker')}")
            assert deployment.stop("worker") == 0, deployment.log("worker")
        deployment.start("worker", "worker")
        _wait(lambda: _heartbeats(deployment, run) == expected, 240,
              lambda: f"every task: {_tasks_amiss(_heartbeats(deployment, run), expected)}")
        assert deployment.stop("worker") == 0, deployment.log("worker")
    finally:
        deployment.stop_all()
