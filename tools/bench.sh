#!/usr/bin/env bash
# The benchmark: each workload run by every contender -- the floor (a bare
# grouped scan: count(*) and a built-in sum() over the same columns), the
# plain SQL an analyst would write, effcap serial, effcap with 2 parallel
# workers -- REPEAT times; prints a table of median, min and max execution
# time with ratios and peak memory, and writes it to BENCHMARKS.md.
#
# Runs against the server in the PG* environment (make bench provides one).
# SCALE is millions of contacts (default 10); the data are generated once per
# scale and reused.  Times are EXPLAIN (ANALYZE, TIMING OFF) execution times:
# the whole query runs, no rows travel to the client.  ONLY=REGEX runs just
# the workloads whose name matches (grep -E) and prints the table without
# touching BENCHMARKS.md (BENCH_OUT still chooses a file).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=${SCALE:-10}
repeat=${REPEAT:-5}
db=effcap_bench
only=${ONLY:-}
if [ -n "$only" ]; then out=${BENCH_OUT:-/dev/null}; else out=${BENCH_OUT:-BENCHMARKS.md}; fi

export PGOPTIONS="-c client_min_messages=warning"
psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 ||
	psql -X -q -d postgres -c "CREATE DATABASE $db"
export PGDATABASE=$db

# The data's key: the scale and the version of the fact table's recipe.
key="$scale:4"
have=$(psql -X -q -tAc "SELECT key FROM bench_meta" 2>/dev/null || true)
if [ "$have" != "$key" ]; then
	echo "Generating $scale million contacts (reused by later runs) ..."
	start=$(date +%s)
	if [ "${have%%:*}" != "$scale" ] ||
		[ -z "$(psql -X -q -tAc "SELECT to_regclass('warehouse.work_items')" 2>/dev/null)" ]; then
		tools/step.sh "  the reference warehouse" psql -X -q -v ON_ERROR_STOP=1 \
			-c "DROP EXTENSION IF EXISTS effcap CASCADE" -c "CREATE EXTENSION effcap" \
			-f warehouse/schema.sql -c "SET warehouse.progress = on" \
			-c "SELECT warehouse.generate(1200, 30, (28 * $scale)::int)"
	fi
	tools/step.sh "  the fact tables of the benchmark" psql -X -q -v ON_ERROR_STOP=1 <<-'SQL'
		-- One flat fact with what every workload reads, as a warehouse would
		-- keep it: the repeat flag and the center precomputed, rows in the
		-- order contacts happen (a warehouse loads them day by day).
		DROP TABLE IF EXISTS fact;
		CREATE TABLE fact AS
		SELECT c.contact_id, c.agent_id, a.team_id, t.center_id,
		       (c.started_at AT TIME ZONE 'UTC')::date AS day,
		       date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date AS month,
		       c.customer_id, c.started_at, c.work_type, c.queue_seconds, c.answered,
		       c.handle_seconds, c.dissatisfied, c.qa_invalid, c.sale_tier,
		       c.csat_score, c.nps_score,
		       coalesce(NOT effcap.first_contact_resolved(c.started_at, interval '7 days')
		                    OVER (PARTITION BY c.customer_id ORDER BY c.started_at), false) AS repeat
		FROM warehouse.contacts c
		JOIN warehouse.agents a USING (agent_id)
		JOIN warehouse.teams t USING (team_id)
		ORDER BY c.started_at, c.contact_id;
		VACUUM ANALYZE fact;
		-- The work items (complaint cases, tickets, internal requests), with
		-- their center, in the order they open.
		DROP TABLE IF EXISTS items;
		CREATE TABLE items AS
		SELECT w.item_id, t.center_id, w.class, w.opened_at, w.responded_at, w.closed_at, w.escalated
		FROM warehouse.work_items w JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id)
		ORDER BY w.opened_at, w.item_id;
		VACUUM ANALYZE items;
		DROP TABLE IF EXISTS bench_meta;
		CREATE TABLE bench_meta AS SELECT ''::text AS key;
	SQL
	psql -X -q -c "UPDATE bench_meta SET key = '$key'"
	echo "  generated in $(( $(date +%s) - start )) s"
fi
# Reused data get the extension as installed now (the same version number
# may hold other definitions during development): nothing kept depends on it,
# the stored summaries below are made again.
psql -X -q -c "DROP EXTENSION IF EXISTS effcap CASCADE" -c "CREATE EXTENSION effcap" >/dev/null
rows=$(psql -X -q -tAc "SELECT count(*) FROM fact")

