# The README's two commands. Both set up everything they need on a fresh machine.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install browser softhsm poppler axe bench

# setuptools announces every editable install that maps a package to another folder (`hoso` is
# platform/) with a warning that asks nothing of anyone: PYTHONWARNINGS silences that one only.
$(STAMP): pyproject.toml requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet --no-deps -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null 2>&1 || bash infra/dev/install-chromium.sh

# Debian's SoftHSM2 for the PKCS#11 seal tests (the agency's seal in an HSM).
softhsm:
	@command -v softhsm2-util >/dev/null 2>&1 || bash infra/dev/install-softhsm.sh

# axe-core's axe.min.js for the accessibility tests, from npm, pinned and checked (var/cache).
axe:
	@bash infra/dev/install-axe.sh

# Debian's poppler-utils (pdftoppm) for the résumé page snapshots (tests/core/resumes).
poppler:
	@command -v pdftoppm >/dev/null 2>&1 || bash infra/dev/install-poppler.sh

run: install
	bash infra/dev/run.sh

# mypy checks the packages by import name (`hoso` is platform/, see [tool.mypy] in pyproject.toml),
# migrations left out (`exclude` there). Its Django plugin imports the settings, and settings
# with no DATABASE_URL start the embedded PostgreSQL: mypy gets an address it never connects to.
lint: install
	$(BIN)/ruff check .
	DATABASE_URL=postgresql://mypy@127.0.0.1:1/unused $(BIN)/mypy -p hoso -p tenants -p core -p rules -p api -p frontend
	$(BIN)/lint-imports --no-cache
	bash infra/dev/audit.sh

test: install browser softhsm poppler axe lint
	bash infra/dev/test.sh

# Benchmarks (tests/perf/run.py) on a fresh database of their own, each figure beside its
# baseline from the same run (plain Django, raw SQL, migrations), the whole fleet's included
# (10 to 17 minutes on 2 cores); not part of `make test`.
bench: install
	$(BIN)/python tests/perf/run.py
