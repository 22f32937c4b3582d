#!/usr/bin/env bash
# Run a command against three throwaway servers on loopback: a coordinator
# and two nodes (Citus workers, or postgres_fdw shards), each a throwaway
# cluster of tools/with-cluster.sh (started as the postgres user, stopped
# and removed afterwards).  COMMAND sees the coordinator through PGHOST /
# PGPORT and the two nodes' ports as NODE1_PORT and NODE2_PORT (host
# 127.0.0.1).  With --citus every server preloads Citus.  Nothing is joined
# yet: the test runners do that, as a user would.
#
#   tools/with-nodes.sh [--citus] -- COMMAND...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
conf=(--conf listen_addresses=127.0.0.1)
if [ "${1:-}" = "--citus" ]; then
	# Node-to-node connections are plain TCP on loopback (no certificates).
	conf+=(--conf shared_preload_libraries=citus --conf citus.node_conninfo=sslmode=disable
		--conf max_worker_processes=16)
	shift
fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 [--citus] -- COMMAND..." >&2; exit 2; }

# Each with-cluster.sh exports its own PGPORT: remember a node's before the
# next server starts.
"$here/with-cluster.sh" "${conf[@]}" -- \
	bash -c 'export NODE1_PORT=$PGPORT; exec "$@"' node1 \
	"$here/with-cluster.sh" "${conf[@]}" -- \
	bash -c 'export NODE2_PORT=$PGPORT; exec "$@"' node2 \
	"$here/with-cluster.sh" "${conf[@]}" -- "$@"
