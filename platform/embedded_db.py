"""An embedded PostgreSQL for machines with no database configured.

pgserver ships PostgreSQL binaries as a wheel; `get_server` reuses a server already running on
the same data folder, so every process (web, worker, scheduler, tests) shares one.
"""

import logging
import os
from pathlib import Path

DATABASE_NAME = "hoso"


def embedded_database_settings(data_dir: Path) -> dict[str, str]:
    # pgserver's platformdirs warns on every start when a machine has no runtime folder.
    runtime = data_dir.parent / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver

    # pgserver logs from an atexit hook after the log stream is closed; keep it to warnings.
    logging.getLogger("pgserver").setLevel(logging.WARNING)

    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process, so the next one reuses it.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return {"NAME": DATABASE_NAME, "USER": "postgres", "PASSWORD": "", "HOST": str(data_dir), "PORT": ""}
