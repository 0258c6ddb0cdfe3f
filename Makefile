# Front door: `make build` and `make test` work on a fresh machine with Python 3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test test-fast coverage lint bench docs clean setup lock

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $(STAMP)

# Re-pin every dependency after a change to pyproject.toml (in a throw-away venv).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e '.[test]'
	{ echo '# Pinned versions of every dependency, used as pip constraints by `make setup` so that'; \
	  echo '# installs are reproducible. Regenerate with `make lock` after changing pyproject.toml.'; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^kg=='; } > requirements.lock
	rm -rf .lock-venv

build: $(STAMP)
	$(BIN)/kg build --reason --validate

# The whole suite in $(JOBS) processes, under coverage (subprocesses too), with the floor of
# [tool.coverage.report] in pyproject.toml; `make coverage` then shows the modules below 100%.
JOBS ?= 2

test: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest -q -n $(JOBS) --dist worksteal
	$(BIN)/coverage combine -q
	@printf 'coverage of kg: ' && $(BIN)/coverage report --format=total

# the same without coverage and without the slow exactness tests (a couple of minutes each)
test-fast: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n $(JOBS) --dist worksteal -m "not slow"

coverage: $(STAMP)
	$(BIN)/coverage report --skip-covered --sort=cover

bench: $(STAMP)
	$(BIN)/python bench/run.py

# the long run of the seeded mutation fuzzer (≥ 10,000 inputs; the suite runs a short one)
# and the parse times of adversarial inputs; both merge their figures into out/bench.json
.PHONY: fuzz parse-speed
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py --count 10000

parse-speed: $(STAMP)
	$(BIN)/python bench/parse_speed.py

docs: $(STAMP)
	$(BIN)/kg docs

clean:
	rm -rf out .cache .coverage .coverage.*
