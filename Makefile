# Changxiao — set-up and daily commands. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on; production sets its own environment (see README).
export DEBUG ?= 1
export DJANGO_SETTINGS_MODULE := changxiao.settings

.PHONY: venv install messages run serve test test-fast bench lint format demo sweep clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

venv install: $(BIN)/activate

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v 0

run: install messages
	mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving at http://$(HOST):$(PORT)/  (periodic sweep every 60 s; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py sweep --loop 60 > var/sweep.log 2>&1 & \
	  $(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: install messages
	$(BIN)/pytest -n auto -q $(PYTEST_ARGS)

# `make bench BENCH=surveys` runs one section (see python -m bench --help).
bench: install messages
	$(PY) -m bench $(BENCH)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sweep: install
	$(PY) manage.py sweep

clean:
	rm -rf $(VENV) var
