#!/usr/bin/env bash
# make test-report: the demo's HTML report on a small reference warehouse,
# opened in headless Chromium (Debian's chromium, driven by playwright-core
# as pinned in report/package-lock.json): it must run without a script
# error or a network request and draw every chart (report/check.js).  The
# screenshot is left in report/out/report-check.png for a person to look
# at.  Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	tools/install-deps.sh nodejs npm
fi
(cd report && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
mkdir -p report/out

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
status=0
tools/with-cluster.sh -- bash -c '
	set -e
	export PGOPTIONS="-c client_min_messages=warning"
	createdb report
	export PGDATABASE=report
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION effcap" -f warehouse/schema.sql \
		-c "SELECT warehouse.generate(96, 30, 30)" >"$1/setup.out" 2>&1 || { cat "$1/setup.out"; exit 1; }
	psql -X -q -v ON_ERROR_STOP=1 -v report_json="$1/report.json" -f warehouse/demo.sql >"$1/demo.out" 2>&1 ||
		{ cat "$1/demo.out"; exit 1; }
	node report/build.js "$1/report.json" "$1/report.html"
	node report/check.js "$1/report.html" report/out/report-check.png' test-report "$log" >"$log/tap" 2>&1 || status=1
cat "$log/tap"
tools/tap-summary.sh "$status" "$log/tap"
