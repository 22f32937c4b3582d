#!/usr/bin/env bash
# The pg_regress suite with the server under valgrind's memcheck: every
# backend (and parallel worker) runs under it, each writes a log, and the
# run fails when any error report has a frame in effcap.  PostgreSQL's
# own reports (a Debian build has no valgrind annotations: uninitialised
# padding written to WAL, the dynamic loader) are counted but not judged.
#
#   make valgrind           (about a minute here; the pgTAP suite takes far longer)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

dir=$(mktemp -d /tmp/effcap-valgrind.XXXXXX)
mkdir -p "$dir/log"
chmod 755 "$dir"
chmod 777 "$dir/log"
bindir=$(pg_config --bindir)
cat >"$dir/postgres" <<WRAP
#!/bin/sh
exec valgrind --quiet --trace-children=yes --error-limit=no --leak-check=no --num-callers=30 \\
	--log-file=$dir/log/%p.log $bindir/postgres "\$@"
WRAP
chmod 755 "$dir/postgres"

# JIT off: loading llvmjit only adds the loader's reports.
status=0
tools/with-cluster.sh --postgres "$dir/postgres" --conf jit=off -- \
	make -s installcheck with_llvm=no || status=$?

logs=$(ls "$dir/log" | wc -l)
reports=$(cat "$dir"/log/*.log 2>/dev/null | grep -cE '^==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Source and destination|Mismatched)' || true)
# A frame of ours names our source file (effcap.so is built with -g), or
# the library when the debug information is missing.
sources=$(cd src && ls *.c *.h | sed 's/\./\\./' | paste -sd '|')
frame="\\(($sources):[0-9]+\\)|effcap\\.so"
ours=$(grep -lE "$frame" "$dir"/log/*.log 2>/dev/null || true)
echo "valgrind: $logs process logs, $reports error reports in all"
if [ -n "$ours" ]; then
	echo "valgrind: reports with a frame in effcap.so, in:" $ours
	cat $ours | head -200
	exit 1
fi
echo "valgrind: none in effcap.so"
[ "$status" = 0 ] || { echo "the regression suite failed under valgrind" >&2; exit "$status"; }
rm -rf "$dir"
