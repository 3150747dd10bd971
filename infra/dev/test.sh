#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/dev/services.sh
# With no PostgreSQL to use, the suite holds the embedded one and stops it at the end, pass or fail.
source infra/dev/embedded-db.sh
trap embedded_db_release EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
embedded_db_hold
# pytest exits 5 when it collects no test: that fails the run, as it must.
.venv/bin/python -m pytest -q "$@"
