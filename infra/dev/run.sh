#!/usr/bin/env bash
# Sets up hoso (schemas, the five demo provinces) and runs web, worker and scheduler together.
# Ctrl-C or SIGTERM stops every process it started, the embedded PostgreSQL included (unless
# another `make run` or `make test` still uses it: the last one stops it).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-8000}"
export PORT
PY=.venv/bin/python
VAR="${HOSO_VAR_DIR:-var}"
mkdir -p "$VAR"
source infra/dev/embedded-db.sh

CHILDREN=()
stop() {
  trap - EXIT INT TERM
  # Background commands of a script ignore SIGINT: each child is told with SIGTERM. The worker
  # finishes its current task first (an idle one takes 5 to 7 s to stop); anything still
  # running after 8 s is killed, so that everything is gone within 10 s of Ctrl-C.
  if [ ${#CHILDREN[@]} -gt 0 ]; then
    kill -TERM "${CHILDREN[@]}" 2>/dev/null || true
    for _ in $(seq 80); do
      running=()
      for pid in "${CHILDREN[@]}"; do kill -0 "$pid" 2>/dev/null && running+=("$pid"); done
      [ ${#running[@]} -eq 0 ] && break
      sleep 0.1
    done
    for pid in "${running[@]}"; do
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    done
  fi
  embedded_db_release
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

embedded_db_hold
$PY manage.py migrate_schemas --shared -v 0
$PY manage.py migrate_schemas --tenant -v 0
# About 1,500 people per demo province besides the personas (core/operations/demo/population.py).
# Printed once the web server answers (by startup.py): every province's address and sign-ins.
SIGN_INS="$($PY manage.py hoso_setup --demo --demo-people 1500)"
$PY manage.py collectstatic --noinput -v 0
# Worker with its embedded scheduler (-B); both run with no external service by default.
.venv/bin/celery -A hoso.celery worker -B --loglevel INFO --concurrency 2 > "$VAR/celery.log" 2>&1 &
CHILDREN+=($!)
echo "Worker and scheduler running (log: $VAR/celery.log). Web on port $PORT."
$PY manage.py runserver "0.0.0.0:$PORT" --noreload &
WEB=$!
CHILDREN+=($WEB)
# The day's duty run now rather than at 06:30, then the sign-ins once the web answers.
$PY infra/dev/startup.py "$SIGN_INS" &
CHILDREN+=($!)
wait "$WEB"
