# Wuling. `make run` sets up and starts the demo; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The embedded demo runs with DEBUG on unless told otherwise.
RUN_ENV := DEBUG=$${DEBUG:-true}
# pytest-xdist workers for `make test`: one per core (the CI machine has 2); `make test TEST_WORKERS=0` runs serially.
TEST_WORKERS ?= auto

.PHONY: run test venv dev-deps migrate demo static worker lint format check messages bench bench-city upgrade-check clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt $(VENV)/.deps
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

## run: install, migrate, load demo data if the database is empty, start web + worker/beat
run: venv
	mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo --if-empty
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/honcho start -f Procfile

## test: install test requirements and run the whole suite in parallel (DATABASE_URL if set, else SQLite)
test: dev-deps
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: dev-deps
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

## messages: extract and compile translations (needs gettext)
messages: venv
	# Each app's strings go to its own locale/; templates/ and wuling/ to ./locale/.
	DEBUG=true $(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-location \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=static --ignore=tests --ignore=bench
	DEBUG=true $(PY) manage.py makemessages -d djangojs -l zh_Hans --no-obsolete --no-location \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=static/vendor || true
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

## bench: the statistics benchmark on PostgreSQL (needs DATABASE_URL)
bench: dev-deps
	$(PY) -m bench

## bench-city: the city-scale benchmark, 10M incidents, 150 stations (needs DATABASE_URL; not in CI; docs/scale.md)
bench-city: dev-deps
	$(PY) -m bench.city $(BENCH_CITY_ARGS)

## upgrade-check: list the pinned requirements that have a newer release (changes nothing)
upgrade-check: dev-deps
	$(PY) -m tools.upgrade_check

clean:
	rm -rf var staticfiles .pytest_cache
