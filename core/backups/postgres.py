"""PostgreSQL's side of a backup: the matching pg_dump/pg_restore/psql, a consistent snapshot,
per-table fingerprints, and restoring a dump under a new schema name.

All of it runs on its own short-lived connection to the database Django is using (the live
connection's settings, so the test database under pytest), never on Django's connection: a
dump sees only committed rows, and a restored or dropped schema must not ride on, or be rolled
back with, whatever transaction the caller has open.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql

from core.backups.errors import BackupError

SCHEMA_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED_SCHEMAS = frozenset({"public", "information_schema"})
TableStats = dict[str, dict[str, Any]]  # table -> {"rows": int, "md5": str}


def _settings_dict() -> dict[str, Any]:
    return connection.settings_dict


def libpq_env() -> dict[str, str]:
    """Environment that points pg_dump, pg_restore and psql at Django's database."""
    db = _settings_dict()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {"PGDATABASE": db["NAME"], "PGUSER": db.get("USER"), "PGPASSWORD": db.get("PASSWORD"),
              "PGHOST": db.get("HOST"), "PGPORT": db.get("PORT")}
    env.update({key: str(value) for key, value in values.items() if value})
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


@contextmanager
def side_connection(*, autocommit: bool = False) -> Iterator[psycopg.Connection[Any]]:
    db = _settings_dict()
    params = {"dbname": db["NAME"], "user": db.get("USER"), "password": db.get("PASSWORD"),
              "host": db.get("HOST"), "port": db.get("PORT")}
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        params["sslmode"] = options["sslmode"]
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=autocommit) as conn:
        yield conn


def server_major_version() -> int:
    with side_connection(autocommit=True) as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10000


def _candidate_dirs(major: int) -> list[Path]:
    from hoso.settings.env import env_str

    dirs = []
    configured = getattr(settings, "HOSO_PG_BIN_DIR", None) or env_str("HOSO_PG_BIN_DIR")
    if configured:
        dirs.append(Path(configured))
    spec = importlib.util.find_spec("pgserver")
    if spec and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs.append(Path(f"/usr/lib/postgresql/{major}/bin"))
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    return dirs


@functools.cache
def _binary_major(path: Path) -> int | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    found = re.search(r"\)\s+(\d+)", out)
    return int(found.group(1)) if found else None


def pg_binary(name: str, major: int) -> Path:
    """`name` (pg_dump, pg_restore, psql) of the server's major version, or a clear refusal."""
    for folder in _candidate_dirs(major):
        path = folder / name
        if os.access(path, os.X_OK) and _binary_major(path) == major:
            return path
    raise BackupError(
        f"Không tìm thấy {name} của PostgreSQL {major} (máy chủ cơ sở dữ liệu là phiên bản {major}). "
        f"Cài gói postgresql-client-{major} hoặc đặt HOSO_PG_BIN_DIR.",
        code="backup_no_pg_binary",
    )


def table_stats(conn: psycopg.Connection[Any], schema: str) -> TableStats:
    """Rows and an order-independent fingerprint of each table: md5 over the sorted md5s of rows.
    Not the records of which transactions wrote what statistics count (reports_statisticswrite,
    reports_statisticsunitwrite): bookkeeping for a cache, which any write to a restored schema
    adds to."""
    tables = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p')"
        " AND c.relname NOT IN ('reports_statisticswrite', 'reports_statisticsunitwrite')"
        " ORDER BY c.relname",
        [schema],
    ).fetchall()
    stats: TableStats = {}
    for (table,) in tables:
        query = sql.SQL(
            "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h COLLATE \"C\")), '') "
            "FROM (SELECT md5(t::text) AS h FROM {}.{} t) rows"
        ).format(sql.Identifier(schema), sql.Identifier(table))
        row = conn.execute(query).fetchone()
        assert row is not None
        stats[table] = {"rows": row[0], "md5": row[1]}
    return stats


def schema_exists(name: str) -> bool:
    with side_connection(autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name]).fetchone() is not None