# Stored summaries, as a nightly job keeps them (doc/pipeline.md): per
# agent, day and work type (queue) and per agent-day (capacity, surveys,
# handle times, and the FCR counts judged at the data's edge, charged to the
# first contact's agent).  Made from the fact table on every run (two
# minutes at SCALE=10), with the installed version.
EDGE=$(psql -X -q -tAc "SELECT quote_literal(((max(day) + 1)::timestamp AT TIME ZONE 'UTC')::text) FROM fact")
tools/step.sh "Storing agent-day summaries" psql -X -q -v ON_ERROR_STOP=1 <<-SQL >&2
	DROP TABLE IF EXISTS stored_queue, stored_capacity, stored_survey, stored_handle, stored_fcr;
	\warn progress: queue summaries
	CREATE TABLE stored_queue AS
	SELECT agent_id, team_id, center_id, day, month, work_type,
	       effcap.queue_summary(queue_seconds, answered, handle_seconds) AS summary
	FROM fact GROUP BY agent_id, team_id, center_id, day, month, work_type;
	\warn progress: capacity summaries
	CREATE TABLE stored_capacity AS
	SELECT agent_id, team_id, center_id, day, month,
	       effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) AS summary
	FROM fact WHERE answered GROUP BY agent_id, team_id, center_id, day, month;
	\warn progress: survey summaries
	CREATE TABLE stored_survey AS
	SELECT agent_id, team_id, center_id, day, month, effcap.survey_summary(csat_score, nps_score) AS summary
	FROM fact GROUP BY agent_id, team_id, center_id, day, month;
	\warn progress: handle summaries
	CREATE TABLE stored_handle AS
	SELECT agent_id, team_id, center_id, day, month, effcap.handle_summary(work_type, handle_seconds) AS summary
	FROM fact GROUP BY agent_id, team_id, center_id, day, month;
	\warn progress: FCR counts
	CREATE TABLE stored_fcr AS
	SELECT agent_id, team_id, center_id, day, month, (s).contacts, (s).resolved, (s).repeated, (s).pending
	FROM (SELECT agent_id, team_id, center_id, day, month, effcap.fcr_stats(resolved) AS s
	      FROM (SELECT agent_id, team_id, center_id, day, month,
	                   effcap.first_contact_resolved(started_at, interval '7 days', $EDGE)
	                       OVER (PARTITION BY customer_id ORDER BY started_at) AS resolved
	            FROM fact WHERE answered) j
	      GROUP BY 1, 2, 3, 4, 5) x;
	\warn progress: statistics
	VACUUM ANALYZE stored_queue;
	VACUUM ANALYZE stored_capacity;
	VACUUM ANALYZE stored_survey;
	VACUUM ANALYZE stored_handle;
	VACUUM ANALYZE stored_fcr;
SQL
sizes=$(psql -X -q -tA -F ' ' <<-'SQL'
	SELECT 'queue_summary (per agent-day)', percentile_disc(0.5) WITHIN GROUP (ORDER BY b), percentile_disc(0.95) WITHIN GROUP (ORDER BY b)
	FROM (SELECT pg_column_size(effcap.rollup(summary)) AS b FROM stored_queue GROUP BY agent_id, day) x
	UNION ALL
	SELECT 'queue_summary (per agent, day, work type)', percentile_disc(0.5) WITHIN GROUP (ORDER BY pg_column_size(summary)),
	       percentile_disc(0.95) WITHIN GROUP (ORDER BY pg_column_size(summary)) FROM stored_queue
	UNION ALL
	SELECT 'capacity_summary (per agent-day)', percentile_disc(0.5) WITHIN GROUP (ORDER BY pg_column_size(summary)),
	       percentile_disc(0.95) WITHIN GROUP (ORDER BY pg_column_size(summary)) FROM stored_capacity
	UNION ALL
	SELECT 'survey_summary (per agent-day)', percentile_disc(0.5) WITHIN GROUP (ORDER BY pg_column_size(summary)),
	       percentile_disc(0.95) WITHIN GROUP (ORDER BY pg_column_size(summary)) FROM stored_survey
	UNION ALL
	SELECT 'handle_summary (per agent-day, by work type)', percentile_disc(0.5) WITHIN GROUP (ORDER BY pg_column_size(summary)),
	       percentile_disc(0.95) WITHIN GROUP (ORDER BY pg_column_size(summary)) FROM stored_handle
SQL
)

# Workloads: workload | contender | workers | SQL.  Contenders of a workload
# compute the same numbers (the plain SQL was checked against effcap).  The
# floor's sum() reads the first and the last column its workload reads, so
# the scan takes apart (deforms) the same columns of each row as every
# contender does: a row is deformed up to the last column used.
names=() contenders=() workers=() queries=()
q() {
	if [ -n "$only" ] && ! printf '%s\n' "$1" | grep -qE -- "$only"; then return; fi
	names+=("$1"); contenders+=("$2"); workers+=("$3"); queries+=("$4")
}

# Default rules written out, as an analyst would.
W="CASE work_type WHEN 'inbound' THEN 1.0 WHEN 'outbound' THEN 0.5 WHEN 'complaint' THEN 1.5 WHEN 'ticket' THEN 0.8 END"
B="CASE sale_tier WHEN 'A' THEN 3 WHEN 'B' THEN 2 WHEN 'C' THEN 1 ELSE 0 END"
CAP_SUMS="count(*) AS contacts,
  coalesce(sum($W) FILTER (WHERE NOT qa_invalid), 0) AS base,
  coalesce(sum($W) FILTER (WHERE dissatisfied AND NOT qa_invalid), 0) AS dvol,
  coalesce(sum($W) FILTER (WHERE repeat AND NOT qa_invalid), 0) AS rvol,
  count(*) FILTER (WHERE NOT qa_invalid AND NOT dissatisfied) AS good_q,
  count(*) FILTER (WHERE NOT repeat) AS good_f,
  coalesce(sum($B) FILTER (WHERE NOT qa_invalid), 0) AS bonus"
CAP_SCORE="greatest(0, base - (dvol + base * CASE WHEN good_q < 0.6 * contacts THEN 0.2 WHEN good_q < 0.7 * contacts THEN 0.1
  WHEN good_q < 0.8 * contacts THEN 0.05 ELSE 0 END) - (0.5 * rvol + base * CASE WHEN good_f < 0.7 * contacts THEN 0.1
  WHEN good_f < 0.75 * contacts THEN 0.05 ELSE 0 END)) + bonus"
CAP="effcap.effective_capacity(work_type, dissatisfied, qa_invalid, repeat, sale_tier)"

