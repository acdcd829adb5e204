#!/usr/bin/env bash
# Builds the WebAssembly module and its JavaScript bindings into www/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --lib --release --target wasm32-unknown-unknown
wasm-bindgen --target web --no-typescript --out-dir www/pkg \
  target/wasm32-unknown-unknown/release/nnplay.wasm
echo "build-wasm: www/pkg/nnplay_bg.wasm $(wc -c < www/pkg/nnplay_bg.wasm) bytes"
