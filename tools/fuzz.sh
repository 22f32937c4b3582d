#!/usr/bin/env bash
# make fuzz: every parser of effcap fuzzed (tools/fuzz.py) on the
# AddressSanitizer build of PostgreSQL 18 (tools/on-server.sh), or on
# $SERVER.  N inputs per parser (default 20000), SEED, ONLY (a regex of
# parser names); reproducers of findings go to fuzz-findings/ (or $REPRO).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! dpkg-query -W -f='${Status}' python3-psycopg2 2>/dev/null | grep -q 'install ok installed'; then
	if [ "$(id -u)" = "0" ]; then sudo=(); else sudo=(sudo); fi
	export DEBIAN_FRONTEND=noninteractive
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" apt-get install -y -qq --no-install-recommends python3-psycopg2 >/dev/null
fi
export REPRO=${REPRO:-$PWD/fuzz-findings}
exec tools/on-server.sh "${SERVER:-18-asan}" -- /usr/bin/python3 tools/fuzz.py "$@"
