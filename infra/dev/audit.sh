#!/usr/bin/env bash
# Known vulnerabilities in the locked dependencies (pip-audit, run by `make lint`).
# pip-audit asks PyPI's JSON API about each pinned version (/pypi/<name>/<version>/json). Where that API does not answer (a
# machine behind a package mirror without it), the audit says so and is skipped rather than
# reporting "no known vulnerabilities" about packages it could not look up.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! curl -fsS --max-time 10 -o /dev/null https://pypi.org/pypi/django/5.2/json 2>/dev/null; then
    echo "pip-audit: PyPI's JSON API is not reachable from here; the dependency audit was NOT run." >&2
    exit 0
fi
exec .venv/bin/pip-audit --requirement requirements-dev.lock --progress-spinner off --strict
