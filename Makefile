# coldtrace: `make demo` runs the whole system, `make test` runs the tests. Both set up everything
# they need on a fresh Debian machine (Python environment, private services under .state/).

SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PY := .venv/bin/python

.PHONY: bootstrap stack-up stack-down test-tools test demo check format bench-ingest bench-llrp-sim bench-rfid bench-trace bench-excursion bench-ui

bootstrap:
	@scripts/bootstrap

stack-up:
	@scripts/stack up

stack-down:
	@scripts/stack down

test-tools:
	@scripts/stack test-tools

test: bootstrap stack-up test-tools
	@set -a && source .state/stack.env && set +a && $(PY) -m pytest $(PYTEST_ARGS)

demo: bootstrap stack-up
	@set -a && source .state/stack.env && set +a && $(PY) scripts/demo.py

check: bootstrap
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy protocol/coldtrace_protocol edge/coldtrace_edge cloud/coldtrace_cloud firmware-sim/coldtrace_sim scripts/devstack scripts/demo.py tests bench

format: bootstrap
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench-llrp-sim: bootstrap
	$(PY) bench/llrp_sim.py

bench-ingest: bootstrap stack-up
	@set -a && source .state/stack.env && set +a && PYTHONPATH=scripts $(PY) bench/ingest.py $(BENCH_ARGS)

bench-trace: bootstrap stack-up
	@set -a && source .state/stack.env && set +a && $(PY) bench/trace.py $(BENCH_ARGS)

bench-excursion: bootstrap stack-up
	@set -a && source .state/stack.env && set +a && PYTHONPATH=scripts $(PY) bench/excursion.py $(BENCH_ARGS)

bench-ui: bootstrap stack-up
	@set -a && source .state/stack.env && set +a && PYTHONPATH=scripts $(PY) bench/ui.py $(BENCH_ARGS)

bench-rfid: bootstrap stack-up
	@set -a && source .state/stack.env && set +a && PYTHONPATH=scripts $(PY) bench/rfid.py $(BENCH_ARGS)
