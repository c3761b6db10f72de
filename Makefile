# Two commands: `make run` (audit the bundled example council) and `make test`.
# Both create a local virtual environment in .venv on first use; only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The main job: a dry-run audit of the example council's archive. Exit 1 means "findings", not failure.
run: install
	$(BIN)/mailguard audit --config config/example config/example/archive; status=$$?; [ $$status -le 1 ]

# On every core (pytest-xdist); a single file or test runs faster without: .venv/bin/python -m pytest tests/x.py
test: install
	$(BIN)/python -m pytest -q -n auto

# Benchmarks (issue 6; docs/performance.md): ~25 minutes. Installs Postfix's smtp-source/smtp-sink
# (Debian package postfix, configured as "No configuration": nothing starts, nothing listens) when missing,
# and a C compiler for the load client bench/smtpload.c (without one, the slower Python client is used).
bench: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	@command -v smtp-sink >/dev/null || [ -x /usr/sbin/smtp-sink ] || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections && \
	    { apt-get update -qq >/dev/null || true; } && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postfix >/dev/null && \
	    { postfix stop >/dev/null 2>&1 || true; }; \
	  else echo "bench: install Postfix's smtp-sink/smtp-source (apt-get install postfix) and run again"; exit 1; fi; }
	@command -v cc >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    { apt-get update -qq >/dev/null || true; } && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc libc6-dev >/dev/null || \
	      echo "bench: could not install a C compiler; throughput will be measured with the Python client"; \
	  else echo "bench: no C compiler (cc): throughput will be measured with the slower Python client"; fi; }
	PATH="$$PATH:/usr/sbin" $(BIN)/python -m bench $(BENCH_ARGS)

# Style and types: ruff (pyflakes, pycodestyle, isort, bugbear) and mypy --strict over src/ and bench/.
lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
