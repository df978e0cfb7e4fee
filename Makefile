# Công Minh: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-only lint system-deps install install-test bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { echo "Cần Python 3.11 trở lên (python3.11 hoặc python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

## One command: install, create the SQLite database, load the demo province, serve on :8000.
run: install
	$(BIN)/congminh migrate --noinput
	$(BIN)/congminh demo setup
	@echo ""
	@echo "Công Minh: http://$(HOST):$(PORT)/  (tài khoản demo: xem README.md, ví dụ noichinh / congminh2026)"
	$(BIN)/congminh serve --bind $(HOST):$(PORT)

## Debian packages the tests need: Tesseract with its Vietnamese model, Chromium, poppler.
system-deps:
	bash scripts/install-system-deps.sh

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

test-only:
	CONGMINH_CONN_MAX_AGE=0 $(BIN)/pytest -q

## One command: install what tests need and run them all (lint, types, the suite).
test: install-test system-deps lint test-only

bench: install-test
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/law_sweep.py
	$(BIN)/python bench/doc_accuracy.py
	$(BIN)/python bench/doc_speed.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
