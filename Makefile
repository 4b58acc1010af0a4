# Two commands for learners (make lab, make test); make report and make student are for instructors (README,
# "Teaching with it"); the rest is for maintainers (see CONTRIBUTING.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Stamps: reinstall only when a requirements file changed.
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
PIP_INSTALL := $(BIN)/pip install --quiet --progress-bar off
# On Linux, torch's CPU-only build, from the index binder/requirements.txt uses: the default Linux wheel brings
# several GB of CUDA libraries that the course never uses. Where that index cannot be reached, one line says so and
# requirements.txt installs the default build from the package index.
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
TORCH := $(shell grep -m1 '^torch==' requirements.txt)
# make report SUBMISSIONS="folder or files" [REPORT=folder]; make student [STUDENT=folder]
REPORT ?= class-report
STUDENT ?= student

.PHONY: lab test lint notebooks links bench report student clean

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

report: $(RUNTIME)
	$(BIN)/python -m chainlab.report $(SUBMISSIONS) --out $(REPORT)

student: $(RUNTIME)
	$(BIN)/python tools/student_copy.py --out $(STUDENT)

clean:
	rm -rf $(VENV)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt pyproject.toml | $(BIN)/python
ifeq ($(shell uname -s),Linux)
	$(PIP_INSTALL) --retries 0 --timeout 10 --index-url $(TORCH_CPU_INDEX) "$(TORCH)+cpu" 2>/dev/null \
		|| echo "torch: no CPU-only build from $(TORCH_CPU_INDEX) (unreachable?); installing the default build instead"
endif
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@
