# PetaRencana — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.terpasang
PORT   ?= 8501

.PHONY: setup run test lint demo bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

## run: set up, build the demo database if there is none, start the app on localhost
run: setup
	$(PY) -m pipelines siapkan
	$(PY) -m pages --server.port $(PORT)

## test: set up and run the whole suite (browser and real-data tests skip with a reason
## when Chromium or ../shared/data are absent, except under CI=true)
test: setup
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check .

demo: setup
	$(PY) -m pipelines demo

bench: setup
	$(PY) benchmarks/bench_fondasi.py

clean:
	rm -rf $(VENV) static .pytest_cache .ruff_cache
