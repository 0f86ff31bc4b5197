#!/usr/bin/env bash
# Install the Debian packages the test suite needs (venv, Chromium, PostgreSQL)
# when they are missing. Needs root, or sudo.
set -euo pipefail

missing=()
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${missing[*]} from Debian…"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
