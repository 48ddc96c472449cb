# fairbot — every target does its own set-up, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_STAMP := $(VENV)/.system-deps
# Every Python dependency, pinned with hashes; `make lock` refreshes it from pyproject.toml.
LOCK := requirements.lock

.PHONY: run test lint format bench install lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Exactly the locked versions (hash-checked), then fairbot itself without resolving again.
$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-resolve pyproject.toml's dependencies (dev tools included) for Python 3.11+ on every
# platform; versions already locked are kept unless pyproject.toml needs others
# (`make lock UPGRADE=--upgrade` moves everything to the newest allowed).
lock: $(BIN)/python
	$(BIN)/pip install --quiet 'uv>=0.5'
	$(BIN)/uv pip compile --quiet pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command 'make lock' $(UPGRADE) -o $(LOCK)

$(NODE_STAMP): package.json $(SYSTEM_STAMP)
	npm install --no-audit --no-fund --silent
	touch $(NODE_STAMP)

$(SYSTEM_STAMP): scripts/system-deps.sh | $(BIN)/python
	bash scripts/system-deps.sh
	touch $(SYSTEM_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/fairbot db upgrade
	$(BIN)/fairbot serve

test: $(STAMP) $(SYSTEM_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -q

# mypy reads [tool.mypy] in pyproject.toml (strict for faq/, handlers/, storage/) and keeps
# its cache in .mypy_cache/, so a second run takes seconds.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules
