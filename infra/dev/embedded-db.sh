#!/usr/bin/env bash
# Sourced by run.sh and test.sh. With no DATABASE_URL, the script holds the embedded PostgreSQL
# (platform/embedded_db.py) from embedded_db_hold until embedded_db_release: the first holder
# starts it, the last one stops it, so a second `make run` beside the first reuses it.
EMBEDDED_DB_HELD=

embedded_db_hold() {
  [ -z "${DATABASE_URL:-}" ] || return 0
  EMBEDDED_DB_HELD=1
  case "$(.venv/bin/python -m hoso.embedded_db hold $$)" in
    started) echo "Embedded PostgreSQL started (${HOSO_VAR_DIR:-var}/pgdata)." ;;
    *) echo "Embedded PostgreSQL already running (${HOSO_VAR_DIR:-var}/pgdata): reusing it." ;;
  esac
}

embedded_db_release() {
  [ -n "$EMBEDDED_DB_HELD" ] || return 0
  EMBEDDED_DB_HELD=
  local outcome pid
  read -r outcome pid <<< "$(.venv/bin/python -m hoso.embedded_db release $$)" || true
  case "$outcome" in
    stopped) echo "Embedded PostgreSQL stopped." ;;
    held) echo "Embedded PostgreSQL left running: another make run or make test still uses it (the last one stops it)." ;;
    foreign) echo "Embedded PostgreSQL left running: it was started outside make. Stop it with: kill -INT $pid" ;;
  esac
}
