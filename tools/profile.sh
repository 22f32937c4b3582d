#!/usr/bin/env bash
# Where one query's time goes: runs it (EXPLAIN ANALYZE) in a backend of the
# server in the PG* environment, records that backend with perf, and prints
# the execution time, the busiest functions and the share of each library.
# With -w N the query may use N parallel workers; only the leader is
# recorded.  The database is the benchmark's, or PROFILE_DB.
#
#   make profile SQL="SELECT ..."     (the benchmark's cluster and settings)
#   tools/profile.sh [-w N] "SELECT ..."   (any server in the PG* environment)
set -euo pipefail

workers=0
if [ "${1:-}" = "-w" ]; then
	workers=$2
	shift 2
fi
sql=${1:-${SQL:-}}
[ -n "$sql" ] || { echo "usage: tools/profile.sh [-w WORKERS] SQL  (or SQL in the environment)" >&2; exit 1; }
export PGDATABASE=${PROFILE_DB:-effcap_bench}
command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 1; }

dir=$(mktemp -d)
trap 'if [ -n "${KEEP_PERF:-}" ]; then cp "$dir/perf.data" "$KEEP_PERF"; fi; rm -rf "$dir"' EXIT
marker="effcap_profile_$$"

# One run first, so the profile sees a warm cache; then the recorded run,
# which waits a second before the query, long enough to attach.
psql -X -q -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = $workers" \
	-c "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) $sql" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = $workers" \
	-c "SELECT pg_sleep(1), '$marker'" -c "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) $sql" >"$dir/plan" &
query=$!
pid=
for _ in $(seq 50); do
	pid=$(psql -X -tAc "SELECT pid FROM pg_stat_activity WHERE query LIKE '%$marker%' AND pid <> pg_backend_pid()" | sed -n 1p)
	[ -n "$pid" ] && break
	sleep 0.05
done
[ -n "$pid" ] || { echo "the query's backend did not show up" >&2; exit 1; }
perf record -F 1999 -g -o "$dir/perf.data" -p "$pid" >/dev/null 2>&1 &
recorder=$!
wait "$query"
kill -INT "$recorder"
wait "$recorder" || true

grep 'Execution Time' "$dir/plan"
echo "busiest functions (share of the backend's samples):"
perf report -i "$dir/perf.data" --no-children --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | sed -n 1,${TOP:-15}p
echo "by library:"
perf report -i "$dir/perf.data" --no-children --stdio -g none --sort dso 2>/dev/null | grep -E '^ +[0-9]'
