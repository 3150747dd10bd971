"""The load test, by hand (not in `make test`): the production web server on loopback, Locust
headless against it, p50/p95/p99 per page, exit 1 on any failed request.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hoso_load .venv/bin/python tests/perf/load.py \\
        [--users-per-province 40] [--time 5m] [--spawn-rate 4]

On that database (made if missing): migrations (`entrypoint.sh migrate`) and the five demo
provinces with their generated people as `make run` has them (`hoso_setup --demo --demo-people
1500`; nothing changed if they are there). Then collectstatic into a
throw-away HOSO_VAR_DIR, gunicorn started exactly as the image starts it (`entrypoint.sh web`,
`hoso.settings.production`, DEBUG off, `infra/gunicorn.conf.py`; bound to 127.0.0.1 on a free
port), Locust (`tests/perf/locustfile.py`) with five provinces × the users per province, and
gunicorn stopped with SIGTERM at the end. Locust's CSV files stay in the printed folder.
"""

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "infra" / "docker" / "entrypoint.sh"
PROVINCES = 5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _database_ensure(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            db.execute(f'CREATE DATABASE "{name}"')


def production_env(database: str, folder: Path, name: str) -> dict[str, str]:
    """The environment `entrypoint.sh web` gets here: production settings on `database`, files
    under `folder`, throw-away secrets except the data key, fixed so that a second run reads the
    personal data the first one sealed. Also used by bench_memory.py."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hoso.settings.production",
        "DJANGO_SECRET_KEY": f"{name}-" + uuid.uuid4().hex,
        "HOSO_BACKUP_KEY": f"{name}-backup-" + uuid.uuid4().hex,
        "HOSO_DATA_KEY": os.environ.get("HOSO_DATA_KEY", "hoso-load-test-data-key"),
        "DATABASE_URL": database,
        "BASE_DOMAIN": "localhost",
        "HOSO_VAR_DIR": str(folder / "var"),
        "HOSO_PYTHON": sys.executable,
        "HOSO_MANAGE": str(ROOT / "manage.py"),
        "HOSO_GUNICORN_CONF": str(ROOT / "infra" / "gunicorn.conf.py"),
        "HOSO_SSL_REDIRECT": "0",  # the Ingress terminates TLS; the load test sends X-Forwarded-Proto
        "METRICS_PORT": "0",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
        "TMPDIR": str(folder),
    }


def _ready(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the web server did not become ready on port {port}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users-per-province", type=int, default=40)
    parser.add_argument("--time", default="5m")
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--demo-people", type=int, default=1500, help="generated people per demo province")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/hoso_load"
    _database_ensure(database)
    folder = Path(tempfile.mkdtemp(prefix="hoso-load-"))
    port = _free_port()
    env = {**production_env(database, folder, "load"), "HOSO_LOAD_PORT": str(port)}
    env.pop("DATABASE_NAME", None)

    def run(*command: str) -> None:
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)

    started = time.monotonic()
    run("sh", str(ENTRYPOINT), "migrate")
    run(sys.executable, str(ROOT / "manage.py"), "hoso_setup", "--demo", "--demo-people", str(args.demo_people))
    run(sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0")
    print(f"database and static files ready ({time.monotonic() - started:.0f} s)", flush=True)

    log = (folder / "web.log").open("wb")
    web = subprocess.Popen(["sh", str(ENTRYPOINT), "web", "--bind", f"127.0.0.1:{port}"], env=env, cwd=ROOT,
                           stdout=log, stderr=subprocess.STDOUT)
    try:
        _ready(port)
        users = args.users_per_province * PROVINCES
        print(f"gunicorn on 127.0.0.1:{port}; {users} users for {args.time}", flush=True)
        subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "tests" / "perf" / "locustfile.py"),
                        "--headless", "--users", str(users), "--spawn-rate", str(args.spawn_rate),
                        "--run-time", args.time, "--stop-timeout", "20", "--host", f"http://127.0.0.1:{port}",
                        "--csv", str(folder / "load"), "--only-summary", "--loglevel", "WARNING"],
                       env=env, cwd=ROOT, check=False)
    finally:
        web.send_signal(signal.SIGTERM)
        stopped = web.wait(timeout=60)
        print(f"gunicorn stopped by SIGTERM, exit {stopped}")
    failures = _report(folder)
    errors = [line for line in (folder / "web.log").read_text(errors="replace").splitlines()
              if " ERROR " in line or '"level": "ERROR"' in line]
    print(f"server errors logged: {len(errors)}")
    for line in errors[:10]:
        print("  " + line[:300])
    print(f"files: {folder}")
    if not os.environ.get("HOSO_LOAD_KEEP"):
        shutil.rmtree(folder / "var", ignore_errors=True)
    return 1 if failures or errors else 0


def _report(folder: Path) -> int:
    """The per-page table (Markdown, milliseconds) and the number of failed requests."""
    with (folder / "load_stats.csv").open() as stats:
        rows = list(csv.DictReader(stats))
    print("\n| page | requests | failures | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failed = 0
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all pages**" if row["Name"] == "Aggregated" else row["Name"]
        print(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
              f"| {row['99%']} | {float(row['Max Response Time']):.0f} |")
        if row["Name"] == "Aggregated":
            failed = int(row["Failure Count"])
    failures = folder / "load_failures.csv"
    if failures.exists():
        for row in list(csv.DictReader(failures.open()))[:20]:
            print(f"failure: {row['Method']} {row['Name']}: {row['Error']} ×{row['Occurrences']}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
