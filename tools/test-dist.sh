#!/usr/bin/env bash
# make test-dist: the release tarball (make dist) built and installed into
# a fresh PostgreSQL 15 prefix -- a copy of the installed server without
# effcap, which PostgreSQL relocates to wherever it sits -- and the
# regression suite (pg_regress) run from the unpacked tarball against a
# cluster of that prefix.  Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^EXTVERSION = //p' Makefile)
tarball=effcap-$version.tar.gz
[ -f "$tarball" ] || { echo "test-dist: $tarball is missing: make dist" >&2; exit 1; }
work=$(mktemp -d /tmp/effcap-dist.XXXXXX)
chmod 755 "$work"				# the server runs as postgres
trap 'rm -rf "$work"' EXIT

# The fresh prefix: Debian's PostgreSQL 15 (server, headers, PGXS) copied,
# effcap's files removed.
pg=$work/pg
mkdir -p "$pg/usr/lib/postgresql" "$pg/usr/share/postgresql" "$pg/usr/include"
cp -a /usr/lib/postgresql/15 "$pg/usr/lib/postgresql/"
cp -a /usr/share/postgresql/15 "$pg/usr/share/postgresql/"
cp -a /usr/include/postgresql "$pg/usr/include/"
rm -f "$pg"/usr/share/postgresql/15/extension/effcap* "$pg/usr/lib/postgresql/15/lib/effcap.so"
pg_config=$pg/usr/lib/postgresql/15/bin/pg_config
[ "$("$pg_config" --sharedir)" = "$pg/usr/share/postgresql/15" ] ||
	{ echo "test-dist: the copied server does not relocate" >&2; exit 1; }

# The tarball, unpacked, built and installed there.
tar -xzf "$tarball" -C "$work"
src=$work/effcap-$version
[ -f "$src/META.json" ] && [ -f "$src/effcap.control" ] ||
	{ echo "test-dist: $tarball lacks META.json or effcap.control at effcap-$version/" >&2; exit 1; }
make -s -C "$src" PG_CONFIG="$pg_config" with_llvm=no >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
make -s -C "$src" PG_CONFIG="$pg_config" with_llvm=no install >>"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
ls "$pg/usr/share/postgresql/15/extension/effcap--$version.sql" "$pg/usr/lib/postgresql/15/lib/effcap.so" >/dev/null
echo "effcap $version from $tarball installed into $pg"

# The regression suite of the tarball, against that server.
# (REGRESS set and empty: every file of the Makefile's REGRESS; TAP=none.)
cd "$src"
PG_CONFIG="$pg_config" tools/with-cluster.sh -- env PG_CONFIG="$pg_config" REGRESS= TAP=none tools/run-tests.sh |
	tee "$work/tests.out"
status=${PIPESTATUS[0]}
grep -qE '^[1-9][0-9]* passed, 0 failed$' "$work/tests.out" || status=1
exit "$status"
