# Two entry points, both working on a fresh machine:
#   make run   - set up .venv, validate the embedded data and run the main job
#   make test  - set up .venv, run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test clean

$(BIN)/newsprep: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(BIN)/newsprep
	$(BIN)/newsprep validate-data
	$(BIN)/newsprep summary

test: $(BIN)/newsprep
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
