# nnplay: `make serve` builds and serves the playground; `make test` runs every check.
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
