# Set-up and everyday commands. `make serve` and `make test` work on a fresh machine.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install serve test lint validate bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

serve: install                  ## install, load the bundled data, serve on http://127.0.0.1:8000
	$(VENV)/bin/soilkg serve --host 127.0.0.1 --port 8000

test: install                   ## install and run the whole test suite
	bash tests/setup_browser.sh
	$(VENV)/bin/soilkg validate --sources ../shared/sources
	$(VENV)/bin/soilkg reason
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

validate: install
	$(VENV)/bin/soilkg validate --sources ../shared/sources

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) var build *.egg-info
