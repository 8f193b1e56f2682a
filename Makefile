# Two entry points for newcomers: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install deps demo test lint validate bench bench-quick clean

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

# Install what the tests need and run every test.  The Neo4j jars (a genuine
# server for tests/test_neo4j_server.py) come from Maven Central into a cache
# outside the repo; without java or mvn those tests skip, unless
# FENGONG_REQUIRE_NEO4J=1 (as in CI).
test: install deps
	$(BIN)/python -m pytest

# The code's own checks: lint, format and types (CI runs them before the tests).
lint: install
	$(BIN)/ruff check fengong tests benchmarks tools
	$(BIN)/ruff format --check fengong tests benchmarks tools
	$(BIN)/mypy

# The servers, browser and validators the tests and benchmarks use (Neo4j jars, Debian chromium,
# a CJK font; Jena, JGraphT's schemas, vnu and graphology from tools/validators).
deps:
	@tools/neo4j/install.sh >/dev/null || echo "make test: Neo4j not installed; the tests that need it will skip (unless FENGONG_REQUIRE_NEO4J=1)" >&2
	@tools/validators/install.sh >/dev/null || echo "make test: validators not installed; the tests that need them will skip (unless FENGONG_REQUIRE_VALIDATORS=1)" >&2
	@test -x /usr/bin/chromium || { if [ "$$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends chromium; \
	  else sudo -n apt-get install -y --no-install-recommends chromium; fi; } >/dev/null 2>&1 \
	  || echo "make test: Debian chromium not installed; the browser tests will skip (unless FENGONG_REQUIRE_BROWSER=1)" >&2
	@# a Chinese font for the browser, so screenshots show the names (pages name it first in their font stack)
	@test -d /usr/share/fonts/opentype/noto || { if [ "$$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends fonts-noto-cjk; \
	  else sudo -n apt-get install -y --no-install-recommends fonts-noto-cjk; fi; } >/dev/null 2>&1 \
	  || echo "make test: fonts-noto-cjk not installed; browser screenshots will show boxes for Chinese text" >&2

# Build the sample corpus (or DOCS=...) with atlas and maps, and run every independent validator
# over the outputs: XML Schemas, graphology, Jena riot and SHACL, HermiT, the Nu HTML checker.
validate: install deps
	$(BIN)/fengong build -q --output out $(DOCS)
	$(BIN)/fengong site -o out/atlas $(foreach d,$(DOCS),-i $(d))
	$(BIN)/python -m fengong.testing.validators out

clean:
	rm -rf $(VENV) out .pytest_cache

# Every benchmark (seeds, parse throughput, 10k/100k/1M-task builds, RDF/SPARQL vs rdflib, Neo4j,
# maps in Chromium); prints Markdown tables and writes benchmarks/results.md. bench-quick: no 1M.
bench: install deps
	$(BIN)/python benchmarks/run_all.py

bench-quick: install deps
	$(BIN)/python benchmarks/run_all.py --quick
