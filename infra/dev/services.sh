#!/usr/bin/env bash
# Sourced by test.sh: uses the machine's PostgreSQL when it answers on 127.0.0.1:5432 and
# DATABASE_URL is not set; otherwise test.sh holds the embedded PostgreSQL (embedded-db.sh).
if [ -z "${DATABASE_URL:-}" ] && .venv/bin/python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
PY
then
  export DATABASE_URL="postgresql://postgres@127.0.0.1:5432/hoso"
  echo "Using PostgreSQL at 127.0.0.1:5432"
fi
