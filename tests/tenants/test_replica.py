"""Read-replica routing against a real streaming replica.

The module starts its own PostgreSQL primary (copied from the test database: `public` and one
province's schema), makes a replica of it with `pg_basebackup -R`, and points the `replica`
alias at it. The Django primary stays the test database, so an answer tells where it was read:
the test's primary cluster has every placement of the province ended, the test database not.
"""

import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from core.models import OrgUnit, Placement
from core.reports.selectors.statistics import statistics_of
from tenants import replica
from tenants.models import Province

BIN = Path(os.environ.get("HOSO_PG_TEST_BIN", "/usr/lib/postgresql/15/bin"))
ON = date(2026, 1, 1)


def _missing() -> str:
    for tool in ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "psql"):
        if not (BIN / tool).exists():
            return f"PostgreSQL binaries missing: {BIN / tool} (set HOSO_PG_TEST_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root with no `postgres` user to run initdb as"
    return ""


pytestmark = [
    pytest.mark.skipif(bool(_missing()), reason=_missing() or "binaries present"),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES:UserWarning"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str, user_owned: bool = True) -> str:
    """A PostgreSQL tool, as `postgres` when the tests run as root (initdb refuses root)."""
    command = list(args)
    if os.geteuid() == 0 and user_owned:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout


def _sql(port: int, sql: str) -> str:
    return _run(str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "hoso",
                "-v", "ON_ERROR_STOP=1", "-Atc", sql, user_owned=False).strip()


class Pair:
    def __init__(self, root: Path, schema: str) -> None:
        self.root = root
        self.schema = schema
        self.primary_port = _free_port()
        self.replica_port = _free_port()
        self.primary = root / "primary"
        self.replica = root / "replica"

    def pg_ctl(self, data: Path, action: str, port: int | None = None) -> None:
        args = [str(BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "30", "-l", str(data.parent / f"{data.name}.log")]
        if port is not None:
            args += ["-o", f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1"]
        _run(*args, action, *(["-m", "immediate"] if action == "stop" else []))

    def replica_running(self) -> bool:
        return (self.replica / "postmaster.pid").exists()


@pytest.fixture(scope="module")
def pair(django_db_setup: None, django_db_blocker) -> Iterator[Pair]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        schema = Province.objects.get(code="lao-cai").schema_name
        source = connection.settings_dict
    root = Path(tempfile.mkdtemp(prefix="hoso-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    result = Pair(root, schema)
    try:
        _run(str(BIN / "initdb"), "-D", str(result.primary), "-A", "trust", "-U", "postgres", "--no-sync")
        with (result.primary / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\nshared_buffers = 32MB\n")
        result.pg_ctl(result.primary, "start", result.primary_port)
        _run(str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(result.primary_port), "-U", "postgres", "-c",
             "CREATE DATABASE hoso", user_owned=False)
        dump = subprocess.run(
            [str(BIN / "pg_dump"), "-h", str(source["HOST"] or "127.0.0.1"), "-p", str(source["PORT"] or 5432),
             "-U", str(source["USER"]), "-n", "public", "-n", schema, "--no-owner", "--no-privileges",
             str(source["NAME"])], check=True, capture_output=True, timeout=60).stdout
        subprocess.run([str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(result.primary_port), "-U", "postgres",
                        "-d", "hoso", "-q", "-v", "ON_ERROR_STOP=0"], input=dump, check=True,
                       capture_output=True, timeout=60)
        # What the replica will be seen by: the province's people have all left.
        _sql(result.primary_port, f'UPDATE "{schema}".{Placement._meta.db_table} SET "end" = \'2000-01-01\'')
        _run(str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(result.primary_port), "-U", "postgres",
             "-D", str(result.replica), "-R", "-X", "stream", "-c", "fast", "--no-sync")
        result.pg_ctl(result.replica, "start", result.replica_port)
        yield result
    finally:
        for data in (result.replica, result.primary):
            if (data / "postmaster.pid").exists():
                result.pg_ctl(data, "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def routed(db: None, pair: Pair, settings) -> Iterator[Pair]:  # type: ignore[no-untyped-def]
    """The `replica` alias pointed at the pair's replica for one test, then removed. Its
    connection is made here rather than listed in the connection handler's settings: Django's
    test case forbids listed aliases the test did not declare, and a declared one would be
    wrapped in a transaction that a stopped replica cannot roll back."""
    config = {**connections.settings["default"], "NAME": "hoso", "HOST": "127.0.0.1",
              "PORT": str(pair.replica_port), "USER": "postgres", "PASSWORD": "",
              "OPTIONS": {"connect_timeout": 2}, "TEST": {"MIRROR": "default"}}
    settings.DATABASES = {**settings.DATABASES, replica.REPLICA: config}
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    settings.DATABASE_REPLICA_MAX_LAG = 30
    connections[replica.REPLICA] = load_backend(config["ENGINE"]).DatabaseWrapper(config, replica.REPLICA)
    replica.replica_forget_verdict()
    try:
        yield pair
    finally:
        connections[replica.REPLICA].close()
        del connections[replica.REPLICA]
        replica.replica_forget_verdict()


def _headcount() -> tuple[int, int]:
    """(headcount of Lào Cai's root unit on ON, statements the replica ran)."""
    with tenant_context(Province.objects.get(code="lao-cai")):
        root = OrgUnit.objects.get(depth=0)
        with CaptureQueriesContext(connections[replica.REPLICA]) as on_replica:
            headcount = statistics_of(scope=root, on=ON).headcount
    return headcount, len(on_replica.captured_queries)


def _wait(predicate, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


@pytest.mark.django_db
def test_statistics_read_from_the_replica_in_the_provinces_schema(routed: Pair) -> None:
    """The replica answers (its unqualified tables found through the province's search path):
    nobody works there, while the test database has the province's demo people."""
    assert replica.replica_healthy()
    headcount, statements = _headcount()
    assert headcount == 0
    assert statements >= 2  # the statistics and the units' names
    with tenant_context(Province.objects.get(code="lao-cai")):
        assert Placement.objects.filter(end__isnull=True).count() > 0  # other reads: the primary


@pytest.mark.django_db
def test_replica_lagging_beyond_the_threshold_falls_back_to_the_primary(
        routed: Pair, settings, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    port = routed.replica_port
    # A commit replayed first, so the replica knows when it last replayed one.
    _sql(routed.primary_port, "CREATE TABLE IF NOT EXISTS public.replica_probe (at timestamptz DEFAULT now())")
    _wait(lambda: _sql(port, "SELECT to_regclass('public.replica_probe') IS NOT NULL") == "t")
    _sql(port, "SELECT pg_wal_replay_pause()")
    try:
        before = _sql(port, "SELECT pg_last_wal_receive_lsn()")
        _sql(routed.primary_port, "INSERT INTO public.replica_probe DEFAULT VALUES")
        _wait(lambda: _sql(port, "SELECT pg_last_wal_receive_lsn()") != before)
        time.sleep(1.2)
        lag = replica.replica_lag()
        assert lag >= 1.0
        # Within a generous threshold the (stale) replica still answers.
        settings.DATABASE_REPLICA_MAX_LAG = 3600
        replica.replica_forget_verdict()
        assert _headcount()[0] == 0
        # Beyond it: the primary answers, and says why.
        settings.DATABASE_REPLICA_MAX_LAG = 0.5
        replica.replica_forget_verdict()
        with caplog.at_level(logging.WARNING, logger="hoso.replica"):
            headcount, statements = _headcount()
        assert headcount > 0
        assert statements == 1  # only the lag check ran there
        assert "replica lags" in caplog.text
    finally:
        _sql(port, "SELECT pg_wal_replay_resume()")
        _sql(routed.primary_port, "DROP TABLE IF EXISTS public.replica_probe")
    # Caught up: an idle primary means no lag, however old the last replayed commit.
    _wait(lambda: replica.replica_lag() == 0)
    settings.DATABASE_REPLICA_MAX_LAG = 0.5
    replica.replica_forget_verdict()
    time.sleep(0.6)
    assert _headcount()[0] == 0


@pytest.mark.django_db
def test_replica_down_reads_from_the_primary(routed: Pair, caplog: pytest.LogCaptureFixture) -> None:
    assert _headcount()[0] == 0
    routed.pg_ctl(routed.replica, "stop")
    try:
        with caplog.at_level(logging.WARNING, logger="hoso.replica"):
            started = time.monotonic()
            headcount, _ = _headcount()
            took = time.monotonic() - started
        assert headcount > 0
        assert took < 5
        assert "replica unavailable, reading from the primary" in caplog.text
    finally:
        routed.pg_ctl(routed.replica, "start", routed.replica_port)
    _wait(lambda: _sql(routed.replica_port, "SELECT pg_is_in_recovery()") == "t")
    replica.replica_forget_verdict()
    assert _headcount()[0] == 0
