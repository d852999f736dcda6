# ResultBridge: `make demo` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=1
PORT ?= 8000

.PHONY: install demo test test-postgres test-browser test-production lint format migrations-check \
	messages ci clean security bench bench-quick

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# `make demo` shows pip's progress (a first install takes a minute or two); the rest stay quiet.
PIP_QUIET := $(if $(filter demo,$(MAKECMDGOALS)),,--quiet)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	@echo "Installing ResultBridge and what it needs into $(VENV) (once; a minute or two)..."
	$(BIN)/pip install $(PIP_QUIET) --disable-pip-version-check -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	mkdir -p var
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -v0
	$(DEV_ENV) $(BIN)/python manage.py migrate -v0
	$(DEV_ENV) SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py load_demo
	$(DEV_ENV) SITE_URL=http://127.0.0.1:$(PORT) PORT=$(PORT) bin/serve-demo

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -v0
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest -m "not browser and not production" $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/resultbridge} \
		$(BIN)/pytest -m "not browser and not production" $(PYTEST_ARGS)

# gunicorn (deploy/gunicorn.conf.py), task workers, SMTP, DEBUG off, on a PostgreSQL database
# of their own: DATABASE_URL's name + `_production` (tests/production/stack.py).
test-production: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/resultbridge} \
		$(BIN)/pytest -m production tests/production $(PYTEST_ARGS)

test-browser: install
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -v0
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# The results-day benchmark on PostgreSQL: one table of figures and goals (README,
# "Benchmarks"). Unmet goals do not fail it; a broken harness does.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

bench-quick: install
	$(BIN)/python bench/run.py --quick $(BENCH_ARGS)

# The scanners live in their own venv: wapiti3 pins an asgiref older than Django 5.2 needs.
SECURITY_VENV := .venv-security
SECURITY_SCAN_MINUTES ?= 8

$(SECURITY_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(SECURITY_VENV)
	$(PYTHON) -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["security"]))' > $(SECURITY_VENV)/requirements.txt
	$(SECURITY_VENV)/bin/pip install --quiet --disable-pip-version-check -r $(SECURITY_VENV)/requirements.txt
	touch $@

# bandit over the source, then wapiti against the running demo: docs/decisions/0008.
security: install $(SECURITY_VENV)/.installed
	$(SECURITY_VENV)/bin/bandit -r . -q --severity-level medium \
		-x ./.venv,./$(SECURITY_VENV),./tests,./bench,./var,./staticfiles,./node_modules
	SECURITY_SCAN_MINUTES=$(SECURITY_SCAN_MINUTES) bin/security-scan

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd $(CURDIR) && $(DEV_ENV) $(BIN)/python manage.py makemessages -l ja --no-obsolete \
		--ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -v0

clean:
	rm -rf $(VENV) var staticfiles
