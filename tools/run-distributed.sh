#!/usr/bin/env bash
# The distributed tests, against the servers of tools/with-nodes.sh, and one
# line "N passed, N failed" at the end.
#
#   tools/run-distributed.sh citus   (servers started with --citus) joins the
#       workers to the coordinator, creates effcap and pgTAP on the
#       coordinator (Citus creates them on the workers) and runs
#       test/distributed/*.sql;
#   tools/run-distributed.sh citus-setup   only joins the nodes and creates
#       effcap (tools/bench-distributed.sh);
#   tools/run-distributed.sh fdw     creates effcap and pgTAP on the
#       coordinator and runs test/fdw/*.sql, which shard by hand over the
#       two other servers with postgres_fdw.
set -u
cd "$(dirname "$0")/.."
mode=${1:?usage: tools/run-distributed.sh citus|fdw}
export PGDATABASE=postgres
log=$(mktemp -d /tmp/effcap-dist.XXXXXX)
trap 'rm -rf "$log"' EXIT

setup_citus() {
	local port
	for port in "$NODE1_PORT" "$NODE2_PORT"; do
		psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -c "CREATE EXTENSION citus" || return 1
	done
	psql -X -q -v ON_ERROR_STOP=1 <<-SQL
		CREATE EXTENSION citus;
		SELECT citus_set_coordinator_host('127.0.0.1', $PGPORT);
		SELECT citus_add_node('127.0.0.1', $NODE1_PORT);
		SELECT citus_add_node('127.0.0.1', $NODE2_PORT);
		CREATE EXTENSION effcap;
		CREATE EXTENSION pgtap;
	SQL
}
setup_fdw() {
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION effcap" -c "CREATE EXTENSION pgtap"
}

case "$mode" in
	citus-setup)
		setup_citus
		exit $?
		;;
	citus)
		setup=setup_citus
		files=${DIST_TAP:-test/distributed/*.sql}
		;;
	fdw)
		setup=setup_fdw
		files=${DIST_TAP:-test/fdw/*.sql}
		;;
	*) echo "unknown mode $mode" >&2; exit 2 ;;
esac
if ! $setup >"$log/setup.out" 2>&1; then
	cat "$log/setup.out"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "$mode" = citus ]; then
	echo "== Citus $(psql -X -tAc "SELECT extversion FROM pg_extension WHERE extname = 'citus'"): a coordinator and 2 workers"
else
	echo "== postgres_fdw: a coordinator and 2 shards"
fi

# The SQL blocks of doc/scaling.md: those of its Citus part for
# test/distributed/scaling_doc.sql, the queries of its postgres_fdw part
# (not the server definitions, which name hosts of the page's example) for
# test/fdw/postgres_fdw.sql.
awk -v citus="$log/scaling_doc.sql" -v fdw="$log/scaling_fdw.sql" '
	/^## postgres_fdw/ { part = "fdw" }
	/^```sql$/ { on = 1; block = ""; next }
	/^```$/ && on {
		on = 0
		if (part == "fdw") { if (block !~ /CREATE SERVER/) printf "%s", block > fdw }
		else printf "%s", block > citus
		next
	}
	on { block = block $0 "\n" }' doc/scaling.md

status=0
# shellcheck disable=SC2086
pg_prove -v --set docsql="$log/scaling_doc.sql" --set docsql_fdw="$log/scaling_fdw.sql" \
	--set docout="$log/scaling_fdw.out" --set node1="$NODE1_PORT" --set node2="$NODE2_PORT" \
	$files >"$log/tap.out" 2>&1 || status=1
if [ "$status" != 0 ]; then
	cat "$log/tap.out"
else
	grep -E '^(test/|Files=|Result:)' "$log/tap.out"
fi
tools/tap-summary.sh "$status" "$log/tap.out"
