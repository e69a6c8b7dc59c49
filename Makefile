# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE ?= 1

.PHONY: run test test-fast reliability bench eval lint clean

# uv installs in under a minute what pip took three and a half for. It reads no pip.conf, so torch, installed
# first and pinned (an unpinned torch pulls a multi-GB CUDA build), comes from the machine's wheel folder when
# it has one, else through pip and whatever the machine configured for it.
WHEELS ?= /opt/wheels
UV     := $(BIN)/uv pip install --quiet --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install --quiet uv

$(VENV)/.stamp-app: pyproject.toml | $(BIN)/uv
	if [ -d $(WHEELS) ]; then $(UV) --find-links $(WHEELS) torch==2.13.0; else $(BIN)/pip install --quiet torch==2.13.0; fi
	$(UV) -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml $(VENV)/.stamp-app
	$(UV) -e '.[test]'
	touch $@

# Debian's Chromium and a CJK font for the browser tests (Playwright must not download a browser).
.PHONY: browser
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei'; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

run: $(VENV)/.stamp-app
	$(BIN)/gongkai --data $(DATA) ingest samples/zhongwei-kjj-2024.txt
	$(BIN)/gongkai --data $(DATA) serve --host 127.0.0.1 --port 7860

# Two workers, a test file to each at a time (module fixtures stay shared); the slowest tests are listed.
test: $(VENV)/.stamp-test browser
	$(BIN)/python -m pytest -q -p xdist -n 2 --dist loadfile --durations=25

# The unit and small end-to-end tests, under a minute: no subprocess CLI runs, OCR, whole-set evals,
# reliability suites or browser (`make test` runs those too).
test-fast: $(VENV)/.stamp-test
	$(BIN)/python -m pytest -q -p xdist -n 2 -m "not slow and not browser"

reliability: $(VENV)/.stamp-test
	$(BIN)/python -m pytest -q tests/reliability --full

bench: $(VENV)/.stamp-app
	$(BIN)/gongkai bench

eval: $(VENV)/.stamp-app
	$(BIN)/gongkai eval --reports ../shared/reports --qa ../shared/eval/qa.jsonl --out eval-out --baseline

clean:
	rm -rf $(VENV) $(DATA)
