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
key="$scale:2"
have=$(psql -X -q -tAc "SELECT key FROM bench_meta" 2>/dev/null || true)
if [ "$have" != "$key" ]; then
	echo "Generating $scale million contacts (reused by later runs) ..."
	start=$(date +%s)
	if [ "${have%%:*}" != "$scale" ]; then
		psql -X -q -v ON_ERROR_STOP=1 \
			-c "DROP EXTENSION IF EXISTS effcap CASCADE" -c "CREATE EXTENSION effcap" \
			-f warehouse/schema.sql \
			-c "SELECT warehouse.generate(1200, 30, (28 * $scale)::int)" >/dev/null
	fi
	psql -X -q -v ON_ERROR_STOP=1 <<-'SQL'
		-- One flat fact with what every workload reads, as a warehouse would
		-- keep it: the repeat flag and the center precomputed, rows in the
		-- order contacts happen (a warehouse loads them day by day).
		DROP TABLE IF EXISTS fact;
		CREATE TABLE fact AS
		SELECT c.contact_id, c.agent_id, t.center_id,
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

# Stored summaries, as a nightly job keeps them: per agent, day and work
# type (queue) and per agent-day (capacity).  Made from the fact table on
# every run (a minute at SCALE=10), with the installed version.
echo "Storing agent-day summaries ..." >&2
psql -X -q -v ON_ERROR_STOP=1 <<-'SQL'
	DROP TABLE IF EXISTS stored_queue, stored_capacity;
	CREATE TABLE stored_queue AS
	SELECT agent_id, center_id, day, month, work_type,
	       effcap.queue_summary(queue_seconds, answered, handle_seconds) AS summary
	FROM fact GROUP BY agent_id, center_id, day, month, work_type;
	CREATE TABLE stored_capacity AS
	SELECT agent_id, center_id, day, month,
	       effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) AS summary
	FROM fact WHERE answered GROUP BY agent_id, center_id, day, month;
	VACUUM ANALYZE stored_queue;
	VACUUM ANALYZE stored_capacity;
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
	SELECT 'survey_summary (per agent-day)', percentile_disc(0.5) WITHIN GROUP (ORDER BY b), percentile_disc(0.95) WITHIN GROUP (ORDER BY b)
	FROM (SELECT pg_column_size(effcap.survey_summary(csat_score, nps_score)) AS b FROM fact GROUP BY agent_id, day) x
	UNION ALL
	SELECT 'handle_summary (per agent-day, by work type)', percentile_disc(0.5) WITHIN GROUP (ORDER BY b), percentile_disc(0.95) WITHIN GROUP (ORDER BY b)
	FROM (SELECT pg_column_size(effcap.handle_summary(work_type, handle_seconds)) AS b FROM fact GROUP BY agent_id, day) x
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

# A dashboard month (the first month of the data, as a literal): the inbound
# contact statistics of every center and of every agent, at two
# service-level definitions and the 90th percentile wait, from the raw
# contacts (plain SQL, effcap one-step) and from the stored agent-day
# summaries.  The numbers are the same (tested).
M=$(psql -X -q -tAc "SELECT quote_literal(min(month)) FROM fact")
wl="dashboard month, center and agent"
q "$wl" floor 0 "SELECT center_id, agent_id, count(*), sum(queue_seconds + handle_seconds) FROM fact
  WHERE work_type = 'inbound' AND month = $M GROUP BY ROLLUP (center_id, agent_id)"
q "$wl" "plain SQL" 0 "SELECT center_id, agent_id, count(*) FILTER (WHERE answered AND queue_seconds <= 20)::float8 / count(*),
    count(*) FILTER (WHERE answered AND queue_seconds <= 30)::float8 / nullif(count(*) - count(*) FILTER (WHERE NOT answered AND queue_seconds <= 30), 0),
    avg(queue_seconds) FILTER (WHERE answered), avg(handle_seconds) FILTER (WHERE answered),
    ceil(percentile_disc(0.9) WITHIN GROUP (ORDER BY queue_seconds) FILTER (WHERE answered))
  FROM fact WHERE work_type = 'inbound' AND month = $M GROUP BY ROLLUP (center_id, agent_id)"
q "$wl" "effcap from rows" 0 "SELECT center_id, agent_id, effcap.contact_stats(queue_seconds, answered, handle_seconds),
    effcap.service_level(queue_seconds, answered, 30, 'abandons_ignored')
  FROM fact WHERE work_type = 'inbound' AND month = $M GROUP BY ROLLUP (center_id, agent_id)"
q "$wl" "effcap from summaries" 0 "SELECT center_id, agent_id, effcap.contact_stats(s), effcap.service_level(s, 30, 'abandons_ignored'),
    effcap.wait_percentile(s, 0.9) FROM (SELECT center_id, agent_id, effcap.rollup(summary) AS s FROM stored_queue
  WHERE work_type = 'inbound' AND month = $M GROUP BY ROLLUP (center_id, agent_id)) x"

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
	echo "- Data: $rows contacts in table \`fact\` (reference warehouse, warehouse.generate(1200, 30, $((28 * scale))))"
	echo "- Times: EXPLAIN (ANALYZE, TIMING OFF) execution time, median of $repeat runs (the contenders of a workload take turns), warm cache."
	echo "  x floor: median / floor median; x plain SQL: median / plain-SQL median (below 1 is faster)."
	echo "  peak memory: the largest memory a plan node reported (hash table with its aggregate states,"
	echo "  or sort; - when none did, e.g. a plain aggregate); the largest of the runs."
	echo "- fcr_rate state: $fcr_bytes bytes per contact (peak hash-aggregate memory of the serial"
	echo "  effcap run, hash table included, over $answered answered contacts)."
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