for grain in "agent-day" "center" "whole table"; do
	case "$grain" in
		agent-day) gb="GROUP BY agent_id, day"; sel="agent_id, day," ;;
		center) gb="GROUP BY center_id"; sel="center_id," ;;
		*) gb=""; sel="" ;;
	esac
	wl="effective_capacity, $grain"
	q "$wl" floor 0 "SELECT $sel count(*), sum(length(work_type) + repeat::int) FROM fact WHERE answered $gb"
	q "$wl" "plain SQL" 0 "SELECT $sel $CAP_SCORE FROM (SELECT $sel $CAP_SUMS FROM fact WHERE answered $gb) s"
	q "$wl" "effcap" 0 "SELECT $sel ($CAP).effective FROM fact WHERE answered $gb"
	q "$wl" "effcap 2 workers" 2 "SELECT $sel ($CAP).effective FROM fact WHERE answered $gb"

	wl="contact_stats, $grain"
	q "$wl" floor 0 "SELECT $sel count(*), sum(queue_seconds + handle_seconds) FROM fact WHERE work_type = 'inbound' $gb"
	q "$wl" "plain SQL" 0 "SELECT $sel count(*) FILTER (WHERE answered) , count(*) FILTER (WHERE answered AND queue_seconds <= 20),
	    count(*) FILTER (WHERE NOT answered), count(*) FILTER (WHERE NOT answered AND queue_seconds <= 20),
	    count(*) FILTER (WHERE answered AND queue_seconds <= 20)::float8 / nullif(count(*), 0),
	    avg(queue_seconds) FILTER (WHERE answered), avg(handle_seconds) FILTER (WHERE answered)
	  FROM fact WHERE work_type = 'inbound' $gb"
	q "$wl" "effcap" 0 "SELECT $sel effcap.contact_stats(queue_seconds, answered, handle_seconds) FROM fact WHERE work_type = 'inbound' $gb"
	q "$wl" "effcap 2 workers" 2 "SELECT $sel effcap.contact_stats(queue_seconds, answered, handle_seconds) FROM fact WHERE work_type = 'inbound' $gb"

	wl="service_level, $grain"
	q "$wl" floor 0 "SELECT $sel count(*), sum(queue_seconds + answered::int) FROM fact WHERE work_type = 'inbound' $gb"
	q "$wl" "plain SQL" 0 "SELECT $sel count(*) FILTER (WHERE answered AND queue_seconds <= 20)::float8 / nullif(count(*), 0)
	  FROM fact WHERE work_type = 'inbound' $gb"
	q "$wl" "effcap" 0 "SELECT $sel effcap.service_level(queue_seconds, answered, 20) FROM fact WHERE work_type = 'inbound' $gb"
	q "$wl" "effcap 2 workers" 2 "SELECT $sel effcap.service_level(queue_seconds, answered, 20) FROM fact WHERE work_type = 'inbound' $gb"

	wl="csat and nps, $grain"
	q "$wl" floor 0 "SELECT $sel count(*), sum(csat_score + nps_score) FROM fact $gb"
	q "$wl" "plain SQL" 0 "SELECT $sel count(*) FILTER (WHERE csat_score >= 4)::float8 / nullif(count(csat_score), 0),
	    100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6)) / nullif(count(nps_score), 0)
	  FROM fact $gb"
	q "$wl" "effcap" 0 "SELECT $sel effcap.csat(csat_score), effcap.nps(nps_score) FROM fact $gb"
	q "$wl" "effcap 2 workers" 2 "SELECT $sel effcap.csat(csat_score), effcap.nps(nps_score) FROM fact $gb"
done

# Building the stored summaries: per agent-day, and per center and
# 15-minute interval (the queue grain of the warehouse).
wl="queue_summary, agent-day"
q "$wl" floor 0 "SELECT agent_id, day, count(*), sum(queue_seconds + handle_seconds) FROM fact GROUP BY agent_id, day"
q "$wl" "effcap" 0 "SELECT agent_id, day, effcap.queue_summary(queue_seconds, answered, handle_seconds) FROM fact GROUP BY agent_id, day"
q "$wl" "effcap 2 workers" 2 "SELECT agent_id, day, effcap.queue_summary(queue_seconds, answered, handle_seconds) FROM fact GROUP BY agent_id, day"
IV="date_bin('15 minutes', started_at, '2026-01-01 00:00+00')"
wl="queue_summary, center-interval"
q "$wl" floor 0 "SELECT center_id, $IV, count(*), sum(queue_seconds + handle_seconds) FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2"
q "$wl" "effcap" 0 "SELECT center_id, $IV, effcap.queue_summary(queue_seconds, answered, handle_seconds) FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2"
q "$wl" "effcap 2 workers" 2 "SELECT center_id, $IV, effcap.queue_summary(queue_seconds, answered, handle_seconds) FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2"

