#!/usr/bin/env bash
# The distributed tests, against the cluster of tools/with-citus.sh: joins
# the workers to the coordinator, creates effcap and pgTAP on the
# coordinator (Citus creates them on the workers), runs pg_prove on
# test/distributed/*.sql, and ends with one line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
export PGDATABASE=postgres
log=$(mktemp -d /tmp/effcap-dist.XXXXXX)
trap 'rm -rf "$log"' EXIT

setup() {
	local port
	for port in "$CITUS_WORKER1_PORT" "$CITUS_WORKER2_PORT"; do
		psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -c "CREATE EXTENSION citus" || return 1
	done
	psql -X -q -v ON_ERROR_STOP=1 <<-SQL
		CREATE EXTENSION citus;
		SELECT citus_set_coordinator_host('127.0.0.1', $PGPORT);
		SELECT citus_add_node('127.0.0.1', $CITUS_WORKER1_PORT);
		SELECT citus_add_node('127.0.0.1', $CITUS_WORKER2_PORT);
		CREATE EXTENSION effcap;
		CREATE EXTENSION pgtap;
	SQL
}
if ! setup >"$log/setup.out" 2>&1; then
	cat "$log/setup.out"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "Citus $(psql -X -tAc "SELECT extversion FROM pg_extension WHERE extname = 'citus'"), coordinator and 2 workers;" \
	"effcap $(psql -X -tAc "SELECT extversion FROM pg_extension WHERE extname = 'effcap'") on each:" \
	"$(psql -X -tAc "SELECT string_agg(DISTINCT result, ', ') FROM run_command_on_workers(\$\$SELECT extversion FROM pg_extension WHERE extname = 'effcap'\$\$)")"

status=0
pg_prove -v ${DIST_TAP:-test/distributed/*.sql} >"$log/tap.out" 2>&1 || status=1
if [ "$status" != 0 ]; then
	cat "$log/tap.out"
else
	grep -E '^(test/|Files=|Result:)' "$log/tap.out"
fi
ok=$(grep -cE '^ *ok [0-9]' "$log/tap.out" || true)
failed=$(grep -cE '^ *not ok [0-9]' "$log/tap.out" || true)
[ "$status" != 0 ] && [ "$failed" = 0 ] && failed=1
echo "$ok passed, $failed failed"
exit $status
