#!/usr/bin/env bash
# `make run`'s servers: gunicorn and the task consumer, started together and
# stopped together. When either ends (a crash, Ctrl-C, SIGTERM), the other is
# stopped too and the script exits with the first one's status.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-5000}
WORKERS=${WORKERS:-4}

"$BIN/flask" --app wsgi tasks consume &
consumer=$!
"$BIN/gunicorn" --config deploy/gunicorn.conf.py --workers "$WORKERS" \
    --bind "127.0.0.1:$PORT" --access-logfile - wsgi:app &
server=$!

stop() {
  trap - INT TERM
  kill -TERM "$server" 2>/dev/null
  kill -INT "$consumer" 2>/dev/null  # the consumer's graceful stop: running tasks finish
  wait "$server" "$consumer" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
wait -n "$server" "$consumer"
status=$?
stop
exit "$status"
