# The two commands a newcomer types: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DOC    := drafts/poa-founding-document

.PHONY: demo test lint fmt bench fuzz clean install dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the packaging metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: install
	@mkdir -p build
	$(BIN)/poa validate drafts/poa-founding-document drafts/recommendations
	$(BIN)/poa clause list $(DOC)

lint: dev
	$(BIN)/ruff check poa_cli tests benchmarks
	$(BIN)/ruff format --check poa_cli tests benchmarks
	$(BIN)/mypy

fmt: dev
	$(BIN)/ruff format poa_cli tests benchmarks
	$(BIN)/ruff check --fix poa_cli tests benchmarks

# pytest exits 5 when it collected nothing: that is a failure here, never a pass.
test: lint
	$(BIN)/python -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

bench: dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
