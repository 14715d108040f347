# acip — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test venv dev browser linters lint typecheck pytest serve ingest bench-ingest \
	bench-api bench-peers clean eval-real calibrate-real

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed
dev: $(VENV)/.installed-dev

## browser: the headless Chromium the explorer's browser tests drive, from Debian's packages
## (apt-get, as root). Where it cannot be installed the tests skip with the reason (fail in CI).
CHROMIUM := $(shell command -v chromium chromium-browser 2>/dev/null | head -n1)
browser:
ifeq ($(CHROMIUM),)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the explorer's browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "no chromium and no root apt-get here: the explorer's browser tests will be skipped"; \
	fi
else
	@true
endif

## linters: the OpenAPI linters tests/api/test_openapi_contract.py runs, Redocly CLI and
## Spectral, from npm into $(VENV)/node (node and npm from Debian's packages, apt-get as root,
## when missing). Where they cannot be installed the tests skip with the reason (fail in CI).
REDOCLY_CLI  ?= @redocly/cli@2.77.0
SPECTRAL_CLI ?= @stoplight/spectral-cli@6.16.3
NODE_TOOLS   := $(VENV)/node
$(NODE_TOOLS)/.installed: Makefile | $(BIN)/activate
	@if ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's nodejs and npm for the OpenAPI linters"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(NODE_TOOLS) && \
		npm install --silent --no-audit --no-fund --prefix $(NODE_TOOLS) $(REDOCLY_CLI) $(SPECTRAL_CLI) && \
		touch $@; \
	else \
		echo "no npm and no root apt-get here: the OpenAPI linter tests will be skipped"; \
	fi
linters: $(NODE_TOOLS)/.installed

## run: set up, migrate the SQLite database, ingest seeds/ and serve the explorer and the API on
## http://127.0.0.1:8000
run: venv
	$(BIN)/acip db upgrade
	$(BIN)/acip ingest seeds/
	$(BIN)/acip serve --host 127.0.0.1 --port 8000

## test: set up with the dev extras, Chromium and the OpenAPI linters, lint, type-check and run
## pytest on SQLite and PostgreSQL (the explorer's browser tests on SQLite)
test: dev browser linters lint typecheck pytest

lint: dev
	$(BIN)/ruff check app tests migrations bench

typecheck: dev
	$(BIN)/mypy app

pytest: dev browser linters
	$(BIN)/pytest

bench-ingest: dev
	$(BIN)/python bench/ingest.py

bench-api: dev
	bash bench/api.sh

## bench-peers: acip beside Datasette and a bare Starlette+sqlite3 app on one SQLite file and
## acip's own Q1-Q5 (bench/peers/README.md); bench.py's options as ARGS="--check-only"
bench-peers: venv
	bash bench/peers/run.sh $(ARGS)

## eval-real / calibrate-real: the real corpus kept outside the repository (a development
## step; nothing in the tests reads it). The open part is studied, the check part scored in
## aggregate; confidences are calibrated on the check part (the rules were written against
## the open part, whose rates are in-sample), with a 4-fold cross-fitted reliability.
CORPUS_REAL ?= ../shared/corpus-real
OPEN_PART   ?= r001:r060
CHECK_PART  ?= r061:r084
ACIP_HERE   := $(BIN)/python -m app.cli

eval-real:
	@echo "open part ($(OPEN_PART))"
	$(ACIP_HERE) eval $(CORPUS_REAL)/gold.json $(CORPUS_REAL) --range $(OPEN_PART)
	@echo "check part ($(CHECK_PART))"
	$(ACIP_HERE) eval $(CORPUS_REAL)/gold.json $(CORPUS_REAL) --range $(CHECK_PART) --reliability

calibrate-real:
	$(ACIP_HERE) calibrate $(CORPUS_REAL)/gold.json $(CORPUS_REAL) --range $(CHECK_PART) \
		-o app/vocab/confidence.json
	@echo "check part ($(CHECK_PART)), each document scored by a table fitted on the others"
	$(ACIP_HERE) eval $(CORPUS_REAL)/gold.json $(CORPUS_REAL) --range $(CHECK_PART) \
		--reliability --cross-fit 4

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
