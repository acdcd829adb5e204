#!/usr/bin/env bash
# Builds the WebAssembly module twice, with its JavaScript bindings: www/pkg/ uses 128-bit
# SIMD (simd128), www/pkg-scalar/ runs on engines without it. www/engine/load.js picks one
# at load time. Each build keeps its own target directory, so neither invalidates the other.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

build() { # build <out dir> <target dir> <rustflags>
  RUSTFLAGS="$3" CARGO_TARGET_DIR="$2" \
    cargo build --lib --release --target wasm32-unknown-unknown
  # Without the function-name section (a debugging aid): smaller download.
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$1" \
    "$2/wasm32-unknown-unknown/release/nnplay.wasm"
  echo "build-wasm: $1/nnplay_bg.wasm $(wc -c < "$1/nnplay_bg.wasm") bytes," \
    "$(gzip -9c "$1/nnplay_bg.wasm" | wc -c) gzipped"
}

build www/pkg target/wasm-simd "-C target-feature=+simd128"
build www/pkg-scalar target "${RUSTFLAGS:-}"
