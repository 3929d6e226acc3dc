# Developer chores. Running the app never needs make: `painwise serve` is enough.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint docs lock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-app: requirements.lock pyproject.toml | $(BIN)/python
	@echo "Installing Painwise and its pinned dependencies into $(VENV) (first run only; a few minutes)..."
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-app

## Start the demo: install, create a demo account with a year of data, serve on 127.0.0.1:8000.
demo: $(VENV)/.installed-app
	$(BIN)/painwise demo

## Run every check: lint, types, docs, the suite on SQLite and PostgreSQL, and the browser tests.
test: $(VENV)/.installed-dev
	bash scripts/run-tests.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench conftest.py
	$(BIN)/mypy
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

docs: $(VENV)/.installed-dev
	$(BIN)/painwise docs

## Regenerate both lock files from pyproject.toml (hash-pinned).
lock: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o requirements-dev.lock

bench: $(VENV)/.installed-dev
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
