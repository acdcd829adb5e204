# nnplay: `make serve` builds and serves the playground; `make test` runs every check;
# `make bench` races nnplay against its JavaScript peers in headless Chromium
# (options: `make bench BENCH_ARGS="--runs 5 --workloads W3"`, see tests/bench/run.mjs).
# Both install whatever is missing first (scripts/setup.sh) and skip what is present.
.PHONY: serve test bench setup wasm

serve: setup wasm
	python3 scripts/serve.py 8080 www

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh

wasm:
	scripts/build-wasm.sh

bench: setup wasm
	node tests/bench/run.mjs $(BENCH_ARGS)
