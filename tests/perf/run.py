"""`make bench`: every benchmark of tests/perf/ on a fresh database of its own, each figure
printed beside its baseline from the same run (plain Django, the raw SQL, replaying
migrations), then their RESULT lines together. Not part of `make test`.

    .venv/bin/python tests/perf/run.py [bench_routing bench_onboarding ...]

The whole fleet is measured too: `provinces_migrate` over 50 empty provinces (and the few the
benchmarks before made: its RESULT says how many it migrated), then the daily duty run over 34
provinces of 60,000 people (one province filled in Python, the other 33 copies of its rows made
by the server, tests/perf/fleet_fill.py: minutes, where a Python fill of each took most of an
hour). The whole run takes 10 to 17 minutes on 2 cores, depending on the machine, and a few
gigabytes of disk.

The database is made on the server of DATABASE_URL (default: the PostgreSQL on
127.0.0.1:5432, user postgres), named hoso_bench_<pid>, and dropped afterwards (BENCH_KEEP=1
keeps it). BENCH_PEOPLE sets the people of the 100,000-people benchmarks; BENCH_FLEET_PROVINCES
the empty provinces migrated; BENCH_DUTY_PROVINCES and BENCH_DUTY_PEOPLE the duty run's fleet
(below 34 provinces, its total is extrapolated from the median province, and says so). Numbers
taken while other work runs on the machine are noisy: compare the ratios, which come from one run.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

HERE = Path(__file__).resolve().parent
BENCHES = {
    "bench_routing": [],
    "bench_onboarding": ["--rounds", "5"],
    "bench_statistics": ["--people", os.environ.get("BENCH_PEOPLE", "100000"), "--runs", "20"],
    "bench_people": ["--people", os.environ.get("BENCH_PEOPLE", "100000")],
    "bench_memory": [],
    # The whole fleet, in this order: provinces_migrate goes over every province of the database,
    # so it runs before the duty run's 34 are added to the 50 it counts.
    "bench_fleet_migrate": ["--provinces", os.environ.get("BENCH_FLEET_PROVINCES", "50")],
    "bench_fleet_duties": ["--provinces", os.environ.get("BENCH_DUTY_PROVINCES", "34"),
                           "--people", os.environ.get("BENCH_DUTY_PEOPLE", "60000")],
}

def main() -> int:
    chosen = sys.argv[1:] or list(BENCHES)
    server = urlsplit(os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"hoso_bench_{os.getpid()}"
    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    env = dict(os.environ, DATABASE_URL=urlunsplit(server._replace(path=f"/{name}")))
    results: list[str] = []
    failed = False
    try:
        for bench in chosen:
            print(f"== {bench}", flush=True)
            started = time.perf_counter()
            run = subprocess.run([sys.executable, str(HERE / f"{bench}.py"), *BENCHES[bench]], env=env,
                                 cwd=HERE.parents[1], capture_output=True, text=True)
            lines = [line for line in run.stdout.splitlines() if " INFO " not in line]
            print("\n".join(lines), flush=True)
            if run.returncode:
                failed = True
                print(run.stderr[-3000:], flush=True)
            results += [line for line in lines if line.startswith("RESULT ")]
            print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            with psycopg.connect(admin, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print("\n== kết quả (cùng một lần chạy)")
    print("\n".join(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
