#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/dev/services.sh
# pytest exits 5 when it collects no test: that fails the run, as it must.
exec .venv/bin/python -m pytest -q "$@"