# A dashboard month (the first month of the data, as a literal): every
# family for every center and every team (team 0: the whole center) --
# service level at 20 s and at 30 s with abandons ignored, ASA, AHT, the
# 90th percentile wait, CSAT, its mean score, NPS, handle-time compliance,
# effective capacity and 7-day FCR judged at the data's edge -- from the raw
# contacts (plain SQL; effcap's one-step aggregates) and from the stored
# agent-day summaries.  Each reads the contacts in one pass for the
# aggregates and once more for FCR's repeat window (a customer's next
# contact may be another team's).  The three give the same rows: checked
# below before anything is timed.
M=$(psql -X -q -tAc "SELECT quote_literal(min(month)) FROM fact")
MSTART="($M::timestamp AT TIME ZONE 'UTC')"
GS="GROUP BY GROUPING SETS ((center_id), (center_id, team_id))"
TEAM="center_id, coalesce(team_id, 0) AS team"
LIMITS="'{\"inbound\": 300, \"outbound\": 240, \"complaint\": 900, \"ticket\": 600}'"
LIMIT_OF="CASE work_type WHEN 'inbound' THEN 300 WHEN 'outbound' THEN 240 WHEN 'complaint' THEN 900 WHEN 'ticket' THEN 600 END"
COLS="center_id, team, sl20, sl30, asa, aht, p90, csat, csat_mean, nps, compliance, effective, fcr"
# The answered contacts from the month's start to a repeat window past its
# end, each judged against the customer's later contacts.
JUDGE_FROM="FROM fact WHERE answered AND started_at >= $MSTART AND started_at < $MSTART + interval '1 month 7 days'"
DASH_PLAIN="SELECT $COLS FROM (SELECT $TEAM,
    count(*) FILTER (WHERE work_type = 'inbound' AND answered AND queue_seconds <= 20)::float8
      / nullif(count(*) FILTER (WHERE work_type = 'inbound'), 0) AS sl20,
    count(*) FILTER (WHERE work_type = 'inbound' AND answered AND queue_seconds <= 30)::float8
      / nullif(count(*) FILTER (WHERE work_type = 'inbound')
               - count(*) FILTER (WHERE work_type = 'inbound' AND NOT answered AND queue_seconds <= 30), 0) AS sl30,
    avg(queue_seconds) FILTER (WHERE work_type = 'inbound' AND answered) AS asa,
    avg(handle_seconds) FILTER (WHERE work_type = 'inbound' AND answered) AS aht,
    ceil(percentile_disc(0.9) WITHIN GROUP (ORDER BY queue_seconds) FILTER (WHERE work_type = 'inbound' AND answered)) AS p90,
    count(*) FILTER (WHERE csat_score >= 4)::float8 / nullif(count(csat_score), 0) AS csat,
    avg(csat_score)::float8 AS csat_mean,
    (100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6)) / nullif(count(nps_score), 0))::float8 AS nps,
    count(*) FILTER (WHERE handle_seconds <= $LIMIT_OF)::float8 / nullif(count(handle_seconds), 0) AS compliance,
    count(*) FILTER (WHERE answered) AS contacts,
    coalesce(sum($W) FILTER (WHERE answered AND NOT qa_invalid), 0) AS base,
    coalesce(sum($W) FILTER (WHERE answered AND dissatisfied AND NOT qa_invalid), 0) AS dvol,
    coalesce(sum($W) FILTER (WHERE answered AND repeat AND NOT qa_invalid), 0) AS rvol,
    count(*) FILTER (WHERE answered AND NOT qa_invalid AND NOT dissatisfied) AS good_q,
    count(*) FILTER (WHERE answered AND NOT repeat) AS good_f,
    coalesce(sum($B) FILTER (WHERE answered AND NOT qa_invalid), 0) AS bonus
  FROM fact WHERE month = $M $GS) a
CROSS JOIN LATERAL (SELECT ($CAP_SCORE)::float8 AS effective) e
JOIN (SELECT $TEAM, count(*) FILTER (WHERE NOT r AND started_at + interval '7 days' <= $EDGE)::float8
                      / nullif(count(*) FILTER (WHERE r OR started_at + interval '7 days' <= $EDGE), 0) AS fcr
      FROM (SELECT center_id, team_id, month, started_at, coalesce(min(started_at) OVER (PARTITION BY customer_id ORDER BY started_at
                  RANGE BETWEEN '1 microsecond' FOLLOWING AND UNBOUNDED FOLLOWING) <= started_at + interval '7 days', false) AS r
            $JUDGE_FROM) j
      WHERE month = $M $GS) f USING (center_id, team)"
DASH_ROWS="SELECT $COLS FROM (SELECT $TEAM,
    (effcap.contact_stats(queue_seconds, answered, handle_seconds) FILTER (WHERE work_type = 'inbound')).service_level AS sl20,
    effcap.service_level(queue_seconds, answered, 30, 'abandons_ignored') FILTER (WHERE work_type = 'inbound') AS sl30,
    (effcap.contact_stats(queue_seconds, answered, handle_seconds) FILTER (WHERE work_type = 'inbound')).asa_seconds AS asa,
    (effcap.contact_stats(queue_seconds, answered, handle_seconds) FILTER (WHERE work_type = 'inbound')).aht_seconds AS aht,
    effcap.wait_percentile(effcap.queue_summary(queue_seconds, answered, handle_seconds) FILTER (WHERE work_type = 'inbound'), 0.9) AS p90,
    effcap.csat(csat_score) AS csat, effcap.csat_mean(effcap.survey_summary(csat_score, nps_score)) AS csat_mean,
    effcap.nps(nps_score) AS nps, effcap.aht_compliance(handle_seconds, $LIMIT_OF, 0) AS compliance,
    ($CAP FILTER (WHERE answered)).effective AS effective
  FROM fact WHERE month = $M $GS) a
JOIN (SELECT $TEAM, effcap.fcr_rate(resolved) AS fcr
      FROM (SELECT center_id, team_id, month,
                   effcap.first_contact_resolved(started_at, interval '7 days', $EDGE) OVER (PARTITION BY customer_id ORDER BY started_at) AS resolved
            $JUDGE_FROM) j
      WHERE month = $M $GS) f USING (center_id, team)"
