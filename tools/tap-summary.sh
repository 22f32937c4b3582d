#!/usr/bin/env bash
# The last line of a test target: "N passed, N failed" from TAP output.
#
#   tools/tap-summary.sh STATUS FILE...
#
# counts the "ok N" and "not ok" lines of the files; a failing STATUS with
# no failed test (a suite that died before its plan) counts as one failure.
# Exits with STATUS.
status=$1
shift
ok=$(cat "$@" 2>/dev/null | grep -cE '^ *ok [0-9]' || true)
failed=$(cat "$@" 2>/dev/null | grep -cE '^ *not ok' || true)
[ "$status" != 0 ] && [ "$failed" = 0 ] && failed=1
echo "$ok passed, $failed failed"
exit "$status"
