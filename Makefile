# Dân vận khéo dashboard — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/warehouse.duckdb
SAMPLE := data/sample
PORT ?= 8501

.DEFAULT_GOAL := help
.PHONY: help setup sample load run test lint format bench clean i18n

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11+ needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime ## create .venv and install the pinned requirements

$(SAMPLE)/.done: $(VENV)/.runtime etl/sample.py $(wildcard etl/sample_data/*.json)
	rm -rf $(SAMPLE)
	$(PY) -m etl sample --out $(SAMPLE)
	touch $@

sample: $(SAMPLE)/.done ## generate the synthetic sample submissions (data/sample)

load: $(SAMPLE)/.done ## load the sample submissions into data/warehouse.duckdb
	$(PY) -m etl load --db $(DB) $(SAMPLE)

run: load ## set everything up and open the dashboard on the sample data
	$(PY) -m dvk.ui.serve --server.address localhost --server.port $(PORT)

test: lint ## the checks of `make lint`, then the whole test suite
	$(PY) -m pytest -q

lint: $(VENV)/.dev ## ruff check, ruff format check and the import contracts (pyproject.toml [tool.importlinter])
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

format: $(VENV)/.dev ## format the code with ruff
	$(PY) -m ruff format .

i18n: $(VENV)/.dev ## extract the messages from the code and update the vi/en catalogues (dvk/locales)
	$(VENV)/bin/pybabel extract -F babel.cfg -k t -k n:1,2 -k p:1c,2 --no-default-keywords --no-location \
		--sort-output --width 120 -o dvk/locales/dvk.pot .
	$(VENV)/bin/pybabel update -i dvk/locales/dvk.pot -d dvk/locales -D dvk --no-fuzzy-matching --ignore-obsolete \
		--width 120

bench: $(VENV)/.dev ## run the benchmarks (long; prints figures)
	$(PY) bench/bench_load.py

clean: ## remove the sample data and the warehouse (keeps .venv)
	rm -rf $(SAMPLE) data/warehouse.duckdb* data/rejects data/.readers

.PHONY: report bench-export
FROM ?= $(shell date +%Y)
TO ?= $(FROM)

report: load ## write the periodic Word report: make report FROM=2023 TO=2023 [UNIT=commune] [COMMUNES=14797,…] [OUT=bao-cao.docx]
	$(PY) -m dvk.report --from $(FROM) --to $(TO) --db $(DB) $(if $(OUT),--out $(OUT)) $(if $(UNIT),--unit $(UNIT)) $(if $(COMMUNES),--communes $(COMMUNES))

bench-export: $(VENV)/.dev ## time chart, table and report exports (needs chromium; prints figures)
	$(PY) bench/bench_export.py

.PHONY: bench-pages
bench-pages: $(VENV)/.dev ## page render times at 1×/100× and map time-to-interactive (needs chromium; ~6 min, more the first time)
	$(PY) bench/bench_pages.py --scales 1 100
