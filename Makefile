# PetaRencana — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
APP    := $(VENV)/.app-terpasang
DEV    := $(VENV)/.dev-terpasang
PORT   ?= 8501
PORT_PUBLIK ?= 8502
# pytest workers: 2 by default (CI's machine has 2 cores); `make test N=1` for one process
N      ?= 2

.PHONY: setup setup-dev run public test test-fast lint tipe demo bench kunci clean

# The app alone (requirements.txt, generated from pyproject.toml): what `make run` needs.
$(APP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

# Plus the test and lint tools (requirements-dev.txt).
$(DEV): $(APP) requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

setup: $(APP)
setup-dev: $(DEV)

## run: set up, build the demo database if there is none, start the app on localhost
run: setup
	$(PY) -m pipelines siapkan
	$(PY) -m pages --server.port $(PORT)

## public: the read-only public Lacak Usulan app on its own port (PORT_PUBLIK, default 8502); no login, no write
public: setup
	$(PY) -m pipelines siapkan
	$(PY) -m pages.publik --server.port $(PORT_PUBLIK)

## test: lint, type-check the domain and store layers, then the whole suite in tiers
## (browser and real-data tests skip with a reason when Chromium or ../shared/data are
## absent, except under CI=true)
test: setup-dev lint tipe
	$(PY) -m pytest -n $(N)

## test-fast: unit and page (AppTest) tests only — the everyday tier, under 2 minutes
test-fast: setup-dev
	$(PY) -m pytest -n $(N) -m "not browser and not real and not lambat"

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

tipe: setup-dev
	$(PY) -m mypy

demo: setup
	$(PY) -m pipelines demo

bench: setup
	$(PY) benchmarks/bench_fondasi.py

## kunci: regenerate the locks from pyproject.toml (keeps current pins unless asked to upgrade)
kunci: setup-dev
	$(PY) -m piptools compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-header \
		-o requirements.txt pyproject.toml
	$(PY) -m piptools compile -q --strip-extras --no-emit-index-url --no-emit-find-links --no-header \
		--extra dev -o requirements-dev.txt pyproject.toml

clean:
	rm -rf $(VENV) static .pytest_cache .ruff_cache .mypy_cache
