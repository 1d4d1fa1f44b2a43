# Changxiao — set-up and daily commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# DEBUG is not set here: `make run` serves the product with DEBUG off, and only `make dev` turns it on
# (scripts/serve sets either, with the local keys it keeps in var/).
export DJANGO_SETTINGS_MODULE := changxiao.settings
export PY HOST PORT
SERVE := scripts/serve
# The suite signs and encrypts with throw-away keys of its own: with DEBUG off the settings require both, and the
# keys of a local run (var/) or of production must never reach a test.
TEST_ENV := env -u DEBUG -u SECRET_KEY_FILE -u PERSONAL_DATA_KEY_FILE \
	SECRET_KEY=test-only-secret-key-not-for-any-deployment \
	PERSONAL_DATA_KEY=dGVzdC1vbmx5LXBlcnNvbmFsLWRhdGEta2V5LTMyYiE=

.PHONY: venv install messages run serve dev test test-fast bench lint format demo sweep backup restore keys clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

venv install: $(BIN)/activate

# compilemessages reads no settings (so needs no keys): it compiles every locale/ directory it finds. The catalogue is
# compiled when it changed, so two suites started side by side (.ci/run) never rewrite it under each other.
# Each app may keep its own catalogue (changxiao/<app>/locale/); every one is compiled when any changed.
MESSAGES_PO := $(wildcard changxiao/locale/zh_Hans/LC_MESSAGES/django.po changxiao/*/locale/zh_Hans/LC_MESSAGES/django.po)
MESSAGES_MO := $(MESSAGES_PO:.po=.mo)

$(MESSAGES_MO) &: $(MESSAGES_PO) $(BIN)/activate
	env -u DJANGO_SETTINGS_MODULE $(BIN)/django-admin compilemessages --ignore=.venv -v 0
	touch $(MESSAGES_MO)

messages: install $(MESSAGES_MO)

# The product as a city runs it (DEBUG off, gunicorn, WhiteNoise), set up from nothing with demo data.
run: install messages
	$(SERVE) product

# Development: DEBUG on, runserver reloading on code changes; same data and keys as `make run`.
dev: install messages
	$(SERVE) dev

test: install messages
	$(TEST_ENV) $(BIN)/pytest -n auto -q $(PYTEST_ARGS)

# `make bench BENCH=surveys` runs one section (see python -m bench --help); it sets its own production settings.
bench: install messages
	$(PY) -m bench $(BENCH)

# lint-imports: the rules between apps (docs/architecture.md, section 2; contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sweep: install
	$(SERVE) sweep

# A backup of var/ (or DATA_DIR/DATABASE_URL): database, uploads and a manifest, without the keys (README, Production).
backup: install
	$(SERVE) backup

# `make restore ARCHIVE=var/backups/changxiao-backup-….tar` onto an empty database, with the backup's keys.
restore: install
	$(SERVE) restore "$(ARCHIVE)"

keys:
	$(SERVE) keys

clean:
	rm -rf $(VENV) var
