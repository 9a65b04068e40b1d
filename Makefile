# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
# PREFECT_LOGGING_SETTINGS_PATH: `reprints` (and tests/conftest.py) point it at Prefect's logging.yml with
# reprints/logging.yml merged in, written to $(PREFECT_HOME)/reprints-logging.yml (reprints/logs.py)

.PHONY: run test lint bench lock clean package-check

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import prefect, tasks, flows, reprints" && touch $(STAMP)

run: $(STAMP)
	$(BIN)/reprints ingest raw processed

# mypy: [tool.mypy] in pyproject.toml says what it checks (tasks, flows, reprints, bench, tests)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The wheel of this checkout in a clean venv, no lock: it installs and `reprints ingest` runs (.ci/run calls it).
package-check: $(STAMP)
	PYTHON=$(PYTHON) bash .ci/package-check

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.language_accuracy
	$(BIN)/python bench/near_duplicates.py
	$(BIN)/python bench/throughput.py --repeat 5

# Re-resolve the pins from requirements.in into requirements.lock (needs the registry).
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet -r requirements.in
	.lockvenv/bin/pip freeze --all --exclude-editable | grep -v "^pip==" > requirements.lock
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) .prefect processed .mypy_cache
