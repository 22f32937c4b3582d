#!/usr/bin/env bash
# Run COMMAND against a throwaway cluster of one server of the test matrix,
# with effcap built for that server (-Werror) and installed into it:
#
#   tools/on-server.sh SERVER -- COMMAND...
#
#   SERVER  15          Debian 12's packaged PostgreSQL 15
#           18-cassert  PostgreSQL 18 from Debian's source package, with
#                       assertions (--enable-cassert --enable-debug: Assert(),
#                       memory context checks, freed and reset memory
#                       clobbered); built once by tools/pg-build.sh
#           18-asan     the same, compiled with AddressSanitizer
#           17-cassert  PostgreSQL 17 (17.11) as 18-cassert
#
# Fails when COMMAND fails, or when the server log shows what a client
# cannot see: an assertion failure, a sanitizer report, a memory-context
# warning, a backend that died (the log lines are printed).
set -uo pipefail
cd "$(dirname "$0")/.."

server=${1:?usage: tools/on-server.sh SERVER -- COMMAND...}
shift
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: tools/on-server.sh SERVER -- COMMAND..." >&2; exit 2; }

# AddressSanitizer in a server: no leak report (a backend leaves its memory
# to exit, by design), abort at the first error with its stack (the
# postmaster then logs the dead backend), and addresses not randomised
# (setarch -R): GCC 12's sanitizer cannot map its shadow memory on kernels
# that randomise mmap with more bits (vm.mmap_rnd_bits above 28).
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:print_stacktrace=1:disable_coredump=1:detect_stack_use_after_return=0"
run=()
case "$server" in
	15) pg_config=/usr/lib/postgresql/15/bin/pg_config ;;
	*-cassert|*-asan)
		prefix=$(tools/pg-build.sh "${server%-*}" "${server#*-}") || exit 1
		pg_config=$prefix/bin/pg_config
		[ "${server#*-}" = asan ] && run=(setarch "$(uname -m)" -R)
		;;
	*) echo "on-server: unknown server $server (15, 17-cassert, 18-cassert, 18-asan)" >&2; exit 2 ;;
esac
tools/install-deps.sh		# PostgreSQL 15 (its tools), pg_prove

log=$(mktemp)
# Objects built for another server must not stay for the next plain make.
trap 'rm -f "$log"; make -s clean >/dev/null 2>&1' EXIT
make -s clean >/dev/null
make -s PG_CONFIG="$pg_config" COPT="-Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers" \
	with_llvm=no >"$log" 2>&1 || { cat "$log"; echo "on-server: effcap does not build for PostgreSQL $server" >&2; exit 1; }
PG_CONFIG="$pg_config" tools/install-ext.sh effcap.control install/*.sql effcap--*.sql >"$log" 2>&1 ||
	{ cat "$log"; exit 1; }

export PG_CONFIG="$pg_config" PATH="$("$pg_config" --bindir):$PATH"
"${run[@]}" tools/with-cluster.sh -- bash -c '
	"$@"
	rc=$?
	tools/server-log-check.sh "$EFFCAP_CLUSTER_DIR/server.log" || rc=1
	exit $rc' on-server "$@"
