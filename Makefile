# Two commands for learners (make lab, make test); make report and make student are for instructors (README,
# "Teaching with it"); the rest is for maintainers (see CONTRIBUTING.md).
# The newest supported Python on PATH (pyproject.toml's requires-python), or the one given as make PYTHON=...
# A name that is on PATH but does not run (a pyenv shim of a version not selected) is passed over.
SUPPORTED_PYTHONS := python3.13 python3.12 python3.11
PYTHON ?= $(firstword $(foreach p,$(SUPPORTED_PYTHONS),$(shell $(p) -c "" 2>/dev/null && echo $(p))))
VENV := .venv
BIN := $(VENV)/bin
# Stamps: reinstall only when a requirements file changed.
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
# One line: which Python the course runs on.
WHICH_PYTHON = $(BIN)/python -c "import platform, sys; print(f'Python {platform.python_version()} (from {sys.base_prefix}) in $(VENV); for another: make clean, then make PYTHON=python3.x')"
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

.PHONY: lab test lint notebooks links bench report student site clean

lab: $(RUNTIME)
	@$(WHICH_PYTHON)
	$(BIN)/jupyter lab $(ALLOW_ROOT) $(LAB_ARGS) notebooks/00_start_here.ipynb

test: $(DEV) lint site
	@$(WHICH_PYTHON)
	$(BIN)/pytest

lint: $(DEV)
	$(BIN)/ruff check lib tests tools benchmarks notebooks docs
	$(BIN)/ruff format --check lib tests tools benchmarks docs

notebooks: $(DEV)
	$(BIN)/python tools/course_links.py
	$(BIN)/python tools/execute_notebooks.py

# The web book, from the stored outputs (nothing is executed), with MathJax from npm: build/site/index.html.
# Its sources are docs/ and a copy of the notebooks (build/site-src), so that links between notebooks resolve.
site: $(DEV) docs/node_modules/.package-lock.json
	rm -rf build/site-src && mkdir -p build/site-src && cp -p docs/index.md build/site-src/ && cp -rp notebooks build/site-src/
	$(BIN)/sphinx-build -q -b html -c docs -d build/site-doctrees build/site-src build/site
	@echo "The web book: build/site/index.html"

docs/node_modules/.package-lock.json: docs/package-lock.json
	cd docs && npm ci --no-audit --no-fund --silent

bench: $(DEV)
	$(BIN)/python benchmarks/run_all.py

report: $(RUNTIME)
	$(BIN)/python -m chainlab.report $(SUBMISSIONS) --out $(REPORT)

student: $(RUNTIME)
	$(BIN)/python tools/student_copy.py --out $(STUDENT)

clean:
	rm -rf $(VENV)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.11, 3.12 or 3.13 found: install one (python.org, or e.g. apt install python3.12), or name it: make PYTHON=/path/to/python3.12"; exit 1; }
	@$(PYTHON) -c "import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))" \
		|| { echo "$(PYTHON) is not Python 3.11, 3.12 or 3.13: install one of those, or name it: make PYTHON=python3.12"; exit 1; }
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
