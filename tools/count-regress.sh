#!/usr/bin/env bash
# Count the passed and failed tests in pg_regress's output (a file or
# standard input) and print "PASSED FAILED".  pg_regress 15 prints
# "test name ... ok" (or "... FAILED"); 16 and later print TAP lines:
# "ok 3  - name  12 ms", and "not ok 4  + name  30 ms" in a parallel group.
set -euo pipefail
out=$(cat "${1:-/dev/stdin}")
ok=$(grep -Ec '^(test| ) .*\.\.\. ok|^ok +[0-9]+ +[-+] ' <<<"$out" || true)
failed=$(grep -Ec '\.\.\. FAILED|^not ok +[0-9]+ +[-+] ' <<<"$out" || true)
echo "$ok $failed"
