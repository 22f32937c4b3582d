#!/usr/bin/env bash
# Run every test against the server in the PG* environment: pg_regress
# (make installcheck), pgTAP (pg_prove test/*.sql) and the TAP checks of the
# distribution's files (prove test/*.t).  Prints the diffs of a
# failing regression run, and ends with one line "N passed, N failed".
# REGRESS and TAP in the environment (make test REGRESS=fcr_window, make test
# TAP=test/fcr.sql) name the only tests to run.
set -u
cd "$(dirname "$0")/.."

log=$(mktemp -d /tmp/effcap-tests.XXXXXX)
status=0

regress_files=${REGRESS-}
tap_files=${TAP-test/*.sql test/*.t}
if [ -n "${TAP-}" ] && [ -z "${REGRESS+set}" ]; then
	regress_files=none			# only the pgTAP files named
elif [ -n "${REGRESS-}" ] && [ -z "${TAP+set}" ]; then
	tap_files=""				# only the pg_regress files named
fi
[ "$tap_files" = none ] && tap_files=""	# TAP=none: pg_regress only

regress_ok=0
regress_failed=0
if [ "$regress_files" != none ]; then
	echo "== pg_regress"
	make -s installcheck with_llvm=no ${regress_files:+REGRESS="$regress_files"} >"$log/regress.out" 2>&1 || status=1
	cat "$log/regress.out"
	read -r regress_ok regress_failed < <(tools/count-regress.sh "$log/regress.out")
fi
if [ -f regression.diffs ] && [ "$status" != 0 ]; then
	echo "== regression.diffs"
	cat regression.diffs
fi
if [ "$status" != 0 ] && [ "$regress_failed" = 0 ]; then
	regress_failed=1			# pg_regress itself failed
fi

tap_ok=0
tap_failed=0
db=effcap_tap
if [ -n "$tap_files" ]; then
	echo "== pgTAP"
	PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || status=1
	sql_files=$(printf '%s\n' $tap_files | grep '\.sql$' || true)
	t_files=$(printf '%s\n' $tap_files | grep '\.t$' || true)
	[ -z "$sql_files" ] || PGDATABASE=$db pg_prove --verbose --failures $sql_files >"$log/tap.out" 2>&1 || status=1
	[ -z "$t_files" ] || prove --verbose $t_files >>"$log/tap.out" 2>&1 || status=1
	grep -Ev '^(ok|# )' "$log/tap.out" | grep -v '^\s*$' || true
	tap_ok=$(grep -Ec '^\s*ok [0-9]+' "$log/tap.out" || true)
	tap_failed=$(grep -Ec '^\s*not ok [0-9]+' "$log/tap.out" || true)
fi
if [ "$status" != 0 ] && [ $((regress_failed + tap_failed)) = 0 ]; then
	tap_failed=1				# a test file died before its plan
fi
PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null || true
rm -rf "$log"

echo "$((regress_ok + tap_ok)) passed, $((regress_failed + tap_failed)) failed"
exit $status
