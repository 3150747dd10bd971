#!/bin/sh
# The image's one entrypoint: `web`, `worker`, `beat`, `migrate` or any command.
# The smoke test (tests/infra/test_smoke.py) starts the processes through this same script.
set -eu

: "${DJANGO_SETTINGS_MODULE:=hoso.settings.production}"
export DJANGO_SETTINGS_MODULE
PYTHON="${HOSO_PYTHON:-python}"
MANAGE="${HOSO_MANAGE:-/app/manage.py}"
GUNICORN_CONF="${HOSO_GUNICORN_CONF:-/app/infra/gunicorn.conf.py}"

# A fresh folder for the metrics that a process manager's children share.
metrics_dir() {
  dir="${TMPDIR:-/tmp}/hoso-prometheus-$1-$$"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "$dir"
}

case "${1:-web}" in
  web)
    shift || true
    export PROMETHEUS_MULTIPROC_DIR="$(metrics_dir web)"
    exec "$PYTHON" -m gunicorn --config "$GUNICORN_CONF" "$@"
    ;;
  worker)
    shift
    if [ -n "${HOSO_METRICS_PORT:-}" ]; then export PROMETHEUS_MULTIPROC_DIR="$(metrics_dir worker)"; fi
    # SIGTERM: warm shutdown, running tasks finish (acks_late leaves unfinished ones queued).
    exec "$PYTHON" -m celery -A hoso.celery worker --loglevel "${LOG_LEVEL:-INFO}" \
      --concurrency "${CELERY_CONCURRENCY:-2}" --without-gossip --without-mingle "$@"
    ;;
  beat)
    shift
    # Exactly one beat in the whole deployment (replicas: 1, strategy Recreate).
    exec "$PYTHON" -m celery -A hoso.celery beat --loglevel "${LOG_LEVEL:-INFO}" \
      --schedule "${CELERY_BEAT_SCHEDULE:-${TMPDIR:-/tmp}/celerybeat-schedule}" "$@"
    ;;
  migrate)
    shift
    # public first, then the template and every province in parallel; a failed province is
    # recorded (console) and fails the step.
    exec "$PYTHON" "$MANAGE" provinces_migrate "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
