#!/usr/bin/env bash
# The whole suite, twice: on the embedded SQLite database and on a throwaway
# PostgreSQL server, the two runs side by side (one per core; every test has
# its own database, folders and ports). Fails when a run fails or collects no test.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Static analysis (bandit)"
.venv/bin/bandit -q -r app

pgdir=$(mktemp -d /tmp/gtec-pgtest.XXXXXX)
logs=$(mktemp -d /tmp/gtec-testlogs.XXXXXX)
trap 'bash scripts/pg-test-server.sh stop "$pgdir"; rm -rf "$logs"' EXIT
pg_url=$(bash scripts/pg-test-server.sh start "$pgdir")

PYTEST_ARGS=(${PYTEST_ADDOPTS_EXTRA:-} tests)

# Runs pytest with the given environment into $logs/<label>.log; its status in .status.
run_suite() {
  local label=$1; shift
  set +e
  "$@" .venv/bin/python -m pytest "${PYTEST_ARGS[@]}" > "$logs/$label.log" 2>&1
  echo $? > "$logs/$label.status"
}

# Prints a run's output and fails on its failure, or when it collected no test.
report() {
  local label=$1 status
  echo "== Test suite on $label"
  cat "$logs/$label.log"
  status=$(cat "$logs/$label.status")
  if [ "$status" -eq 5 ]; then echo "No test collected on $label: failing."; return 1; fi
  return "$status"
}

run_suite SQLite env -u TEST_DATABASE_URL &
sqlite_pid=$!
run_suite PostgreSQL env TEST_DATABASE_URL="$pg_url" GTEC_REQUIRE_POSTGRES=1 &
postgres_pid=$!
wait "$sqlite_pid" "$postgres_pid"

failed=0
report SQLite || failed=1
report PostgreSQL || failed=1
exit $failed
