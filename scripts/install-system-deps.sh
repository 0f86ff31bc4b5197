#!/usr/bin/env bash
# Install the Debian packages the test suite needs (venv, Chromium, PostgreSQL,
# nginx, redis-server) when they are missing. Needs root, or sudo. The tests start their own
# nginx on 127.0.0.1 (tests/holds/test_slow_clients.py): the service Debian
# starts on installing the package is stopped and disabled; likewise
# redis-server (tests/tasks/test_redis.py starts its own on a free port).
set -euo pipefail

missing=()
python3 -c "import ensurepip" 2>/dev/null || missing+=(python3-venv)
command -v chromium >/dev/null || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${missing[*]} from Debian…"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null \
    && systemctl is-active --quiet nginx 2>/dev/null; then
  $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v systemctl >/dev/null \
    && systemctl is-active --quiet redis-server 2>/dev/null; then
  $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
fi