DASH_STORED="SELECT $COLS FROM (SELECT center_id, team, (effcap.contact_stats(x)).service_level AS sl20,
    effcap.service_level(x, 30, 'abandons_ignored') AS sl30, (effcap.contact_stats(x)).asa_seconds AS asa,
    (effcap.contact_stats(x)).aht_seconds AS aht, effcap.wait_percentile(x, 0.9) AS p90
  FROM (SELECT $TEAM, effcap.rollup(summary) AS x FROM stored_queue WHERE work_type = 'inbound' AND month = $M $GS) r) q
JOIN (SELECT center_id, team, effcap.csat(x) AS csat, effcap.csat_mean(x) AS csat_mean, effcap.nps(x) AS nps
      FROM (SELECT $TEAM, effcap.rollup(summary) AS x FROM stored_survey WHERE month = $M $GS) r) s USING (center_id, team)
JOIN (SELECT $TEAM, effcap.aht_compliance(effcap.rollup(summary), $LIMITS) AS compliance
      FROM stored_handle WHERE month = $M $GS) h USING (center_id, team)
JOIN (SELECT $TEAM, (effcap.effective_capacity(effcap.rollup(summary))).effective AS effective
      FROM stored_capacity WHERE month = $M $GS) c USING (center_id, team)
JOIN (SELECT $TEAM, sum(resolved)::float8 / nullif(sum(contacts - pending), 0) AS fcr
      FROM stored_fcr WHERE month = $M $GS) f USING (center_id, team)"

# The same rows from all three: effcap from the rows and from the summaries
# to the bit, the plain SQL within 1e-9 (its averages add floats in scan
# order; effcap's sums are exact).
wl="dashboard month, every family by center and team"
dash_rows=""
if [ -z "$only" ] || printf '%s\n' "$wl" | grep -qE -- "$only"; then
same=$(psql -X -q -tA -F ' ' -v ON_ERROR_STOP=1 <<-SQL
	WITH p AS ($DASH_PLAIN), r AS ($DASH_ROWS), s AS ($DASH_STORED),
	     v AS (SELECT center_id, team, r::text AS r_text, s::text AS s_text,
	                  ARRAY[p.sl20, p.sl30, p.asa, p.aht, p.p90, p.csat, p.csat_mean, p.nps, p.compliance, p.effective, p.fcr] AS pv,
	                  ARRAY[s.sl20, s.sl30, s.asa, s.aht, s.p90, s.csat, s.csat_mean, s.nps, s.compliance, s.effective, s.fcr] AS sv
	           FROM p FULL JOIN r USING (center_id, team) FULL JOIN s USING (center_id, team))
	SELECT count(*), count(*) FILTER (WHERE r_text IS DISTINCT FROM s_text),
	       count(*) FILTER (WHERE EXISTS (SELECT FROM unnest(pv, sv) AS u(a, b)
	                                      WHERE (a IS NULL) <> (b IS NULL) OR abs(a - b) > 1e-9 * greatest(1, abs(b))))
	FROM v
SQL
)
read -r dash_rows dash_rs dash_ps <<<"$same"
echo "Dashboard month: $dash_rows rows (centers and teams); effcap from rows against summaries: $dash_rs differ; plain SQL: $dash_ps differ" >&2
[ "$dash_rows" -gt 0 ] && [ "$dash_rs" = 0 ] && [ "$dash_ps" = 0 ] || { echo "The dashboard's contenders disagree." >&2; exit 1; }
fi
q "$wl" floor 0 "SELECT center_id, team_id, count(*), sum(queue_seconds + csat_score) FROM fact WHERE month = $M $GS"
q "$wl" "plain SQL" 0 "$DASH_PLAIN"
q "$wl" "effcap from rows" 0 "$DASH_ROWS"
q "$wl" "effcap from summaries" 0 "$DASH_STORED"

# The 7-day staffing plan of 100 queues: the inbound history of a queue
# (agent_id % 100 stands for the queue) in 15-minute intervals, forecast by
# the four-week seasonal average and staffed by Erlang C for 80% in 20 s.
# The plain SQL averages the same interval of the last four weeks (missing
# intervals 0) and searches agents upward with Erlang B's recursion in a
# recursive CTE.
psql -X -q -v ON_ERROR_STOP=1 <<-'SQL'
	DROP TABLE IF EXISTS plan_history;
	CREATE TABLE plan_history AS
	SELECT agent_id % 100 AS queue, date_bin('15 minutes', started_at AT TIME ZONE 'UTC', timestamp '2000-01-01') AS interval_start,
	       count(*)::float8 AS offered, avg(handle_seconds) AS aht
	FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2;
	VACUUM ANALYZE plan_history;
