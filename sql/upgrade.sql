-- Upgrades with users' objects in place: stored summaries in tables, views
-- and a materialized view over effcap's functions and aggregates, made at
-- the oldest version each family has.  Walking every ALTER EXTENSION ...
-- UPDATE step keeps them (no step drops what they depend on), and after
-- each step they read the same numbers.  At the end the stored values
-- equal what the current aggregates build from the same rows.
\set VERBOSITY terse
SET extra_float_digits = 0;
DROP EXTENSION effcap;
CREATE EXTENSION effcap VERSION '0.1.0';

CREATE TABLE up_rows AS
SELECT g, 1 + g % 6 AS agent, (ARRAY['inbound', 'ticket', 'complaint'])[1 + g % 3] AS wt,
       g % 4 = 0 AS dissatisfied, g % 9 = 0 AS invalid, g % 5 = 0 AS rep,
       CASE WHEN g % 7 = 0 THEN 'A' WHEN g % 11 = 0 THEN 'C' END AS tier,
       (g * 7 % 61)::float8 AS wait, g % 8 <> 0 AS answered, 60 + (g * 13 % 600)::float8 AS handle,
       1 + g % 5 AS csat, g % 11 AS nps
FROM generate_series(1, 240) g;

-- 0.1.0: stored capacity summaries, a view per agent, a rolled-up view.
CREATE TABLE up_capacity AS
SELECT agent, effcap.capacity_summary(wt, dissatisfied, invalid, rep, tier) AS summary FROM up_rows GROUP BY agent;
CREATE VIEW up_agent_capacity AS
SELECT agent, (effcap.effective_capacity(summary)).effective, (effcap.effective_capacity(summary)).quality_rate
FROM up_capacity;
CREATE VIEW up_center_capacity AS SELECT (effcap.effective_capacity(effcap.rollup(summary))).* FROM up_capacity;
CREATE MATERIALIZED VIEW up_capacity_mv AS SELECT agent, summary::text AS stored FROM up_capacity;

-- 0.2.0: KPI inputs kept per agent, scored by a view.
ALTER EXTENSION effcap UPDATE TO '0.2.0';
CREATE TABLE up_kpi AS
SELECT agent, effcap.center_kpi_score(k, v) AS score
FROM up_rows, LATERAL (VALUES ('answer_rate', 0.9), ('non_call_processing_rate', 0.95), ('exam_avg', 80 + agent),
                              ('qa_avg', 85), ('avg_talk_seconds', 200 + agent), ('performance_avg', 88),
                              ('major_complaints', 0), ('report_errors', agent % 2)) kv(k, v)
WHERE g <= 6 GROUP BY agent;
CREATE VIEW up_kpi_view AS SELECT agent, (score).score FROM up_kpi;

-- 0.3.0: FCR per agent.
ALTER EXTENSION effcap UPDATE TO '0.3.0';
CREATE VIEW up_fcr AS
SELECT agent, (effcap.fcr_stats(g % 17, timestamptz '2026-11-01' + g * interval '1 hour', interval '2 days')).*
FROM up_rows GROUP BY agent;

-- 0.4.0: contact statistics, CSAT, NPS, handle-time compliance.
ALTER EXTENSION effcap UPDATE TO '0.4.0';
CREATE VIEW up_contacts AS
SELECT agent, effcap.contact_stats(wait, answered, CASE WHEN answered THEN handle END)::text AS stats,
       effcap.service_level(wait, answered, 20, 'abandons_ignored') AS sl, effcap.csat(csat) AS csat,
       effcap.nps(nps) AS nps, effcap.aht_compliance(handle, 400, 2) AS aht
FROM up_rows GROUP BY agent;

-- Still at 0.4.0: the counting aggregates of the old definitions, with the
-- new library, in parallel (partial states combined) read what they read
-- serially.
CREATE TABLE up_serial AS
SELECT effcap.csat(csat) AS csat, effcap.nps(nps) AS nps, effcap.aht_compliance(handle, 400, 2) AS aht FROM up_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SELECT s.csat = p.csat AS same_csat, s.nps = p.nps AS same_nps, s.aht = p.aht AS same_aht
FROM up_serial s, (SELECT effcap.csat(csat) AS csat, effcap.nps(nps) AS nps, effcap.aht_compliance(handle, 400, 2) AS aht
                   FROM up_rows) p;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- What every view reads now.
CREATE FUNCTION pg_temp.readings() RETURNS TABLE (view text, reading text) LANGUAGE sql AS $$
    SELECT 'agent capacity', string_agg(format('%s %s %s', agent, effective, quality_rate), '; ' ORDER BY agent) FROM up_agent_capacity
    UNION ALL SELECT 'center capacity', (SELECT x::text FROM up_center_capacity x)
    UNION ALL SELECT 'capacity mv', string_agg(agent || ' ' || stored, '; ' ORDER BY agent) FROM up_capacity_mv
    UNION ALL SELECT 'kpi', string_agg(agent || ' ' || score, '; ' ORDER BY agent) FROM up_kpi_view
    UNION ALL SELECT 'fcr', string_agg(x::text, '; ' ORDER BY agent) FROM up_fcr x
    UNION ALL SELECT 'contacts', string_agg(x::text, '; ' ORDER BY agent) FROM up_contacts x
$$;
CREATE TABLE up_before AS SELECT * FROM pg_temp.readings();
SELECT count(*) AS views, count(reading) AS read FROM up_before;

ALTER EXTENSION effcap UPDATE TO '0.5.0';
SELECT extversion, (SELECT count(*) FROM pg_temp.readings() r JOIN up_before b USING (view) WHERE r.reading = b.reading) AS same
FROM pg_extension WHERE extname = 'effcap';
ALTER EXTENSION effcap UPDATE TO '0.6.0';
SELECT extversion, (SELECT count(*) FROM pg_temp.readings() r JOIN up_before b USING (view) WHERE r.reading = b.reading) AS same
FROM pg_extension WHERE extname = 'effcap';
REFRESH MATERIALIZED VIEW up_capacity_mv;
SELECT count(*) AS same_after_refresh FROM pg_temp.readings() r JOIN up_before b USING (view) WHERE r.reading = b.reading;

-- The stored values equal what the current aggregates build.
SELECT count(*) AS agents, count(*) FILTER (WHERE c.summary::text = n.summary::text) AS same_summary
FROM up_capacity c JOIN (SELECT agent, effcap.capacity_summary(wt, dissatisfied, invalid, rep, tier) AS summary
                         FROM up_rows GROUP BY agent) n USING (agent);
SELECT count(*) AS agents, count(*) FILTER (WHERE k.score::text = n.score::text) AS same_kpi
FROM up_kpi k JOIN (SELECT agent, effcap.center_kpi_score(k, v) AS score
                    FROM up_rows, LATERAL (VALUES ('answer_rate', 0.9), ('non_call_processing_rate', 0.95), ('exam_avg', 80 + agent),
                                                  ('qa_avg', 85), ('avg_talk_seconds', 200 + agent), ('performance_avg', 88),
                                                  ('major_complaints', 0), ('report_errors', agent % 2)) kv(k, v)
                    WHERE g <= 6 GROUP BY agent) n USING (agent);

-- Only inside an aggregate still defined as before 0.6.0 may a counter
-- state come without its kind: handed to a support function directly, an
-- untagged state is refused as before.
SELECT effcap.csat_final('{0,3,1}'::bigint[]);

-- Back to a fresh install of the current version for the tests that follow.
DROP MATERIALIZED VIEW up_capacity_mv;
DROP VIEW up_agent_capacity, up_center_capacity, up_kpi_view, up_fcr, up_contacts;
DROP TABLE up_rows, up_capacity, up_kpi, up_before, up_serial;
DROP EXTENSION effcap;
CREATE EXTENSION effcap;
