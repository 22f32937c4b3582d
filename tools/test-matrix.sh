#!/usr/bin/env bash
# The whole suite (pg_regress and pgTAP) against each server of the matrix
# (tools/on-server.sh says what each is):
#
#   tools/test-matrix.sh [SERVER...]   (default: 15 17-cassert 18-cassert 18-asan, or $MATRIX)
#
# Servers are built once and cached.  Ends with one line "servers: N passed,
# N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

servers=("$@")
[ ${#servers[@]} -gt 0 ] || read -r -a servers <<<"${MATRIX:-15 17-cassert 18-cassert 18-asan}"
passed=0
failed=0
for server in "${servers[@]}"; do
	echo "== PostgreSQL $server"
	start=$(date +%s)
	if tools/on-server.sh "$server" -- tools/run-tests.sh; then
		passed=$((passed + 1))
		echo "PostgreSQL $server: passed in $(( $(date +%s) - start )) s"
	else
		failed=$((failed + 1))
		echo "PostgreSQL $server: FAILED"
	fi
done
make -s clean >/dev/null
echo "servers: $passed passed, $failed failed"
[ "$failed" = 0 ]
