#!/usr/bin/env bash
# make install, as whoever can: root (or a user who can write PostgreSQL's
# directories) directly; another user through sudo, or not at all when the
# same version is installed already (same control and SQL files: the library
# is then left as it is, since two builds of the same code differ in bytes).
#
#   tools/install-ext.sh FILE...     (the files make install copies)
#
# PG_CONFIG in the environment names the server to install into (PostgreSQL
# 15's by default).
set -euo pipefail
cd "$(dirname "$0")/.."
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
pkglibdir=$($pg_config --pkglibdir)
extdir=$($pg_config --sharedir)/extension

if [ "$(id -u)" = 0 ] || [ -w "$pkglibdir" ]; then
	exec make install with_llvm=no PG_CONFIG="$pg_config"
fi
same=1
[ -f "$pkglibdir/effcap.so" ] || same=0
for f in "$@"; do
	cmp -s "$f" "$extdir/$(basename "$f")" || same=0
done
if [ "$same" = 1 ]; then
	echo "effcap is installed already with this checkout's control and SQL files (library not replaced: that needs root)."
	exit 0
fi
if command -v sudo >/dev/null; then
	exec sudo make install with_llvm=no PG_CONFIG="$pg_config"
fi
echo "Installing effcap into PostgreSQL needs root: run 'make install' as root, then this again." >&2
exit 1