SQL
PLAN_EFFCAP="SELECT s.queue, f.interval_start, r.agents
FROM (SELECT queue, effcap.volume_forecast(interval_start, offered, aht, '{}') AS fc FROM plan_history GROUP BY queue) s
CROSS JOIN LATERAL unnest(s.fc) f CROSS JOIN LATERAL effcap.required_agents(f.offered, 900, f.aht_seconds, 0.8, 20) r"
PLAN_PLAIN="WITH RECURSIVE span AS (
    SELECT queue, min(interval_start)::date AS first, max(interval_start)::date AS last,
           sum(offered * aht) / sum(offered) FILTER (WHERE aht IS NOT NULL) AS queue_aht
    FROM plan_history GROUP BY queue),
  fc AS (
    SELECT b.queue, t.interval_start, sum(coalesce(h.offered, 0)) / count(*) AS offered,
           coalesce(sum(h.offered * h.aht) / nullif(sum(h.offered) FILTER (WHERE h.aht IS NOT NULL), 0), min(b.queue_aht)) AS aht
    FROM span b
    CROSS JOIN LATERAL generate_series(b.last + 1, b.last + 8, interval '15 minutes') t(interval_start)
    CROSS JOIN generate_series(1, 4) k
    LEFT JOIN plan_history h ON h.queue = b.queue AND h.interval_start = t.interval_start - k * interval '7 days'
    WHERE t.interval_start < b.last + 8 AND (t.interval_start - k * interval '7 days')::date >= b.first
    GROUP BY 1, 2),
  erlang(queue, interval_start, a, aht, n, b) AS (
    SELECT queue, interval_start, offered * aht / 900, aht, 1, (offered * aht / 900) / (1 + offered * aht / 900)
    FROM fc WHERE offered > 0
    UNION ALL
    SELECT queue, interval_start, a, aht, n + 1, a * b / (n + 1 + a * b) FROM erlang
    WHERE NOT (n > a AND 1 - n * b / (n - a * (1 - b)) * exp(-(n - a) * 20 / aht) >= 0.8))
SELECT fc.queue, fc.interval_start, coalesce(e.agents, 0) AS agents
FROM fc LEFT JOIN (SELECT queue, interval_start, max(n) AS agents FROM erlang GROUP BY 1, 2) e USING (queue, interval_start)"

wl="7-day staffing plan, 100 queues"
plan_rows=""
if [ -z "$only" ] || printf '%s\n' "$wl" | grep -qE -- "$only"; then
same=$(psql -X -q -tA -F ' ' -v ON_ERROR_STOP=1 <<-SQL
	WITH p AS ($PLAN_PLAIN), e AS ($PLAN_EFFCAP)
	SELECT count(*), count(*) FILTER (WHERE p.agents IS DISTINCT FROM e.agents)
	FROM p FULL JOIN e USING (queue, interval_start)
SQL
)
read -r plan_rows plan_differ <<<"$same"
echo "Staffing plan: $plan_rows intervals; plain SQL against effcap: $plan_differ differ" >&2
[ "$plan_rows" -gt 0 ] && [ "$plan_differ" = 0 ] || { echo "The staffing plan's contenders disagree." >&2; exit 1; }
fi
q "$wl" floor 0 "SELECT queue, count(*), sum(offered + aht) FROM plan_history GROUP BY queue"
q "$wl" "plain SQL" 0 "$PLAN_PLAIN"
q "$wl" "effcap" 0 "$PLAN_EFFCAP"

# The SLA board of the month: each center's 24/7 classes of work items
# (complaint cases and tickets) judged as of the end of the data against
# their targets, items still open censored (overdue past the target,
# pending before), with the cycle-time median and 90th percentile.  The
# plain SQL counts the same with FILTERs and percentile_disc of the cycle
# seconds rounded up.
SLA_RULES="'{\"classes\": {\"complaint\": {\"response\": \"24 hours\", \"resolution\": \"48 hours\"},
  \"escalated_complaint\": {\"response\": \"4 hours\", \"resolution\": \"48 hours\"},
  \"ticket\": {\"response\": \"2 hours\", \"resolution\": \"3 days\"}}}'::jsonb"
SLA_ASOF="(SELECT date_trunc('day', max(opened_at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day' FROM items)"
# (The stats row is expanded outside the grouped query: (f(agg(..., o.t))).*
# would repeat the aggregate and the as_of subquery once per field.)
SLA_EFFCAP="SELECT center_id, class, (st).* FROM (
  SELECT center_id, class, effcap.sla_stats(effcap.sla_summary(class, opened_at, responded_at, closed_at, escalated, $SLA_RULES, o.t),
         $SLA_RULES) AS st
  FROM items, (SELECT $SLA_ASOF AS t) o WHERE class <> 'internal' GROUP BY center_id, class) x"
SLA_PLAIN="SELECT center_id, class, count(*) AS items,
       count(*) FILTER (WHERE response <= rt) AS response_on_time,
       count(*) FILTER (WHERE response > rt) AS response_late,
       count(*) FILTER (WHERE response IS NULL AND age > rt) AS response_overdue,
       count(*) FILTER (WHERE response IS NULL AND age <= rt) AS response_pending,
       count(*) FILTER (WHERE cycle <= ct) AS resolution_on_time,
       count(*) FILTER (WHERE cycle > ct) AS resolution_late,
       count(*) FILTER (WHERE cycle IS NULL AND age > ct) AS resolution_overdue,
       count(*) FILTER (WHERE cycle IS NULL AND age <= ct) AS resolution_pending,
       count(*) FILTER (WHERE escalated) AS escalated,
       avg(extract(epoch FROM cycle)) AS cycle_mean,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY ceil(extract(epoch FROM cycle))) AS p50,
       percentile_disc(0.9) WITHIN GROUP (ORDER BY ceil(extract(epoch FROM cycle))) AS p90
FROM (SELECT center_id, class, escalated,
             CASE WHEN least(responded_at, closed_at) <= o.t THEN least(responded_at, closed_at) - opened_at END AS response,
             CASE WHEN closed_at <= o.t THEN closed_at - opened_at END AS cycle, o.t - opened_at AS age,
             CASE class WHEN 'complaint' THEN interval '24 hours' WHEN 'escalated_complaint' THEN interval '4 hours'
                        ELSE interval '2 hours' END AS rt,
             CASE class WHEN 'ticket' THEN interval '3 days' ELSE interval '48 hours' END AS ct
      FROM items, (SELECT $SLA_ASOF AS t) o WHERE class <> 'internal') x