def schema_drop(name: str) -> None:
    with side_connection(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def schema_stats(name: str) -> TableStats:
    with side_connection() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        return table_stats(conn, name)


def dump_schema(*, schema: str, target: Path, major: int) -> TableStats:
    """pg_dump one schema (custom format, compressed) and fingerprint it from the same snapshot.

    The snapshot is exported from a REPEATABLE READ transaction that stays open while pg_dump
    runs, so the recorded counts and checksums describe exactly the rows in the dump.
    """
    pg_dump = pg_binary("pg_dump", major)
    with side_connection() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        row = conn.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        command = [str(pg_dump), "--format=custom", "--compress=6", f"--snapshot={row[0]}",
                   f'--schema="{schema}"', f"--file={target}"]
        process = subprocess.Popen(command, env=libpq_env(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        try:
            stats = table_stats(conn, schema)
        finally:
            _, stderr = process.communicate()
    if process.returncode != 0:
        raise BackupError(f"pg_dump thất bại (mã {process.returncode}): {stderr.decode(errors='replace').strip()}",
                          code="backup_dump_failed")
    if not stats:
        raise BackupError(f"Lược đồ “{schema}” không có bảng nào để sao lưu.", code="backup_empty")
    return stats


def _rename_pattern(source: str) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![\w$])" + re.escape(source.encode()) + rb"(?![\w$])")


def rename_schema_lines(lines: Iterator[bytes], *, source: str, target: str) -> Iterator[bytes]:
    """A pg_restore script with schema `source` renamed to `target` in its statements.

    Rows inside COPY … FROM stdin blocks pass through untouched: data is never rewritten.
    """
    pattern, replacement, in_copy = _rename_pattern(source), target.encode(), False
    for line in lines:
        if in_copy:
            in_copy = line not in (b"\\.\n", b"\\.\r\n")
            yield line
            continue
        if line.startswith(b"COPY ") and line.rstrip().endswith(b"FROM stdin;"):
            in_copy = True
        yield pattern.sub(replacement, line)


def restore_as(*, dump: Path, source_schema: str, target_schema: str, major: int) -> None:
    """Restore a one-schema dump under `target_schema`, all or nothing (one transaction)."""
    pg_restore, psql = pg_binary("pg_restore", major), pg_binary("psql", major)
    env = libpq_env()
    with tempfile.TemporaryFile() as restore_log, tempfile.TemporaryFile() as psql_log:
        reader = subprocess.Popen([str(pg_restore), "--no-owner", "--no-privileges", "--file=-", str(dump)],
                                  env=env, stdout=subprocess.PIPE, stderr=restore_log)
        writer = subprocess.Popen([str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
                                   "-f", "-"], env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                  stderr=psql_log)
        assert reader.stdout is not None and writer.stdin is not None
        try:
            for line in rename_schema_lines(iter(reader.stdout.readline, b""), source=source_schema,
                                            target=target_schema):
                writer.stdin.write(line)
        except BrokenPipeError:
            pass  # psql stopped at an error; its log says which
        finally:
            _close_quietly(writer.stdin)
            reader.wait()
            writer.wait()
        if reader.returncode != 0 or writer.returncode != 0:
            restore_log.seek(0)
            psql_log.seek(0)
            detail = (restore_log.read() + psql_log.read()).decode(errors="replace").strip()
            raise BackupError(f"Khôi phục thất bại: {detail[-2000:]}", code="backup_restore_failed")


def _close_quietly(stream: IO[bytes]) -> None:
    with suppress(BrokenPipeError):
        stream.close()


def unit_staging_create(*, schema: str, staging: str, path_prefix: str, tables: list[tuple[str, str]]) -> None:
    """Copy one unit's subtree into schema `staging`, from one consistent read.

    `tables` are (table, kind) pairs: "unit_self" keeps the units under `path_prefix` (the org
    unit table), "unit" rows pointing at one of them, "person_self" the people those units manage
    (the people table), "person" rows pointing at one of those people.
    """
    src = sql.Identifier(schema)
    with side_connection() as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(staging)))
        people = sql.SQL(
            "SELECT p.id FROM {}.core_person p JOIN {}.core_orgunit u ON u.id = p.org_unit_id "
            "WHERE u.path LIKE %(prefix)s"
        ).format(src, src)
        units = sql.SQL("SELECT id FROM {}.core_orgunit WHERE path LIKE %(prefix)s").format(src)
        filters = {"unit_self": sql.SQL("t.path LIKE %(prefix)s"), "unit": sql.SQL("t.org_unit_id IN ({})").format(units),
                   "person": sql.SQL("t.person_id IN ({})").format(people),
                   "person_self": sql.SQL("t.id IN ({})").format(people)}
        for table, kind in tables:
            conn.execute(
                sql.SQL("CREATE TABLE {}.{} AS SELECT t.* FROM {}.{} t WHERE {}").format(
                    sql.Identifier(staging), sql.Identifier(table), src, sql.Identifier(table), filters[kind]),
                {"prefix": path_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"},
            )
