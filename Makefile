# Two commands for learners (make lab, make test); the rest is for maintainers (see CONTRIBUTING.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Stamps: reinstall only when a requirements file changed.
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test lint notebooks links bench clean

lab: $(RUNTIME)
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(DEV) lint
	$(BIN)/pytest

lint: $(DEV)
	$(BIN)/ruff check lib tests tools benchmarks notebooks
	$(BIN)/ruff format --check lib tests tools benchmarks

notebooks: $(DEV)
	$(BIN)/python tools/course_links.py
	$(BIN)/python tools/execute_notebooks.py

bench: $(DEV)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --progress-bar off -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(BIN)/pip install --quiet --progress-bar off -r requirements-dev.txt
	touch $@