GROUP BY center_id, class"
wl="SLA board of work items, center x class"
if [ -z "$only" ] || printf '%s\n' "$wl" | grep -qE -- "$only"; then
sla_differ=$(psql -X -q -tA -v ON_ERROR_STOP=1 <<-SQL
	WITH p AS ($SLA_PLAIN), e AS ($SLA_EFFCAP)
	SELECT count(*) FILTER (WHERE (p.items, p.response_on_time, p.response_late, p.response_overdue, p.response_pending,
	                               p.resolution_on_time, p.resolution_late, p.resolution_overdue, p.resolution_pending,
	                               p.escalated, p.p50::float8, p.p90::float8)
	                              IS DISTINCT FROM
	                              (e.items, e.response_on_time, e.response_late, e.response_overdue, e.response_pending,
	                               e.resolution_on_time, e.resolution_late, e.resolution_overdue, e.resolution_pending,
	                               e.escalated, e.cycle_p50_seconds, e.cycle_p90_seconds)
	                           OR abs(p.cycle_mean - e.cycle_mean_seconds) > 1e-6)
	FROM p FULL JOIN e USING (center_id, class)
SQL
)
echo "SLA board: plain SQL against effcap: $sla_differ groups differ" >&2
[ "$sla_differ" = 0 ] || { echo "The SLA board's contenders disagree." >&2; exit 1; }
fi
q "$wl" floor 0 "SELECT center_id, class, count(*), sum(extract(epoch FROM coalesce(closed_at, opened_at))) FROM items WHERE class <> 'internal' GROUP BY center_id, class"
q "$wl" "plain SQL" 0 "$SLA_PLAIN"
q "$wl" "effcap" 0 "$SLA_EFFCAP"
q "$wl" "effcap" 2 "$SLA_EFFCAP"

wl="center KPI inputs, center-month"
q "$wl" floor 0 "SELECT center_id, month, count(*), sum(handle_seconds) FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2"
q "$wl" "plain SQL" 0 "SELECT center_id, month, count(*) FILTER (WHERE answered)::float8 / count(*), avg(handle_seconds) FILTER (WHERE answered)
  FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2"
q "$wl" "effcap" 0 "SELECT center_id, month, (s).answer_rate, (s).aht_seconds FROM (SELECT center_id, month,
  effcap.contact_stats(queue_seconds, answered, handle_seconds) s FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2) x"
q "$wl" "effcap 2 workers" 2 "SELECT center_id, month, (s).answer_rate, (s).aht_seconds FROM (SELECT center_id, month,
  effcap.contact_stats(queue_seconds, answered, handle_seconds) s FROM fact WHERE work_type = 'inbound' GROUP BY 1, 2) x"

wl="fcr_rate, center-month"
q "$wl" floor 0 "SELECT center_id, month, count(*), sum(customer_id) FROM fact WHERE answered GROUP BY 1, 2"
q "$wl" "plain SQL" 0 "SELECT center_id, month, avg((nxt IS NULL OR nxt > started_at + interval '7 days')::int) FROM (
  SELECT center_id, month, started_at, min(started_at) OVER (PARTITION BY center_id, month, customer_id ORDER BY started_at
    RANGE BETWEEN '1 microsecond' FOLLOWING AND UNBOUNDED FOLLOWING) AS nxt FROM fact WHERE answered) x GROUP BY 1, 2"
q "$wl" "effcap" 0 "SELECT center_id, month, effcap.fcr_rate(customer_id, started_at, interval '7 days') FROM fact WHERE answered GROUP BY 1, 2"
q "$wl" "effcap 2 workers" 2 "SELECT center_id, month, effcap.fcr_rate(customer_id, started_at, interval '7 days') FROM fact WHERE answered GROUP BY 1, 2"

wl="first_contact_resolved, window"
q "$wl" floor 0 "SELECT count(*) OVER (PARTITION BY customer_id ORDER BY started_at) FROM fact WHERE answered"
q "$wl" "plain SQL" 0 "SELECT min(started_at) OVER (PARTITION BY customer_id ORDER BY started_at
  RANGE BETWEEN '1 microsecond' FOLLOWING AND UNBOUNDED FOLLOWING) <= started_at + interval '7 days' FROM fact WHERE answered"
q "$wl" "effcap" 0 "SELECT effcap.first_contact_resolved(started_at, interval '7 days') OVER (PARTITION BY customer_id ORDER BY started_at)
  FROM fact WHERE answered"

# Run one query once; print "seconds peak_kB disk_kB":
# the largest memory and disk any plan node reported (a hash table with its
# aggregate states, or a sort), 0 when none did.
run() {
	local w=$1 sql=$2
	psql -X -q -tA -v ON_ERROR_STOP=1 <<-SQL | awk '
		function kb(v) { sub(/kB$/, "", v); return v + 0 }
		/Execution Time/ { t = $3 / 1000 }
		{
			for (i = 2; i < NF; i++) {
				if ($i == "Memory:" || ($i == "Usage:" && $(i-1) == "Memory")) m = kb($(i+1)) > m ? kb($(i+1)) : m
				if ($i == "Disk:" || ($i == "Usage:" && $(i-1) == "Disk")) d = kb($(i+1)) > d ? kb($(i+1)) : d
			}
		}
		END { printf "%.3f %d %d\n", t, m, d }'
		SET max_parallel_workers_per_gather = $w;
		SET parallel_leader_participation = on;
		EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) $sql;
	SQL
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

