# The two commands a newcomer types: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DOC    := drafts/poa-founding-document

.PHONY: demo test test-fast lint fmt bench bench-scaling fuzz mutate validators cli-static clean install dev sysdeps

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

# Six papers under build/: the sample founding document in the three views
# (clean, compilation, changes), each as HTML and as PDF.
demo: install
	@mkdir -p build
	$(BIN)/poa validate drafts/poa-founding-document drafts/recommendations
	$(BIN)/poa clause list --doc $(DOC)
	@for view in clean compilation changes; do \
	  for fmt in html pdf; do \
	    $(BIN)/poa render $(DOC) --view $$view -o build/$(notdir $(DOC))-$$view.$$fmt || exit 1; \
	  done; \
	done

lint: dev
	$(BIN)/ruff check poa_cli tests benchmarks
	$(BIN)/ruff format --check poa_cli tests benchmarks
	$(BIN)/mypy

fmt: dev
	$(BIN)/ruff format poa_cli tests benchmarks
	$(BIN)/ruff check --fix poa_cli tests benchmarks

# pytest exits 5 when it collected nothing: that is a failure here, never a pass.
# Two workers (pytest-xdist): every test has its own temporary repository.
PYTEST_WORKERS ?= 2
test: sysdeps lint
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# Everything but the tests marked slow (concurrency, git trouble, PDF, packaging):
# for the edit-test loop. `make test` still runs everything.
test-fast: dev
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) -m "not slow"; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# The compiled schema validators in poa_cli/validators/, regenerated after a
# schema changes (a test fails until they match).
validators: dev
	$(BIN)/python -m poa_cli.storage.schemas

# What the command line's fast path reads instead of building the Typer app
# (poa_cli/cli/static.py: the root help, the fast commands' options), regenerated
# after a command, an option or a help text changes (a test fails until it matches).
cli-static: dev
	$(BIN)/python -c "from poa_cli.cli.root import write_static; write_static()"
	$(BIN)/ruff format -q poa_cli/cli/static.py

# System packages the render tests use, installed only when missing: headless
# Chromium (screenshots), poppler-utils (pdftoppm), Times-metric Liberation Serif,
# WenQuanYi Zen Hei (Chinese) and Amiri (Arabic), and HarfBuzz's subsetter for
# WeasyPrint; Noto (core, CJK) for the six languages; LibreOffice headless with its
# Python bridge, the real word processor the Word tests check against. Without
# apt-get it says what to install, and the tests that need a missing binary skip
# saying why.
SYSDEPS := chromium poppler-utils fonts-liberation2 fonts-wqy-zenhei fonts-hosny-amiri libharfbuzz-subset0 \
  fonts-noto-core fonts-noto-cjk libreoffice-writer-nogui python3-uno
sysdeps:
	@missing=""; \
	for pkg in $(SYSDEPS); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	command -v chromium >/dev/null 2>&1 || case "$$missing" in *chromium*) ;; *) missing="$$missing chromium";; esac; \
	command -v pdftoppm >/dev/null 2>&1 || case "$$missing" in *poppler-utils*) ;; *) missing="$$missing poppler-utils";; esac; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "sysdeps: no apt-get here; please install:$$missing" >&2; exit 0; fi; \
	sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	echo "sysdeps: installing$$missing"; \
	$$sudo apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing

bench: dev
	$(BIN)/python benchmarks/run.py

# How each command grows with the negotiation: the corpus at x1, x2 and x4 (slow: minutes).
bench-scaling: dev
	$(BIN)/python benchmarks/scaling_bench.py

# Mutation testing of the domain modules (engine, consolidation, numbering, textdiff,
# provenance, proposers, validate rules) against the fast tests, with mutmut: slow
# (hours on two busy cores), never part of `make test`. One module at a time, each with
# the test files listed for it in pyproject.toml ([tool.poa.mutate]), one worker, at the
# lowest priority. `make mutate MODULE=domain.proposers` runs one module;
# `MUTANTS='poa_cli.domain.amend.x__overlap*'` only those mutants (a sample).
# Figures and the survivors: docs/mutation.md.
MUTATE_MODULES = domain.numbering domain.textdiff domain.consolidation domain.provenance \
  domain.proposers actions.validate domain.amend
mutate: dev
	for m in $(or $(MODULE),$(MUTATE_MODULES)); do \
	  POA_HYPOTHESIS_PROFILE=mutate nice -n 19 $(BIN)/python benchmarks/mutate.py $$m $(MUTANTS) || exit 1; \
	done
	$(BIN)/python benchmarks/mutation_summary.py --survivors

# The long fuzzing budget (3,000 examples a property; make test runs 100).
fuzz: dev
	POA_HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py \
	  tests/test_amend.py tests/test_textdiff.py tests/test_provenance.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache mutants mutation-results
