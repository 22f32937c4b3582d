#!/usr/bin/env bash
# make test-cron: doc/pipeline.md's pg_cron recipe with the real pg_cron
# (Debian's postgresql-15-cron) preloaded in a throwaway cluster
# (test/cron/cron.t).  Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
tools/with-cluster.sh --conf "shared_preload_libraries=pg_cron" --conf "cron.database_name=effcap_cron" \
	--conf "cron.use_background_workers=on" -- prove -v test/cron/cron.t >"$log" 2>&1 || status=1
if [ "$status" != 0 ]; then cat "$log"; else grep -E '^(test/|Files=|Result:)' "$log"; fi
tools/tap-summary.sh "$status" "$log"
