# Two commands do everything from a fresh clone:
#   make preview   set up (the site's own packages only), build the site and preview it with live reload
#   make test      set up (test tools, browser and checkers too) and run the whole test suite
# and one for the inner loop:
#   make quick     the suite but the browser, Nu Html Checker and slow tests (about a minute)
#   make lint      ruff (lint and format) and mypy --strict, as make test runs them
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The tests run on every core (pytest-xdist). Tests marked xdist_group share an expensive
# fixture, so each group runs on one worker (--dist loadgroup). PYTEST_WORKERS=0 runs them
# in this process; PYTEST_ARGS passes anything else to pytest (make quick PYTEST_ARGS=-x).
PYTEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

.PHONY: preview test quick lint build check bench mutants dist setup setup-test setup-test-tools clean

# What the site needs to build and preview (pyproject.toml's dependencies).
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed" or 0)'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

# And what the tests and the benchmark need (its "test" extras).
$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

preview: setup
	$(PY) build.py serve

build: setup
	$(PY) build.py --strict

check: setup
	$(PY) build.py check --strict

setup-test-tools:
	bash scripts/setup-test-tools.sh

# Lint, format and strict types (configured in pyproject.toml): zero findings.
LINTED := sitegen build.py tests scripts benchmarks
lint: setup-test
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(PY) -m mypy sitegen build.py

# The code is linted and typed, the real content must build with warnings treated as
# errors, then the whole suite runs.
test: setup-test setup-test-tools lint
	$(PY) build.py --strict
	$(PYTEST)

# The tests write Python's bytecode caches, pytest's rewritten test modules included, even where
# PYTHONDONTWRITEBYTECODE is set (some sandboxes and CI images set it; Python ignores it empty):
# without them each worker, and each command a test starts, compiles every module again.
test quick: export PYTHONDONTWRITEBYTECODE :=

# make quick keeps the tests' temporary files in memory (/dev/shm), where there is one with
# at least 1 GB free: a run makes about 48,000 files (copies of sites, git repositories), and
# on disk making them, and deleting the oldest run's at the end, took 2 to 9 s of a run.
# They go in pytest's own numbered folders (/dev/shm/pytest-of-USER/pytest-N), so that runs
# at once, of one checkout or several, never clear each other's. A passing test's folder is deleted
# when it ends, and a passing run's at its end; a failing test's is kept (pytest prints where).
QUICK_TEMP_ROOT := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && \
	[ "$$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $$4}')" -gt 1048576 ] 2>/dev/null && echo /dev/shm)
quick: export PYTEST_DEBUG_TEMPROOT := $(QUICK_TEMP_ROOT)

# The browser and HTML folders are not even collected: importing them costs each worker time.
quick: setup-test
	$(PYTEST) -m "not browser and not nu_checker and not slow" --hypothesis-profile=quick \
		--ignore=tests/browser --ignore=tests/html -o tmp_path_retention_policy=failed

bench: setup-test
	$(PY) benchmarks/bench.py

# Which changes to sitegen/ no test notices (docs/testing.md); configured in pyproject.toml.
mutants: setup-test
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,mutation]'
	$(VENV)/bin/mutmut run --max-children 2
	$(VENV)/bin/mutmut results

# The wheel and sdist of transparency-sitegen into dist/ (docs/upgrading.md, "Making a release").
# -P: this repository's build.py must not stand in for the `build` package.
dist: setup-test
	$(PY) -P -m build --outdir dist .

clean:
	rm -rf _site .pytest_cache .hypothesis mutants dist