table=$(mktemp)
printf '| workload | contender | median s | min s | max s | x floor | x plain SQL | peak memory |\n|---|---|---|---|---|---|---|---|\n' >"$table"
declare -A floor_t plain_t
fcr_mem=0
# The contenders of a workload take turns, REPEAT rounds, each round
# starting one contender later, so that a slow moment of the machine, or the
# after-effects of one contender (a sort spilled to disk), fall on all of
# them rather than on one.
declare -A runs_of
i=0
while [ "$i" -lt "${#queries[@]}" ]; do
	j=$i
	while [ "$j" -lt "${#queries[@]}" ] && [ "${names[$j]}" = "${names[$i]}" ]; do j=$((j + 1)); done
	echo "  ${names[$i]} ..." >&2
	for r in $(seq 0 $((repeat - 1))); do
		for o in $(seq 0 $((j - i - 1))); do
			k=$((i + (o + r) % (j - i)))
			runs_of[$k]+="$(run "${workers[$k]}" "${queries[$k]}")"$'\n'
		done
	done
	i=$j
done

for i in "${!queries[@]}"; do
	runs=$(printf '%s' "${runs_of[$i]}")
	times=$(echo "$runs" | awk '{ print $1 }')
	med=$(echo "$times" | median)
	min=$(echo "$times" | sort -n | head -1)
	max=$(echo "$times" | sort -n | tail -1)
	mem=$(echo "$runs" | awk 'function size(k) { return k < 1024 ? sprintf("%d kB", k) : sprintf("%.1f MB", k / 1024) }
		{ if ($2 > m) m = $2; if ($3 > d) d = $3 }
		END { s = m > 0 ? size(m) : ""; if (d > 0) s = s (s == "" ? "" : " + ") size(d) " on disk"; print s == "" ? "-" : s }')
	wl=${names[$i]}
	case "${contenders[$i]}" in
		floor) floor_t[$wl]=$med ;;
		"plain SQL") plain_t[$wl]=$med ;;
	esac
	if [ "$wl" = "fcr_rate, center-month" ] && [ "${contenders[$i]}" = effcap ]; then
		fcr_mem=$(echo "$runs" | awk '{ if ($2 > m) m = $2 } END { print m + 0 }')
	fi
	xf=$(awk -v a="$med" -v b="${floor_t[$wl]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
	xp=$(awk -v a="$med" -v b="${plain_t[$wl]:-0}" 'BEGIN { if (b > 0 && a > 0) printf "%.2f", a / b; else print "-" }')
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$wl" "${contenders[$i]}" "$med" "$min" "$max" "$xf" "$xp" "$mem" | tee -a "$table"
done
answered=$(psql -X -q -tAc "SELECT count(*) FROM fact WHERE answered")
fcr_bytes=$(awk -v m="$fcr_mem" -v n="$answered" 'BEGIN { printf "%.1f", m * 1024 / n }')

{
	echo "# Benchmarks"
	echo
	echo "Produced by \`make bench\` (SCALE=$scale, REPEAT=$repeat) on $(date -u +%Y-%m-%d)."
	echo
	echo "- Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GB, $(uname -srm)"
	echo "- $(psql -X -tAc 'SELECT version()')"
	echo "- Settings: $(psql -X -tAc "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'jit', 'max_worker_processes')")"
	echo "- Data: $rows contacts in table \`fact\` (reference warehouse, warehouse.generate(1200, 30, $(awk -v s="$scale" 'BEGIN { printf "%d", 28 * s + 0.5 }')))"
	echo "- Times: EXPLAIN (ANALYZE, TIMING OFF) execution time, median of $repeat runs (the contenders of a workload take turns), warm cache."
	echo "  x floor: median / floor median; x plain SQL: median / plain-SQL median (below 1 is faster)."
	echo "  peak memory: the largest memory a plan node reported (hash table with its aggregate states,"
	echo "  or sort; - when none did, e.g. a plain aggregate); the largest of the runs."
	echo "- fcr_rate state: $fcr_bytes bytes per contact (peak hash-aggregate memory of the serial"
	echo "  effcap run, hash table included, over $answered answered contacts)."
	if [ -n "$dash_rows" ]; then
		echo "- Dashboard month: the three contenders give the same $dash_rows rows (every center and team),"
		echo "  checked before timing: effcap from rows and from summaries to the bit, plain SQL within 1e-9."
	fi
	if [ -n "$plan_rows" ]; then
		plan_t=$(awk -F'|' '$2 ~ /7-day staffing plan/ && $3 ~ /^ effcap $/ { print $4 + 0 }' "$table")
		echo "- 7-day staffing plan: $plan_rows intervals (100 queues x 7 days x 96), forecast and staffed by effcap"
		echo "  at $(awk -v n="$plan_rows" -v t="$plan_t" 'BEGIN { if (t > 0) printf "%.0f", n / t; else print "-" }') intervals per second;"
		echo "  the plain SQL gives the same agents in every interval (checked before timing)."
	fi
	echo "- Stored summaries, bytes (pg_column_size), median and 95th percentile:"
	echo "$sizes" | awk '{ p95 = $NF; med = $(NF - 1); $NF = ""; $(NF - 1) = ""; sub(/ +$/, ""); printf "  - %s: %s and %s\n", $0, med, p95 }'
	echo
	cat "$table"
	echo
	echo "What the numbers mean, and profiles of where the time goes: [doc/performance.md](doc/performance.md)."
} >"$out"
rm -f "$table"
echo
echo "Written to $out"
