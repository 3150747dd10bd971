#!/usr/bin/env bash
# Sets up hoso (schemas, the five demo provinces) and runs web, worker and scheduler together.
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-8000}"
export PORT
PY=.venv/bin/python
$PY manage.py migrate_schemas --shared -v 0
$PY manage.py migrate_schemas --tenant -v 0
$PY manage.py hoso_setup --demo
$PY manage.py collectstatic --noinput -v 0
# Worker with its embedded scheduler (-B); both run with no external service by default.
.venv/bin/celery -A hoso.celery worker -B --loglevel INFO --concurrency 2 > var/celery.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "Worker and scheduler running (log: var/celery.log). Web on port $PORT."
$PY manage.py runserver "0.0.0.0:$PORT" --noreload
