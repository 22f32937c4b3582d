#!/usr/bin/env bash
# The demo: load a month of the reference call warehouse into database
# effcap_demo, score it with effcap, and print the report.  Runs against the
# server in the PG* environment (tools/with-cluster.sh provides one).  One
# progress line per step, then the report; a failing step prints its output.
set -euo pipefail
cd "$(dirname "$0")/.."

db=${DEMO_DB:-effcap_demo}
agents=${DEMO_AGENTS:-660}
days=${DEMO_DAYS:-30}
per_day=${DEMO_CONTACTS_PER_DAY:-50}

export PGOPTIONS="-c client_min_messages=warning -c warehouse.progress=on"
tools/step.sh "Creating database $db with effcap and the warehouse schema" \
	sh -c "psql -X -q -v ON_ERROR_STOP=1 -d postgres -c 'DROP DATABASE IF EXISTS $db' -c 'CREATE DATABASE $db' &&
	       psql -X -q -v ON_ERROR_STOP=1 -d $db -c 'CREATE EXTENSION effcap' -f warehouse/schema.sql"
export PGDATABASE=$db

tools/step.sh "Generating the reference warehouse: $agents agents x $days days x ~$per_day contacts" \
	psql -X -q -v ON_ERROR_STOP=1 -c "SELECT warehouse.generate($agents, $days, $per_day)"
psql -X -q -At -c "SELECT format('  %s contacts of %s customers; %s agents in %s teams and %s centers',
    (SELECT count(*) FROM warehouse.contacts), (SELECT count(*) FROM warehouse.customers),
    (SELECT count(*) FROM warehouse.agents), (SELECT count(*) FROM warehouse.teams),
    (SELECT count(*) FROM warehouse.centers))"

report=$(mktemp /tmp/effcap-demo.XXXXXX)
json=$(mktemp /tmp/effcap-demo-json.XXXXXX)
trap 'rm -f "$report" "$json"' EXIT
tools/step.sh "Scoring: agent-day summaries, effective capacity, FCR, scorecards" \
	sh -c "psql -X -q -v ON_ERROR_STOP=1 -v report_json='$json' -f warehouse/demo.sql >'$report'"

# The HTML report: Apache ECharts from the npm registry (pinned in
# report/package-lock.json), inlined with the data into one file.
html=$PWD/report/out/effcap-demo-report.html
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	tools/step.sh "Installing Node.js and npm (Debian)" tools/install-deps.sh nodejs npm
fi
tools/step.sh "Writing the HTML report (Apache ECharts, inlined)" \
	sh -c "mkdir -p report/out && cd report && npm ci --no-audit --no-fund --loglevel=error && node build.js '$json' '$html'"
cat "$report"

echo
echo "The report with its charts (one file, no network needed): $html"

if [ -n "${EFFCAP_CLUSTER_DIR:-}" ]; then
	cat <<MSG

The data lives in database "$db" of the demo cluster, kept (stopped now) in
$EFFCAP_CLUSTER_DIR
where the server, which runs as $(stat -c %U "$EFFCAP_CLUSTER_DIR/data"), can reach it wherever this checkout is.
To keep querying it:   make demo-psql
MSG
else
	echo
	echo "The data lives in database \"$db\" on your server (port $(psql -X -At -c 'SELECT current_setting($$port$$)'))."
fi
