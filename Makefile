# Two entry points for newcomers: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test bench clean

$(BIN)/fengong: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/fengong

# Build the built-in sample corpus and export its task records.
demo: install
	$(BIN)/fengong build --output out
	$(BIN)/fengong export records --format jsonl --output out/records.jsonl

# Install what the tests need and run every test.
test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache

# Throughput of the builder on the sample corpus.
bench: install
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_queries.py
