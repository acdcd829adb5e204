#!/usr/bin/env bash
# Runs every check of nnplay: formatting, lints, native tests (with doctests), the same
# tests in headless Chromium through wasm-bindgen-test, and the end-to-end page tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { echo; echo "==> $*"; }

step "wasm-bindgen CLI and crate versions agree"
crate=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
cli=$(wasm-bindgen --version | awk '{print $2}')
if [ "$crate" != "$cli" ]; then
  echo "wasm-bindgen crate $crate but CLI $cli: run scripts/setup.sh" >&2
  exit 1
fi
echo "wasm-bindgen $crate"

step "cargo fmt --check"
cargo fmt --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
step "cargo clippy, WebAssembly build"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

step "cargo doc (no warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

step "native tests (unit, integration, doctests)"
cargo test

step "browser tests (headless Chromium, wasm-bindgen-test)"
cargo test --target wasm32-unknown-unknown --tests

step "matrix kernels in the browser again, SIMD build (simd128)"
RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR=target/wasm-simd \
  cargo test --target wasm32-unknown-unknown --test kernels

step "matrix kernels in the browser again, relaxed-SIMD build (fused multiply-add)"
RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR=target/wasm-relaxed \
  cargo test --target wasm32-unknown-unknown --test kernels

if [ -f tests/e2e/run.mjs ]; then
  step "end-to-end page tests (headless Chromium, Playwright)"
  scripts/build-wasm.sh
  # The goal grammar and the lesson format, in node.
  node --test tests/js/ tests/learn/
  node tests/e2e/run.mjs
fi
echo
echo "All checks passed."
