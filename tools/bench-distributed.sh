#!/usr/bin/env bash
# What distribution costs, on this machine: the same queries over about a
# million contacts on a local table and on a table distributed by agent
# over the Citus cluster of tools/with-nodes.sh --citus (a coordinator and
# two workers on loopback, 8 shards), and the bytes Citus ships per group
# (the text form of each shard's partial state, which is what
# worker_partial_agg returns).  Prints a table.  No speed-up is to be
# expected from three servers on 2 cores; what it shows is that nothing
# pathological happens (no rows gathered, small states).
#
#   make bench-distributed     (builds Citus first if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
export PGDATABASE=postgres PGOPTIONS="-c client_min_messages=warning"
repeat=${REPEAT:-3}
agents=${AGENTS:-400}

tools/run-distributed.sh citus-setup >/dev/null
echo "Generating $agents agents x 30 days x 84 contacts ..." >&2
psql -X -q -v ON_ERROR_STOP=1 <<SQL
SET citus.shard_count = 8;
SET TIME ZONE 'UTC';
\i warehouse/schema.sql
SELECT warehouse.generate($agents, 30, 84) \g /dev/null
CREATE TABLE contacts_local AS
SELECT c.contact_id, c.customer_id, c.agent_id, t.center_id, (c.started_at AT TIME ZONE 'UTC')::date AS day,
       c.started_at, c.work_type, c.queue_seconds, c.answered, c.handle_seconds, c.dissatisfied,
       c.qa_invalid, c.sale_tier, c.csat_score, c.nps_score, false AS repeat
FROM warehouse.contacts c JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id);
CREATE TABLE contacts AS SELECT * FROM contacts_local;
SELECT create_distributed_table('contacts', 'agent_id') \g /dev/null
VACUUM ANALYZE contacts_local;
VACUUM ANALYZE contacts;
SQL
rows=$(psql -X -tAc "SELECT count(*) FROM contacts_local")

# label | aggregate call (grouped by center, the distribution column is agent_id)
queries=(
	"contact_stats|effcap.contact_stats(queue_seconds, answered, handle_seconds)"
	"effective_capacity|effcap.effective_capacity(work_type, dissatisfied, qa_invalid, repeat, sale_tier)"
	"queue_summary|effcap.queue_summary(queue_seconds, answered, handle_seconds)"
	"survey_summary|effcap.survey_summary(csat_score, nps_score)"
)
# Client-side time of one run (Citus 13 cannot EXPLAIN ANALYZE a split
# custom aggregate: its worker_partial_agg returns a cstring).
seconds() {
	psql -X -tA -c "SET citus.coordinator_aggregation_strategy = 'disabled'" -c '\timing on' \
		-c "$1" | awk '/^Time:/ { printf "%.3f", $2 / 1000 }'
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '| aggregate, by center (%s contacts) | local s | distributed s | ratio | states shipped | bytes per state (mean) | bytes shipped |\n|---|---|---|---|---|---|---|\n' "$rows"
for q in "${queries[@]}"; do
	label=${q%%|*}
	call=${q#*|}
	loc="" dist=""
	for _ in $(seq "$repeat"); do
		loc="$loc $(seconds "SELECT center_id, $call FROM contacts_local GROUP BY center_id")"
		dist="$dist $(seconds "SELECT center_id, $call FROM contacts GROUP BY center_id")"
	done
	loc=$(echo $loc | median)
	dist=$(echo $dist | median)
	sig=$(psql -X -tAc "SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
	                    WHERE n.nspname = 'effcap' AND p.proname = '${label}' AND p.prokind = 'a'
	                    ORDER BY p.pronargs LIMIT 1")
	args=$(echo "$call" | sed -E 's/^[^(]*\((.*)\)$/\1/')
	# What each shard sends for each center: the partial state's text form,
	# measured where Citus computes it (on each shard).
	read -r n total < <(psql -X -tA -F ' ' -c "
		SELECT sum(split_part(result, ' ', 1)::bigint), sum(split_part(result, ' ', 2)::bigint)
		FROM run_command_on_shards('contacts', \$\$
		    SELECT count(*) || ' ' || coalesce(sum(octet_length(x)), 0) FROM (
		        SELECT worker_partial_agg('$sig'::regprocedure, ROW($args))::text AS x
		        FROM %s GROUP BY center_id) y\$\$)")
	mean=$(awk -v t="$total" -v n="$n" 'BEGIN { printf "%.0f", (n > 0 ? t / n : 0) }')
	ratio=$(awk -v a="$dist" -v b="$loc" 'BEGIN { printf "%.2f", a / b }')
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$loc" "$dist" "$ratio" "$n" "$mean" "$total"
done
