# Two commands: `make run` (audit the bundled example council) and `make test`.
# Both create a local virtual environment in .venv on first use; only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test test-all bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job: a dry-run audit of the example council's archive. Exit 1 means "findings", not failure.
run: install
	$(BIN)/mailguard audit --config config/example config/example/archive; status=$$?; [ $$status -le 1 ]

test: install
	$(BIN)/python -m pytest -q

# Including the slow tests (full corpora sweeps, crash tests).
test-all: install
	$(BIN)/python -m pytest -q -m "slow or not slow"

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
