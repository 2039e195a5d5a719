# Two commands on a fresh machine:  `make lab`  and  `make test`.
# Both create .venv when it is missing; re-running is fast when nothing changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# Set NO_BROWSER=1 on a server (no web browser is opened; the URL is printed).
NO_BROWSER ?=
# Jupyter refuses to start as root (a container, a CI box) unless told that is intended.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
STAMP  := $(VENV)/.installed

.PHONY: lab test setup system lint lessons solutions bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

system:
	@bash scripts/install_system_packages.sh

lab: setup
	@echo "Starting JupyterLab on lessons/ at http://127.0.0.1:$(PORT)/lab (Ctrl-C to stop);"
	@echo "open the URL with ?token=... that Jupyter prints below."
	$(BIN)/jupyter lab --notebook-dir=lessons --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 $(if $(NO_BROWSER),--no-browser,) $(ALLOW_ROOT) \
		--LabApp.default_url=/lab/tree/01_neurons/01_neurons.ipynb

lint: setup
	$(BIN)/ruff check mlp_kit tests benchmarks scripts datasets nbgrader_config.py

test: setup system lint
	$(BIN)/python -m pytest

# Regenerate lessons/ (student versions) from solutions/ with nbgrader.
lessons: setup
	$(BIN)/python scripts/generate_lessons.py

# Re-execute the solution notebooks in place (refreshes their stored outputs).
solutions: setup
	$(BIN)/python scripts/execute_solutions.py $(LESSON)

bench: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
