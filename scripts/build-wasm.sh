#!/usr/bin/env bash
# Builds the WebAssembly module with its JavaScript bindings, nnplay.js / nnplay_bg.wasm,
# three times: www/pkg-relaxed/ with relaxed SIMD's fused multiply-add besides 128-bit SIMD,
# www/pkg/ with 128-bit SIMD (simd128), www/pkg-scalar/ for engines without it.
# www/engine/load.js picks the build at load time. Each build keeps its own target
# directory, so none invalidates another.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

build() { # build <out dir> <target dir> <rustflags>
  local out=$1 target=$2 flags=$3
  RUSTFLAGS="$flags" CARGO_TARGET_DIR="$target" \
    cargo build --lib --profile wasm --target wasm32-unknown-unknown
  # Without the function-name section (a debugging aid): smaller download.
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$out" --out-name nnplay \
    "$target/wasm32-unknown-unknown/wasm/nnplay.wasm"
  # The bindings repeat every export's documentation as JSDoc; the API is documented in the
  # Rust docs and the README, so the copy in the download is dropped (a third of its size).
  node scripts/strip-doc-comments.mjs "$out/nnplay.js"
  echo "build-wasm: $out/nnplay_bg.wasm $(wc -c < "$out/nnplay_bg.wasm") bytes," \
    "$(gzip -9c "$out/nnplay_bg.wasm" | wc -c) gzipped"
}

# LLVM's inliner at 100 instead of 225 (opt-level 2's default): 8.7 KB (3 %) less gzipped,
# the same speed on the benchmark's workloads (the kernels' inner functions are
# `#[inline(always)]`).
SIZE="-C llvm-args=-inline-threshold=100"
build www/pkg-relaxed target/wasm-relaxed "-C target-feature=+simd128,+relaxed-simd $SIZE"
build www/pkg target/wasm-simd "-C target-feature=+simd128 $SIZE"
build www/pkg-scalar target "${RUSTFLAGS:-} $SIZE"
