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
	$(BIN)/ruff check newsprism tests bench
	$(BIN)/ruff format --check newsprism tests bench
	$(BIN)/mypy

bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python bench/extraction.py $(BENCH_DATA)/article-extraction-benchmark
	HF_HUB_OFFLINE=1 $(BIN)/python bench/extraction_quality.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/throughput.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/stories.py $(BENCH_DATA)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/dedup_scale.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/fnc1.py $(BENCH_DATA)
	HF_HUB_OFFLINE=1 $(BIN)/python bench/judge_speed.py

# Retrain the built-in judge (FNC-1 training split + generated perturbations); writes
# newsprism/nli/weights/judge.npz and judge.json (data hashes, seed, metrics).
train: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m newsprism.nli.train $(BENCH_DATA)

# docs/brief-sample.png (the top) and docs/brief-charts.png (timeline and sources): the
# demo's brief.html (rebuilt when missing or older than the code
# or the sample corpus) in headless Chromium, as a reader would see it.
screenshot: install
	@if [ ! -f brief.html ] || [ -n "$$(find newsprism examples -type f ! -name '*.pyc' -newer brief.html | head -n 1)" ]; then \
		HF_HUB_OFFLINE=1 $(BIN)/newsprism demo --html brief.html; \
	fi
	$(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--window-size=1200,2400 --screenshot=docs/brief-sample.png file://$(CURDIR)/brief.html
	$(BIN)/python -c "import pathlib, sys; page = pathlib.Path('brief.html').read_text(encoding='utf-8'); \
		hide = '<style>header, .lede, section:not(#timeline):not(#sources) {display: none !important}</style>'; \
		pathlib.Path('brief-charts.html').write_text(page.replace('</head>', hide + '</head>', 1), encoding='utf-8')"
	$(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--window-size=1200,3000 --screenshot=docs/brief-charts.png file://$(CURDIR)/brief-charts.html
	rm -f brief-charts.html

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache brief.html brief-charts.html newsprism.db
