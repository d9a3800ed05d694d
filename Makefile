# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RUN_ENV := DJANGO_DEBUG=1

.PHONY: run serve loadtest test install system-deps run-deps test-deps migrate demo bench bench-pdf bench-print clean screenshots bandit

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the registry needs beyond Python, in two parts. Running it
# needs a CJK font (Chinese pages and PDFs; without it a print has no Chinese
# glyphs); testing it also needs Chromium (browser tests) and poppler (reading
# PDFs back). `run` installs the first, `test` both; each installs only what is missing.
APT_INSTALL = if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run-deps:
	@missing=""; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	$(APT_INSTALL)

test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	$(APT_INSTALL)

system-deps: run-deps test-deps

migrate: install
	mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py load_demo

# The development server and one task worker beside it (scripts/run.sh); Ctrl-C stops both.
run: run-deps demo
	$(RUN_ENV) PY=$(PY) scripts/run.sh

# The production shape on this machine (docs/deployment.md, "make serve"): PostgreSQL
# (DATABASE_URL and DATABASE_APP_URL, or a throwaway cluster), migrations and demo data
# as the owner, gunicorn with production settings and one task worker (db_worker), both as the
# application role registry_app.
serve: install run-deps
	PY=$(PY) scripts/serve.sh

# 50 simulated people for 3 minutes against `make serve`'s shape on 100,000 copies
# (docs/performance.md, "Under load"): throwaway PostgreSQL, data, gunicorn, locust
# headless; the figures in var/loadtest/report.md. LOADTEST_COPIES, LOADTEST_DURATION,
# LOADTEST_PEOPLE_COUNT make a shorter run.
loadtest: install run-deps
	PY=$(PY) scripts/loadtest.sh

# Static security check of our own code: fails on any medium- or high-severity finding.
# Every Django app (a directory with apps.py), so an app added later is checked without anyone remembering to.
BANDIT_PATHS := secrecy_registry $(sort $(patsubst %/apps.py,%,$(wildcard */apps.py)))
bandit: install
	# Medium findings are shown for review (the audit trail's SQL builds table names from model
	# metadata, quoted, with values as parameters); a high-severity finding fails the build.
	# One scan (about 12 s of CPU), its report read by scripts/bandit_gate.py.
	mkdir -p var
	$(VENV)/bin/bandit -q -r $(BANDIT_PATHS) -ll -f json -o var/bandit.json --exit-zero
	$(PY) scripts/bandit_gate.py var/bandit.json

# Two worker processes, each with its own test database (docs/testing.md, "Running it often");
# TEST_WORKERS=auto for one per core, 0 for one process. PYTEST_ARGS='-m "not slow"' skips the slow tests.
TEST_WORKERS ?= 2
test: install system-deps bandit
	DJANGO_DEBUG=1 PG_STANDBY=1 scripts/with-postgres.sh $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Screenshots of the main flows for the README, taken by the browser tests themselves.
screenshots: install system-deps
	DJANGO_DEBUG=1 SCREENSHOT_DIR=$(CURDIR)/docs/screenshots scripts/with-postgres.sh $(VENV)/bin/pytest -q tests/browser

# Printed ledger timings (docs/performance.md): 1,000 and 10,000 copies, ours against plain weasyprint.
bench-pdf: install system-deps
	DJANGO_DEBUG=1 scripts/with-postgres.sh $(PY) bench/pdf_bench.py $(BENCH_ARGS)

# A 10,000-row ledger printed by two task workers behind gunicorn while a clerk's pages are timed, one
# worker SIGKILLed mid-print (docs/performance.md, "A 10,000-row ledger while the web answers"): throwaway
# PostgreSQL, the report in var/print-bench/report.md. BENCH_ARGS="--rows 2000" for a shorter run.
bench-print: install run-deps system-deps
	PY=$(PY) scripts/with-postgres.sh $(PY) bench/print_under_load.py $(BENCH_ARGS)

# Our code path next to hand-written SQL on a registry of a million copies
# (docs/performance.md). With DATABASE_URL set, that database is used (and
# filled by generate_scale_data if it holds no documents); without it, a
# throwaway PostgreSQL with production-like settings is started and filled
# first, which takes about ten minutes. BENCH_ARGS="--copies 100000 --json x.json" etc.
BENCH_PG_OPTS := -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=2GB \
	-c effective_cache_size=12GB -c work_mem=16MB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c random_page_cost=1.1
bench: install system-deps
	@if [ -n "$$DATABASE_URL" ]; then $(PY) bench/run.py $(BENCH_ARGS); \
	else PG_EXTRA_OPTS="$(BENCH_PG_OPTS)" scripts/with-postgres.sh $(PY) bench/run.py $(BENCH_ARGS); fi

clean:
	rm -rf $(VENV) var .pytest_cache
