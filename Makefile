# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_SETTINGS_PATH := $(CURDIR)/reprints/logging.yml

.PHONY: run test lint bench lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import prefect, tasks, flows, reprints" && touch $(STAMP)

run: $(STAMP)
	$(BIN)/reprints ingest raw processed

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
	rm -rf $(VENV) .prefect processed
