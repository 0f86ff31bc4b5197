#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 and a free port.
#   scripts/pg-test-server.sh start DIR   prints the DATABASE_URL to use
#   scripts/pg-test-server.sh stop DIR
#   scripts/pg-test-server.sh halt DIR    stops the server, keeps DIR (fault tests)
# initdb refuses to run as root, so the server runs as the postgres user.
set -euo pipefail

action=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
start)
  mkdir -p "$dir/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_postgres "$bin/initdb" -D "$dir/data" -A trust -U gtec --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir/sock -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U gtec gtec_test
  echo "postgresql+psycopg://gtec@127.0.0.1:$port/gtec_test"
  ;;
halt)
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  ;;
stop)
  [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null || true
  rm -rf "$dir"
  ;;
esac
