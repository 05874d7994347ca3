# The two commands of the quickstart: `make demo` (run it) and `make test` (test it).
# Both work from a clean clone on a machine with only Python 3.11, pip, gcc and cmake.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# llama-cpp-python compiles llama.cpp from source (~5 min on 2 cores; pip caches the wheel).
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)
ifeq ($(shell uname -m),x86_64)
# A native build uses AMX where the CPU lists it, but VMs that do not grant AMX state kill the
# server with a general protection fault in ggml_backend_amx_mul_mat (seen here): build without it.
NO_AMX := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
export CMAKE_ARGS ?= -DGGML_NATIVE=ON -DCMAKE_C_FLAGS='$(NO_AMX)' -DCMAKE_CXX_FLAGS='$(NO_AMX)'
endif

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
