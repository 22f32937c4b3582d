#!/usr/bin/env bash
# make test-clients: the client scenarios (test/clients/scenarios.json)
# through three real drivers -- pgJDBC (Debian's libpostgresql-jdbc-java),
# psycopg2 (Debian's python3-psycopg2) and node-postgres (pg from the npm
# registry, as pinned in test/clients/node/package-lock.json) -- against a
# throwaway cluster that listens on 127.0.0.1 (JDBC has no Unix sockets),
# loaded by test/clients/setup.sql.  Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	tools/install-deps.sh nodejs npm
fi
(cd test/clients/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
tools/with-cluster.sh --conf "listen_addresses=127.0.0.1" -- bash -c '
	set -e
	createdb clients
	PGDATABASE=clients psql -X -q -v ON_ERROR_STOP=1 -f test/clients/setup.sql >"$1/setup.out" 2>&1 ||
		{ cat "$1/setup.out"; exit 1; }
	export PGDATABASE=clients
	status=0
	for suite in jdbc psycopg node; do
		case $suite in
		jdbc) cmd=(java -cp /usr/share/java/postgresql.jar test/clients/jdbc/Suite.java test/clients/scenarios.json) ;;
		psycopg) cmd=(/usr/bin/python3 test/clients/psycopg.py) ;;
		node) cmd=(node test/clients/node/suite.js) ;;
		esac
		timeout 600 "${cmd[@]}" >"$1/$suite.tap" 2>&1 || status=1
		ok=$(grep -cE "^ok [0-9]" "$1/$suite.tap" || true)
		bad=$(grep -cE "^not ok" "$1/$suite.tap" || true)
		echo "test/clients $suite: $ok ok, $bad not ok"
		grep -vE "^ok [0-9]" "$1/$suite.tap" | grep -vE "^1\.\.[0-9]+$" || true
	done
	exit $status' test-clients "$log" && status=0 || status=1
tools/tap-summary.sh "$status" "$log"/*.tap
