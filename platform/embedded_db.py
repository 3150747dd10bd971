"""An embedded PostgreSQL for machines with no database configured.

pgserver ships PostgreSQL binaries as a wheel. Its server runs detached (`pg_ctl start`, in a
process group of its own), so Ctrl-C on `make run` never reaches it: whoever starts it stops it.
A process *holds* the server while it needs it; the first holder starts it, the last one to let
go stops it. `make run` and `make test` hold it for their whole run (`python -m hoso.embedded_db
hold|release <pid>`, from infra/dev/), so their web server, worker and tests only reuse it; a
command run on its own (`manage.py shell`) holds it until it exits. A server no holder started
(one started by hand, or by an older checkout) is reused and never stopped here.

The holders and the server they started are kept in `<var>/run/<data folder>.holders.json`,
read and written under a lock; a holder that died without letting go is dropped.
"""

import atexit
import fcntl
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATABASE_NAME = "hoso"
# A fast shutdown (SIGINT) disconnects clients and takes a second; an immediate one follows.
STOP_SECONDS = 10


@dataclass(frozen=True)
class Postmaster:
    """The running server of a data folder, as its postmaster.pid describes it."""

    pid: int
    socket_dir: str


def embedded_database_settings(data_dir: Path) -> dict[str, str]:
    """Django's connection to the server on `data_dir`; started (and held until this process
    exits) when nothing runs there yet."""
    running = embedded_server_running(data_dir)
    if running is None:
        holder = os.getpid()
        embedded_server_hold(data_dir, holder=holder)
        atexit.register(_release_at_exit, data_dir, holder)
        _exit_cleanly_on(signal.SIGTERM, signal.SIGHUP)
        running = embedded_server_running(data_dir)
        assert running is not None
    return {"NAME": DATABASE_NAME, "USER": "postgres", "PASSWORD": "", "HOST": running.socket_dir, "PORT": ""}


def embedded_server_running(data_dir: Path) -> Postmaster | None:
    """The server running on `data_dir`, or None (no postmaster.pid, or its process is gone)."""
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    if not _is_postgres(pid):
        return None
    socket_dir = lines[4].strip() if len(lines) > 4 and lines[4].strip() else str(data_dir)
    return Postmaster(pid=pid, socket_dir=socket_dir)


def embedded_server_hold(data_dir: Path, *, holder: int) -> bool:
    """Hold the server on `data_dir` for the process `holder`, starting it if none runs.
    True when this call started it."""
    with _holders(data_dir) as state:
        started = embedded_server_running(data_dir) is None
        if started:
            server = _start(data_dir)
            state["server"] = server.get_pid()
            _database_ensure(server)
        if holder not in state["holders"]:
            state["holders"].append(holder)
    return started


def embedded_server_release(data_dir: Path, *, holder: int) -> str:
    """Let go of the server for `holder`. The last holder stops a server that holders started.
    Returns what happened: "stopped", "held" (others still hold it), "foreign" (no holder
    started it: left running) or "down" (nothing was running)."""
    with _holders(data_dir) as state:
        state["holders"] = [pid for pid in state["holders"] if pid != holder]
        running = embedded_server_running(data_dir)
        if running is None:
            state["server"] = None
            return "down"
        if running.pid != state["server"]:
            return "foreign"
        if state["holders"]:
            return "held"
        _stop(running.pid)
        state["server"] = None
        return "stopped"


def _exit_cleanly_on(*signals: signal.Signals) -> None:
    """A process killed by SIGTERM (`timeout`, a supervisor) or SIGHUP (its terminal closed)
    skips its atexit hooks and would leave the server it holds running with nobody left to stop
    it: where nothing else handles those signals, they end the process through SystemExit
    instead, so the hooks run. Servers that install their own handlers (gunicorn, celery) exit
    through their own shutdown, which runs the hooks too."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; a server's own shutdown applies there
    for sig in signals:
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _exit_by_signal)


def _exit_by_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _release_at_exit(data_dir: Path, holder: int) -> None:
    if os.getpid() == holder:  # a forked child inherits the hook but holds nothing
        embedded_server_release(data_dir, holder=holder)


@contextmanager
def _holders(data_dir: Path) -> Iterator[dict[str, Any]]:
    """The holders' file, locked while in use; holders no longer alive are dropped."""
    path = _runtime_dir(data_dir) / f"{data_dir.name}.holders.json"
    with open(path, "a+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file closes
        file.seek(0)
        raw = file.read().strip()
        saved = json.loads(raw) if raw else {}
        state = {"server": saved.get("server"), "holders": [pid for pid in saved.get("holders", []) if _alive(pid)]}
        try:
            yield state
        finally:  # a server started before a failure is still recorded, so still stopped
            file.seek(0)
            file.truncate()
            json.dump(state, file)


def _runtime_dir(data_dir: Path) -> Path:
    runtime = data_dir.parent / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    return runtime


def _start(data_dir: Path) -> Any:
    """A pgserver.PostgresServer, started (initdb first if the folder is new)."""
    # pgserver's platformdirs warns on every start when a machine has no runtime folder.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir(data_dir)))
    import pgserver

    # pgserver logs from an atexit hook after the log stream is closed; keep it to warnings.
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: pgserver's own stop-at-exit knows nothing of the holders.
    return pgserver.get_server(data_dir, cleanup_mode=None)


def _database_ensure(server: Any) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")


def _stop(pid: int) -> None:
    """Fast shutdown (SIGINT: clients disconnected, work rolled back), then immediate."""
    for sig in (signal.SIGINT, signal.SIGQUIT):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.1)


def _alive(pid: int) -> bool:
    return _process_name(pid) is not None


def _is_postgres(pid: int) -> bool:
    """Alive and a PostgreSQL server: a stale postmaster.pid may name a reused process id."""
    return _process_name(pid) == "postgres"


def _process_name(pid: int) -> str | None:
    """The name of the running process `pid`; None when it is gone, or has exited and waits
    for its parent to reap it."""
    import psutil  # pgserver's own dependency

    try:
        process = psutil.Process(pid)
        return None if process.status() == psutil.STATUS_ZOMBIE else process.name()
    except psutil.NoSuchProcess:
        return None


def main(argv: list[str]) -> int:
    """`hold <pid>` / `release <pid>` for infra/dev/ scripts, on `<HOSO_VAR_DIR>/pgdata`;
    prints what happened for the script to tell the user."""
    from hoso.settings.env import VAR_DIR

    data_dir = VAR_DIR / "pgdata"
    action, holder = argv[0], int(argv[1])
    if action == "hold":
        print("started" if embedded_server_hold(data_dir, holder=holder) else "reused")
    elif action == "release":
        outcome = embedded_server_release(data_dir, holder=holder)
        running = embedded_server_running(data_dir)
        print(outcome, running.pid if running is not None else "")
    else:
        print(f"unknown action {action!r}: hold or release", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
