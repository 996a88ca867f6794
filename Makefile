# make demo: set up a virtual environment and grade the example class.
# make test: set up and run the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test expected benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m autograder grade examples --jobs 2 --out build/demo-results
	@echo "Gradescope results.json files are under build/demo-results/"

test: $(STAMP)
	$(BIN)/python -m pytest

expected: $(STAMP)
	$(BIN)/python -m autograder expected

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build results .pytest_cache
