#!/usr/bin/env bash
# The demo: load a month of the reference call warehouse into database
# effcap_demo, score it with effcap, and print the report.  Runs against the
# server in the PG* environment (tools/with-cluster.sh provides one).
set -euo pipefail
cd "$(dirname "$0")/.."

db=${DEMO_DB:-effcap_demo}
agents=${DEMO_AGENTS:-660}
days=${DEMO_DAYS:-30}
per_day=${DEMO_CONTACTS_PER_DAY:-50}

export PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION effcap" -f warehouse/schema.sql

start=$(date +%s)
echo "Generating the reference warehouse: $agents agents x $days days x ~$per_day contacts ..."
psql -X -q -v ON_ERROR_STOP=1 -c "SELECT warehouse.generate($agents, $days, $per_day)" >/dev/null
psql -X -q -At -c "SELECT format('  %s contacts, %s customers, %s agents in %s teams and %s centers (%s s)',
    (SELECT count(*) FROM warehouse.contacts), (SELECT count(*) FROM warehouse.customers),
    (SELECT count(*) FROM warehouse.agents), (SELECT count(*) FROM warehouse.teams),
    (SELECT count(*) FROM warehouse.centers), $(date +%s) - $start)"

psql -X -q -v ON_ERROR_STOP=1 -f warehouse/demo.sql

if [ -n "${EFFCAP_CLUSTER_DIR:-}" ]; then
	cat <<MSG

The data lives in database "$db" of the demo cluster in $EFFCAP_CLUSTER_DIR
(stopped now).  To keep querying it:   make demo-psql
MSG
else
	echo
	echo "The data lives in database \"$db\" on your server ($(psql -X -At -c 'SELECT current_setting($$port$$)') port)."
fi
