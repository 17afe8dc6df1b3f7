# The README's commands. `make run` serves a demo; `make test` is the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Local serving: plain HTTP on loopback, static files straight from the sources.
RUN_ENV := HTTPS=$${HTTPS:-false} STATIC_FROM_SOURCES=$${STATIC_FROM_SOURCES:-true}
# check --deploy runs under the settings a production server would have.
DEPLOY_ENV := DEBUG=false HTTPS=true ALLOWED_HOSTS=forebyg.example.dk SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	FIELD_ENCRYPTION_KEYS=k1:$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	BLIND_INDEX_KEY=$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')

# pytest-xdist workers for the tests without a browser (the browser tests share one app server).
# Three on two cores: the tests wait on the database and subprocesses often enough that a third
# worker keeps both cores busy (measured: 4 min against 7.7 min with two).
TEST_WORKERS ?= 3
# BROWSER_TESTS=no leaves the browser tests out (CI's PostgreSQL pass, see .ci/run).
BROWSER_TESTS ?= yes

MESSAGES_ARGS := -l da -l en --no-obsolete --no-wrap --add-location file \
	--ignore=.venv --ignore=node_modules --ignore=var --ignore=staticfiles --ignore=tests

.PHONY: run test deps messages clean drills bench

run: deps
	@mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	$(RUN_ENV) $(PY) manage.py load_reference_data
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "Forebyg: serving on http://$(HOST):$(PORT)/"
	$(RUN_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy forebyg tests
	$(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)
	$(if $(filter no,$(BROWSER_TESTS)),@echo "make test: browser tests left out (BROWSER_TESTS=no)",$(PY) -m pytest -m browser $(PYTEST_ARGS))

# Update the Danish and English catalogues from the code (needs Debian's gettext), fill the
# English one with the English source texts, and compile both. Then translate what is new in da.
messages: deps
	$(PY) manage.py makemessages $(MESSAGES_ARGS)
	# English is the source language: drop makemessages' fuzzy guesses, then copy each msgid.
	msgattrib --no-wrap --clear-fuzzy --empty --clear-previous \
		-o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Forebyg needs Python 3.11 or newer"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-virtualenv -r requirements.lock
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The load, scale-out, crash and point-in-time-recovery drills (drills/README.md). Slow (minutes):
# they start their own gunicorn servers, nginx and a scratch PostgreSQL cluster, so they are not
# part of `make test`. Need PostgreSQL and Redis on loopback, nginx and root (pitr: runuser).
drills: deps
	drills/load.sh
	drills/scaleout.sh
	drills/crash.sh
	drills/pitr.sh

# The benchmark suite (README "Performance"): synthetic data at each size, on SQLite (var/) and
# PostgreSQL (BENCH_POSTGRES_URL), kept between runs; writes bench/results.json. Slow: the 250,000
# case datasets take minutes to generate the first time. A subset:
# make bench BENCH_SIZES=10000 BENCH_DATABASES=sqlite
BENCH_SIZES ?= 10000,250000
BENCH_DATABASES ?= sqlite,postgresql
bench: deps
	$(PY) bench/run.py --sizes $(BENCH_SIZES) --databases $(BENCH_DATABASES)

clean:
	rm -rf $(VENV) node_modules staticfiles
