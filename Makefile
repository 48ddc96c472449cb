# fairbot — every target does its own set-up, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_STAMP := $(VENV)/.system-deps

.PHONY: run test lint format bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

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

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules
