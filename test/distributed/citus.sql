-- effcap on Citus: every aggregate on a table distributed by customer and
-- on one distributed by agent, grouped by the distribution column, by a
-- column that is not (the center) and over the whole table, gives the
-- result of the same query on a local copy; and with
-- citus.coordinator_aggregation_strategy = 'disabled' (no row is pulled to
-- the coordinator to aggregate there) it runs because Citus split it
-- (worker_partial_agg / coord_combine_agg) or pushed it whole to the
-- workers.  An aggregate Citus cannot split (an internal state) is refused
-- under that setting: the test says which, and that with the default
-- setting (rows pulled to the coordinator) the results are still equal.
-- Stored summaries: a distributed agent-day table built by INSERT ...
-- SELECT on the workers and rolled up by the coordinator.  FCR: the tested
-- recipe.  Run by make test-distributed on the cluster of
-- tools/with-nodes.sh --citus (tools/run-distributed.sh).
\ir lib/session.sql
SET citus.shard_count = 4;

\ir lib/contacts.sql
DROP TABLE IF EXISTS by_customer, by_agent, kpi_local, kpi_by_center, kpi_by_indicator,
    days_local, days_dist CASCADE;
CREATE TABLE by_customer AS SELECT * FROM contacts_local;
CREATE TABLE by_agent AS SELECT * FROM contacts_local;
SELECT create_distributed_table('by_customer', 'customer_id') \g /dev/null
SELECT create_distributed_table('by_agent', 'agent_id') \g /dev/null

-- KPI values per center and indicator: one table distributed by center,
-- one by indicator (so that grouping by center is not by its distribution
-- column).
CREATE TABLE kpi_local AS
SELECT center_id, indicator, value + (center_id % 3) * step AS value
FROM (SELECT DISTINCT center_id FROM contacts_local) c,
     (VALUES ('answer_rate', 0.90, 0.01), ('non_call_processing_rate', 1.00, -0.02), ('exam_avg', 80, 2),
             ('qa_avg', 80, -3), ('avg_talk_seconds', 120, 15), ('performance_avg', 85, 1),
             ('major_complaints', 0, 1), ('report_errors', 0, 0)) v(indicator, value, step);
CREATE TABLE kpi_by_center AS SELECT * FROM kpi_local;
CREATE TABLE kpi_by_indicator AS SELECT * FROM kpi_local;
SELECT create_distributed_table('kpi_by_center', 'center_id') \g /dev/null
SELECT create_distributed_table('kpi_by_indicator', 'indicator') \g /dev/null

\ir lib/queries.sql

-- One cell of the matrix: expr (an aggregate) over the distributed table
-- dist and over its local copy, grouped by grp (NULL: the whole table).
-- Says how Citus ran it with coordinator aggregation disabled -- "split"
-- (worker_partial_agg), "pushed" (the aggregate in the workers' query,
-- nothing combined on the coordinator) or "refused" -- and how many groups
-- there were and how many differ from the local copy (for a refused one,
-- under the default strategy, which pulls the rows to the coordinator).
CREATE FUNCTION pg_temp.dist_check(agg text, expr text, dist text, local text, grp text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    sel text := format('SELECT (%s)::text, (%s)::text FROM ', coalesce(grp, '0'), expr);
    tail text := CASE WHEN grp IS NULL THEN '' ELSE ' GROUP BY ' || grp END;
    plan text;
    got text;
    want text := pg_temp.rows_of(sel || local || tail);
    how text;
BEGIN
    PERFORM set_config('citus.coordinator_aggregation_strategy', 'disabled', true);
    BEGIN
        plan := pg_temp.plan_of(sel || dist || tail);
        got := pg_temp.rows_of(sel || dist || tail);
        how := CASE WHEN plan LIKE '%worker_partial_agg%' THEN 'split'
                    WHEN plan ~ ('Query: SELECT [^\n]*effcap\.' || agg || '\(') THEN 'pushed'
                    ELSE 'neither' END;
    EXCEPTION WHEN OTHERS THEN
        PERFORM set_config('citus.coordinator_aggregation_strategy', 'row-gather', true);
        got := pg_temp.rows_of(sel || dist || tail);
        how := 'refused (' || SQLERRM || '); rows pulled';
    END;
    RETURN format('%s, %s groups, %s differ', how,
                  cardinality(string_to_array(want, E'\n')),
                  (SELECT count(*) FROM (
                      (SELECT unnest(string_to_array(want, E'\n')) EXCEPT ALL SELECT unnest(string_to_array(got, E'\n')))
                      UNION ALL
                      (SELECT unnest(string_to_array(got, E'\n')) EXCEPT ALL SELECT unnest(string_to_array(want, E'\n')))) d));
END $$;

-- Stored agent-day summaries, as a nightly job keeps them: a distributed
-- table co-located with by_agent, filled by INSERT ... SELECT grouped by
-- the distribution column, which the workers run on their own shards.
CREATE TABLE days_dist (agent_id int, center_id int, day date, cs effcap.capacity_summary,
                        qs effcap.queue_summary, ss effcap.survey_summary, hs effcap.handle_summary,
                        ws effcap.sla_summary);
SELECT create_distributed_table('days_dist', 'agent_id', colocate_with => 'by_agent') \g /dev/null
CREATE TABLE days_local (LIKE days_dist);
\set fill 'SELECT agent_id, center_id, day, effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) FILTER (WHERE answered), effcap.queue_summary(queue_seconds, answered, handle_seconds), effcap.survey_summary(csat_score, nps_score, source), effcap.handle_summary(work_type, handle_seconds), effcap.sla_summary(work_type, started_at, CASE WHEN answered THEN started_at + handle_seconds * interval ''1 second'' END, NULL, qa_invalid, ''{"classes": {"inbound": {}, "outbound": {}, "ticket": {}, "complaint": {"calendar": "o"}}, "calendars": {"o": {"time_zone": "Asia/Shanghai", "hours": {"tue": ["09:00-17:00"]}}}}'', ''2026-10-11 00:00+00'') FROM '
SELECT pg_temp.plan_of('INSERT INTO days_dist ' || :'fill' || 'by_agent GROUP BY agent_id, center_id, day') AS fill_plan \gset
INSERT INTO days_dist :fill by_agent GROUP BY agent_id, center_id, day;
INSERT INTO days_local :fill contacts_local GROUP BY agent_id, center_id, day;

SELECT no_plan();

SELECT is((SELECT string_agg(result, ',') FROM run_command_on_workers(
              $$SELECT extversion FROM pg_extension WHERE extname = 'effcap'$$)),
          (SELECT extversion || ',' || extversion FROM pg_extension WHERE extname = 'effcap'),
          'CREATE EXTENSION effcap on the coordinator created it on both workers');

SELECT ok(:'fill_plan' ~ 'Query: INSERT INTO [^\n]*days_dist' AND :'fill_plan' !~ 'pull to coordinator|repartition',
          'INSERT ... SELECT of agent-day summaries runs on the workers, shard by shard');
SELECT is((SELECT count(*) FROM days_dist), (SELECT count(*) FROM days_local), 'as many stored agent-days as locally');
SELECT is((SELECT count(*) FROM (SELECT agent_id, day, cs::text, qs::text, ss::text, hs::text, ws::text FROM days_dist
                                EXCEPT SELECT agent_id, day, cs::text, qs::text, ss::text, hs::text, ws::text FROM days_local) x),
          0::bigint, 'the stored agent-day summaries equal those of the local copy');

-- The matrix: every aggregate, on both distributed tables, three groupings.
\ir lib/aggregates.sql
CREATE TEMP TABLE tables (dist text, dist_col text);
INSERT INTO tables VALUES ('by_customer', 'customer_id'), ('by_agent', 'agent_id');

-- Grouped by the distribution column: the whole aggregate runs on the workers.
SELECT is(pg_temp.dist_check(a.agg, a.expr, t.dist, 'contacts_local', t.dist_col),
          format('pushed, %s groups, 0 differ',
                 CASE t.dist_col WHEN 'customer_id' THEN (SELECT count(DISTINCT customer_id) FROM contacts_local)
                                 ELSE (SELECT count(DISTINCT agent_id) FROM contacts_local) END),
          format('%s on %s grouped by %s: pushed whole to the workers, results equal', a.label, t.dist, t.dist_col))
FROM aggs a, tables t ORDER BY t.dist, a.label;

-- Grouped by the center and over the whole table: split, or (an internal
-- state) refused and equal when the rows are pulled.
SELECT is(pg_temp.dist_check(a.agg, a.expr, t.dist, 'contacts_local', g.grp),
          CASE WHEN a.internal THEN format('refused (%s); rows pulled, %s groups, 0 differ',
                                           'unsupported aggregate function ' || a.agg, g.n)
               ELSE format('split, %s groups, 0 differ', g.n) END,
          format('%s on %s %s: %s, results equal', a.label, t.dist, coalesce('grouped by ' || g.grp, 'over the whole table'),
                 CASE WHEN a.internal THEN 'not split (internal state)' ELSE 'split across the workers' END))
FROM aggs a, tables t,
     (VALUES ('center_id', (SELECT count(DISTINCT center_id) FROM contacts_local)), (NULL, 1)) g(grp, n)
ORDER BY t.dist, g.grp, a.label;

-- Rollups of the stored summaries, by agent (the distribution column), by
-- center and over the whole table.
CREATE TEMP TABLE rollups (label text, expr text, internal boolean);
INSERT INTO rollups VALUES
    ('rollup(capacity_summary)', 'effcap.rollup(cs)', false),
    ('rollup(survey_summary)', 'effcap.rollup(ss)', false),
    ('rollup(queue_summary)', 'effcap.rollup(qs)', false),
    ('rollup(handle_summary)', 'effcap.rollup(hs)', false),
    ('rollup(sla_summary)', 'effcap.rollup(ws)', false);
SELECT is(pg_temp.dist_check('rollup', r.expr, 'days_dist', 'days_local', g.grp),
          CASE WHEN g.grp = 'agent_id' THEN format('pushed, %s groups, 0 differ', g.n)
               WHEN r.internal THEN format('refused (%s); rows pulled, %s groups, 0 differ', 'unsupported aggregate function rollup', g.n)
               ELSE format('split, %s groups, 0 differ', g.n) END,
          format('%s of stored agent-days %s', r.label, coalesce('grouped by ' || g.grp, 'over the whole table')))
FROM rollups r,
     (VALUES ('agent_id', (SELECT count(DISTINCT agent_id) FROM contacts_local)),
             ('center_id', (SELECT count(DISTINCT center_id) FROM contacts_local)), (NULL, 1)) g(grp, n)
ORDER BY r.label, g.grp;

-- KPI scores: grouped by center on the table distributed by center
-- (pushed) and on the one distributed by indicator (split).
SELECT is(pg_temp.dist_check('center_kpi_score', 'effcap.center_kpi_score(indicator, value)', 'kpi_by_center', 'kpi_local', 'center_id'),
          format('pushed, %s groups, 0 differ', (SELECT count(DISTINCT center_id) FROM kpi_local)),
          'center_kpi_score grouped by the distribution column: pushed whole');
SELECT is(pg_temp.dist_check('center_kpi_score', 'effcap.center_kpi_score(indicator, value)', 'kpi_by_indicator', 'kpi_local', 'center_id'),
          format('split, %s groups, 0 differ', (SELECT count(DISTINCT center_id) FROM kpi_local)),
          'center_kpi_score grouped by center on a table distributed by indicator: split');
SELECT is(pg_temp.dist_check('center_kpi_score', $$effcap.center_kpi_score(indicator, value, effcap.default_center_scorecard())$$,
                             'kpi_by_indicator', 'kpi_local', 'center_id'),
          format('split, %s groups, 0 differ', (SELECT count(DISTINCT center_id) FROM kpi_local)),
          'center_kpi_score with a scorecard, grouped by center on a table distributed by indicator: split');

-- FCR across customers' shards: judge each contact with the window
-- function on the table distributed by customer (the window runs on the
-- shard that holds all of a customer's contacts), then count the verdicts
-- with the judged aggregates, which Citus splits by any grouping.
\set judged '(SELECT agent_id, center_id, effcap.first_contact_resolved(started_at, interval ''7 days'') OVER (PARTITION BY customer_id ORDER BY started_at) AS resolved FROM '
SELECT is(pg_temp.dist_check('fcr_rate', 'effcap.fcr_rate(resolved)', :'judged' || 'by_customer WHERE answered) j',
                             :'judged' || 'contacts_local WHERE answered) j', g.grp),
          format('split, %s groups, 0 differ', g.n),
          format('FCR recipe (window by customer, then fcr_rate(resolved)) %s: split, equal',
                 coalesce('grouped by ' || g.grp, 'over the whole table')))
FROM (VALUES ('agent_id', (SELECT count(DISTINCT agent_id) FROM contacts_local WHERE answered)),
             ('center_id', (SELECT count(DISTINCT center_id) FROM contacts_local WHERE answered)), (NULL, 1)) g(grp, n)
ORDER BY g.grp;
SELECT is(pg_temp.dist_check('fcr_stats', 'effcap.fcr_stats(resolved)', :'judged' || 'by_customer WHERE answered) j',
                             :'judged' || 'contacts_local WHERE answered) j', 'center_id'),
          format('split, %s groups, 0 differ', (SELECT count(DISTINCT center_id) FROM contacts_local)),
          'FCR recipe with fcr_stats(resolved), grouped by center: split, equal');
-- ... and over the whole table it is the one-step fcr_rate of the local
-- copy.  (Per center they differ, as they should: the one-step aggregate
-- grouped by center sees only that center's contacts, so a repeat at
-- another center goes unseen; the window sees all of a customer's.)
SELECT is(pg_temp.rows_of('SELECT 0::text, effcap.fcr_rate(resolved)::text FROM ' || :'judged' ||
                          'by_customer WHERE answered) j'),
          pg_temp.rows_of($$SELECT 0::text, effcap.fcr_rate(customer_id, started_at, interval '7 days')::text
                            FROM contacts_local WHERE answered$$),
          'the FCR recipe on Citus over the whole table gives the one-step fcr_rate of the local copy');

SELECT * FROM finish();
