#!/usr/bin/env bash
# The whole suite, twice: on the embedded SQLite database, then on a
# throwaway PostgreSQL server. Fails when a run fails or collects no test.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Static analysis (bandit)"
.venv/bin/bandit -q -r app

pgdir=$(mktemp -d /tmp/gtec-pgtest.XXXXXX)
trap 'bash scripts/pg-test-server.sh stop "$pgdir"' EXIT
pg_url=$(bash scripts/pg-test-server.sh start "$pgdir")

run_suite() {
  local label=$1; shift
  echo "== Test suite on $label"
  set +e
  "$@" .venv/bin/python -m pytest "${PYTEST_ARGS[@]}"
  local status=$?
  set -e
  if [ $status -eq 5 ]; then echo "No test collected on $label: failing."; exit 1; fi
  [ $status -eq 0 ] || exit $status
}

PYTEST_ARGS=(${PYTEST_ADDOPTS_EXTRA:-} tests)
run_suite SQLite env -u TEST_DATABASE_URL
run_suite PostgreSQL env TEST_DATABASE_URL="$pg_url" GTEC_REQUIRE_POSTGRES=1
