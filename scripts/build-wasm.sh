#!/usr/bin/env bash
# Builds the WebAssembly modules with their JavaScript bindings:
#   nnplay.js / nnplay_bg.wasm            the whole API (engine + DataTable: CSV import,
#                                         column detection, cross-validation)
#   nnplay_core.js / nnplay_core_bg.wasm  the engine alone (models, training, metrics, model
#                                         files, 2-D sets, predictions on raw rows), small
#                                         enough to start training fast
# each twice: www/pkg/ with 128-bit SIMD (simd128), www/pkg-scalar/ for engines without it.
# www/engine/load.js picks the build at load time. SIMD and scalar keep their own target
# directories, so neither invalidates the other.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

build() { # build <out dir> <target dir> <rustflags> <out name> [cargo flags]
  local out=$1 target=$2 flags=$3 name=$4
  shift 4
  RUSTFLAGS="$flags" CARGO_TARGET_DIR="$target" \
    cargo build --lib --release --target wasm32-unknown-unknown "$@"
  # Without the function-name section (a debugging aid): smaller download.
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name "$name" \
    "$target/wasm32-unknown-unknown/release/nnplay.wasm"
  echo "build-wasm: $out/${name}_bg.wasm $(wc -c < "$out/${name}_bg.wasm") bytes," \
    "$(gzip -9c "$out/${name}_bg.wasm" | wc -c) gzipped"
}

simd="-C target-feature=+simd128"
build www/pkg target/wasm-simd "$simd" nnplay_core --no-default-features
build www/pkg target/wasm-simd "$simd" nnplay
build www/pkg-scalar target "${RUSTFLAGS:-}" nnplay_core --no-default-features
build www/pkg-scalar target "${RUSTFLAGS:-}" nnplay
