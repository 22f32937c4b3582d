#!/usr/bin/env bash
# Run every test against the server in the PG* environment: pg_regress
# (make installcheck) and pgTAP (pg_prove test/*.sql).  Prints the diffs of a
# failing regression run, and ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."

log=$(mktemp -d /tmp/effcap-tests.XXXXXX)
status=0

echo "== pg_regress"
make -s installcheck with_llvm=no >"$log/regress.out" 2>&1 || status=1
cat "$log/regress.out"
regress_ok=$(grep -Ec '^(test| ) .*\.\.\. ok' "$log/regress.out" || true)
regress_failed=$(grep -Ec '\.\.\. FAILED' "$log/regress.out" || true)
if [ -f regression.diffs ] && [ "$status" != 0 ]; then
	echo "== regression.diffs"
	cat regression.diffs
fi
if [ "$status" != 0 ] && [ "$regress_failed" = 0 ]; then
	regress_failed=1			# pg_regress itself failed
fi

echo "== pgTAP"
db=effcap_tap
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || status=1
PGDATABASE=$db pg_prove --verbose --failures test/*.sql >"$log/tap.out" 2>&1 || status=1
grep -Ev '^(ok|# )' "$log/tap.out" | grep -v '^\s*$' || true
tap_ok=$(grep -Ec '^\s*ok [0-9]+' "$log/tap.out" || true)
tap_failed=$(grep -Ec '^\s*not ok [0-9]+' "$log/tap.out" || true)
if [ "$status" != 0 ] && [ $((regress_failed + tap_failed)) = 0 ]; then
	tap_failed=1				# a test file died before its plan
fi
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null || true
rm -rf "$log"

echo "$((regress_ok + tap_ok)) passed, $((regress_failed + tap_failed)) failed"
exit $status
