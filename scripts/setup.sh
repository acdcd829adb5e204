#!/usr/bin/env bash
# Installs what nnplay's build and tests need, skipping whatever is already present.
# Safe to run again and again; `make serve` and `make test` call it first.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "setup: cannot read the pinned wasm-bindgen version from Cargo.toml" >&2
  exit 1
fi

export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if ! command -v cargo >/dev/null 2>&1; then
  say "installing Rust (rustup)"
  if ! command -v curl >/dev/null 2>&1; then apt_install curl ca-certificates; fi
  curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component rustfmt,clippy
fi


if ! rustup component list --installed 2>/dev/null | grep -q '^rustfmt'; then
  say "adding rustfmt"; rustup component add rustfmt
fi
if ! rustup component list --installed 2>/dev/null | grep -q '^clippy'; then
  say "adding clippy"; rustup component add clippy
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/chromedriver ] || need_apt+=(chromium-driver)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing ${need_apt[*]}"
  apt_install "${need_apt[@]}"
fi

stamp=node_modules/.nnplay-installed
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  mkdir -p node_modules && touch "$stamp"
fi
# Keras 3 on JAX runs the page's exported scripts in the end-to-end tests.
venv_stamp=.venv/.nnplay-installed
if [ ! -f "$venv_stamp" ] || [ tests/e2e/requirements.txt -nt "$venv_stamp" ]; then
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  say "installing Keras 3 and JAX into .venv (tests/e2e/requirements.txt)"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
  touch "$venv_stamp"
fi
say "ready"
