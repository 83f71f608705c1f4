#!/usr/bin/env bash
# Installs what building and testing Yiwang needs, from the package registries only (crates.io,
# npm, Debian apt). Idempotent: a second run finds everything in place and does nothing.
#   scripts/setup.sh          what building and running needs
#   scripts/setup.sh --test   also Chromium + chromedriver and a running PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
say() { printf '\033[1;34msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v cargo >/dev/null || { echo "setup: Rust is needed (https://rustup.rs, or the machine's rustup)" >&2; exit 1; }

# The browser bundle is compiled for wasm32.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-opt from the npm package binaryen (pinned; Debian's binaryen 108 breaks hydration).
BINARYEN_VERSION=132.0.0
if [ ! -x .tools/node_modules/.bin/wasm-opt ] || ! grep -q "\"version\": \"$BINARYEN_VERSION\"" .tools/node_modules/binaryen/package.json 2>/dev/null; then
  if ! command -v npm >/dev/null; then say "installing Node.js and npm (Debian)"; apt_install nodejs npm; fi
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION" >/dev/null
fi

if [ "$want_test" = 1 ]; then
  # axe-core (npm) for the browser tests' accessibility check (injected into each page).
  AXE_VERSION=4.10.3
  if ! grep -q "\"version\": \"$AXE_VERSION\"" .tools/node_modules/axe-core/package.json 2>/dev/null; then
    if ! command -v npm >/dev/null; then say "installing Node.js and npm (Debian)"; apt_install nodejs npm; fi
    say "installing axe-core@$AXE_VERSION (npm) into .tools/"
    mkdir -p .tools
    npm install --prefix .tools --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
  fi
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and chromedriver (Debian)"
    apt_install chromium chromium-driver
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if [ -d /etc/postgresql ]; then
      say "starting PostgreSQL"
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    else
      say "installing PostgreSQL (Debian)"
      apt_install postgresql
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "setup: PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
  # A real SMTP server for the test of the e-mail channel (PyPI: aiosmtpd), in .tools/venv.
  if [ ! -x .tools/venv/bin/python ] || ! .tools/venv/bin/python -c "import aiosmtpd" 2>/dev/null; then
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c "import ensurepip" 2>/dev/null; then
      say "installing python3-venv (Debian)"; apt_install python3-venv
    fi
    say "installing aiosmtpd (PyPI) into .tools/venv"
    mkdir -p .tools
    python3 -m venv .tools/venv
    .tools/venv/bin/pip install -q --disable-pip-version-check "aiosmtpd==1.4.6"
  fi
fi
say "ready"
