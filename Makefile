# newsprism: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BENCH_DATA ?= ../shared/benchmarks
CHROMIUM ?= chromium

.PHONY: install demo test pytest lint bench train clean screenshot

# torch goes in first, pinned: that resolves to the local CPU wheel. An unpinned torch
# (asked for by sentence-transformers) would pull several GB of CUDA packages.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	HF_HUB_OFFLINE=1 $(BIN)/newsprism demo --html brief.html

test: install lint pytest

pytest: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check newsprism tests bench tools
	$(BIN)/ruff format --check newsprism tests bench tools
	$(BIN)/mypy

bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python bench/extraction.py $(BENCH_DATA)/article-extraction-benchmark
	HF_HUB_OFFLINE=1 $(BIN)/python bench/extraction_quality.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/throughput.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/stories.py $(BENCH_DATA)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/dedup_scale.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/fnc1.py $(BENCH_DATA)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/judge_speed.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/summedits.py $(BENCH_DATA)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/verify_speed.py

# Retrain the built-in judge (FNC-1 training split + generated perturbations); writes
# newsprism/nli/weights/judge.npz and judge.json (data hashes, seed, metrics).
train: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m newsprism.nli.train $(BENCH_DATA)

# docs/brief-sample.png (the top), docs/brief-charts.png (timeline and sources) and
# docs/brief-people-sample.png (people, who said what): the demo's brief.html (rebuilt when
# missing or older than the code or the sample corpus) in headless Chromium.
screenshot: install
	@if [ ! -f brief.html ] || [ -n "$$(find newsprism examples -type f ! -name '*.pyc' -newer brief.html | head -n 1)" ]; then \
		HF_HUB_OFFLINE=1 $(BIN)/newsprism demo --html brief.html; \
	fi
	CHROMIUM=$(CHROMIUM) $(BIN)/python tools/screenshot.py brief.html docs/brief-sample.png
	CHROMIUM=$(CHROMIUM) $(BIN)/python tools/screenshot.py brief.html docs/brief-charts.png \
		--sections timeline sources --size 1200,3000
	CHROMIUM=$(CHROMIUM) $(BIN)/python tools/screenshot.py brief.html docs/brief-people-sample.png \
		--sections entities who-said-what --size 1200,2400

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache brief.html newsprism.db
