#!/usr/bin/env bash
# Run a command against a throwaway Citus cluster: a coordinator and two
# workers, each a throwaway cluster of tools/with-cluster.sh (started as the
# postgres user, stopped and removed afterwards) with Citus preloaded and
# listening on loopback.  COMMAND sees the coordinator through PGHOST /
# PGPORT and the workers' ports as CITUS_WORKER1_PORT and
# CITUS_WORKER2_PORT (host 127.0.0.1).  The nodes are not joined yet:
# tools/run-distributed.sh does that, as a user would.
#
#   tools/with-citus.sh -- COMMAND...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 -- COMMAND..." >&2; exit 2; }

# Node-to-node connections are plain TCP on loopback (no certificates).
conf=(--conf shared_preload_libraries=citus --conf listen_addresses=127.0.0.1
	--conf citus.node_conninfo=sslmode=disable --conf max_worker_processes=16)

# Each with-cluster.sh exports its own PGPORT: remember a worker's before
# the next cluster starts.
"$here/with-cluster.sh" "${conf[@]}" -- \
	bash -c 'export CITUS_WORKER1_PORT=$PGPORT; exec "$@"' worker1 \
	"$here/with-cluster.sh" "${conf[@]}" -- \
	bash -c 'export CITUS_WORKER2_PORT=$PGPORT; exec "$@"' worker2 \
	"$here/with-cluster.sh" "${conf[@]}" -- "$@"
