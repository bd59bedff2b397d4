# Two commands do everything from a fresh clone:
#   make preview   set up, build the site and preview it with live reload
#   make test      set up (browser and checkers included) and run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: preview test build check bench mutants setup setup-test-tools clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

setup: $(VENV)/.installed

preview: setup
	$(PY) build.py serve

build: setup
	$(PY) build.py --strict

check: setup
	$(PY) build.py check --strict

setup-test-tools:
	bash scripts/setup-test-tools.sh

# The real content must build with warnings treated as errors, then the whole suite runs.
test: setup setup-test-tools
	$(PY) build.py --strict
	$(PY) -m pytest

bench: setup
	$(PY) benchmarks/bench.py

# Which changes to sitegen/ no test notices (docs/testing.md); configured in pyproject.toml.
mutants: setup
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,mutation]'
	$(VENV)/bin/mutmut run --max-children 2
	$(VENV)/bin/mutmut results

clean:
	rm -rf _site .pytest_cache .hypothesis mutants
