-- make memory: the memory each aggregate's state takes, measured as the
-- peak memory of a hash aggregate (EXPLAIN ANALYZE) over 10,000 groups,
-- less that of count(*) over the same groups (the hash table itself), for
-- groups of 50 and of 500 contacts; the rollups over 10,000 groups of 30
-- stored day summaries, the scorecard over 10,000 centres of 8
-- indicators; and per contact in one group of all 5M contacts.  Memory is
-- counted in the blocks the hash aggregate allocates, so a few hundred
-- bytes per group is as fine as it resolves.  Prints Markdown tables
-- (doc/performance.md keeps the last ones).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SET work_mem = '4GB';
SET jit = off;
CREATE EXTENSION IF NOT EXISTS effcap;

-- 5M contacts of 10,000 groups: waits 0-300 s, handle 60-959 s, scores on
-- every scale, 50,000 customers over 30 days.
CREATE TEMP TABLE contacts AS
SELECT g, g % 10000 AS grp, g / 10000 AS nth,
       (g * 7 % 301)::float8 AS wait, g % 9 <> 0 AS answered, (60 + g * 13 % 900)::float8 AS handle,
       (ARRAY['inbound', 'ticket', 'complaint'])[1 + g % 3] AS work_type,
       (ARRAY['simple', 'complex'])[1 + g % 2] AS category,
       (1 + g % 5)::int AS csat, (g % 11)::int AS nps, CASE WHEN g % 2 = 0 THEN 'passive' ELSE 'active' END AS source,
       g * 7919 % 50000 AS customer,
       timestamptz '2026-11-01 00:00+00' + (g * 104729 % 2592000) * interval '1 second' AS at
FROM generate_series(0::bigint, 4999999) g;
ANALYZE contacts;

CREATE FUNCTION pg_temp.peak_kb(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO plan;
    RETURN (SELECT max(v::text::numeric)
            FROM jsonb_path_query(plan, 'strict $.**."Peak Memory Usage"') v);
END $$;

-- kB of a hash aggregate computing call per group over groups of n contacts.
CREATE FUNCTION pg_temp.agg_kb(call text, n int) RETURNS numeric LANGUAGE sql AS $$
    SELECT pg_temp.peak_kb(format('SELECT grp, %s FROM contacts WHERE nth < %s GROUP BY grp', call, n))
$$;

CREATE TEMP TABLE aggregates (ord serial, call text);
INSERT INTO aggregates (call) VALUES
    ('effcap.capacity_summary(work_type, g % 3 = 0, g % 7 = 0, g % 5 = 0, NULL)'),
    ('effcap.effective_capacity(work_type, g % 3 = 0, g % 7 = 0, g % 5 = 0, NULL)'),
    ('effcap.contact_stats(wait, answered, handle)'),
    ('effcap.service_level(wait, answered, 20)'),
    ('effcap.queue_summary(wait, answered, handle)'),
    ('effcap.handle_summary(category, handle)'),
    ('effcap.aht_compliance(handle, 300, 3)'),
    ('effcap.csat(csat)'),
    ('effcap.nps(nps)'),
    ('effcap.survey_summary(csat, nps, source)'),
    ('effcap.fcr_rate(customer, at, interval ''7 days'')'),
    ('effcap.fcr_rate(customer::text, at, interval ''7 days'')'),
    ('effcap.fcr_rate(customer::text, category, at, interval ''7 days'')');

-- The hash table's own memory, measured once per group size.
CREATE TEMP TABLE measured AS
WITH base AS MATERIALIZED (
    SELECT pg_temp.agg_kb('count(*)', 50) AS kb_50, pg_temp.agg_kb('count(*)', 500) AS kb_500)
SELECT ord, call,
       pg_temp.agg_kb(call, 50) - base.kb_50 AS kb_50,
       pg_temp.agg_kb(call, 500) - base.kb_500 AS kb_500
FROM aggregates, base;

-- Day summaries: 10,000 groups of 30 days of 10 contacts each.
CREATE TEMP TABLE days AS
SELECT grp, nth % 30 AS day,
       effcap.capacity_summary(work_type, g % 3 = 0, g % 7 = 0, g % 5 = 0, NULL) AS capacity,
       effcap.queue_summary(wait, answered, handle) AS queue,
       effcap.handle_summary(category, handle) AS handle,
       effcap.survey_summary(csat, nps, source) AS survey
FROM contacts WHERE nth < 300 GROUP BY 1, 2;
ANALYZE days;

\pset format unaligned
\pset tuples_only on
SELECT '| aggregate over 10,000 groups of contacts | bytes per group of 50 | bytes per group of 500 |'
UNION ALL SELECT '|---|---|---|'
UNION ALL (SELECT format('| `%s` | %s | %s |', call, round(kb_50 * 1024 / 10000),
                         round(kb_500 * 1024 / 10000))
           FROM measured ORDER BY ord);
\echo

-- The eight indicators of DESIGN 3 for each of 10,000 centres.
CREATE TEMP TABLE indicators AS
SELECT grp, indicator, 50 + (grp * 7 + i) % 50 AS value
FROM generate_series(0, 9999) grp,
     unnest(ARRAY['answer_rate', 'non_call_processing_rate', 'exam_avg', 'qa_avg', 'avg_talk_seconds',
                  'performance_avg', 'major_complaints', 'report_errors']) WITH ORDINALITY AS x(indicator, i);
ANALYZE indicators;

SELECT '| aggregate over 10,000 groups | rows per group | bytes per group |'
UNION ALL SELECT '|---|---|---|'
UNION ALL
SELECT format('| `%s` | %s | %s |', q, CASE tab WHEN 'days' THEN '30 day summaries' ELSE '8 indicators' END,
              round((pg_temp.peak_kb(format('SELECT grp, %s FROM %s GROUP BY grp', q, tab))
                     - pg_temp.peak_kb(format('SELECT grp, count(*) FROM %s GROUP BY grp', tab))) * 1024 / 10000))
FROM (VALUES ('effcap.rollup(capacity)', 'days'), ('effcap.rollup(queue)', 'days'),
             ('effcap.rollup(handle)', 'days'), ('effcap.rollup(survey)', 'days'),
             ('effcap.center_kpi_score(indicator, value)', 'indicators')) AS x(q, tab);
\echo
SELECT '| aggregate over one group of 5,000,000 contacts | bytes per contact |'
UNION ALL SELECT '|---|---|'
UNION ALL
(SELECT format('| `%s` | %s |', call,
               round((pg_temp.peak_kb(format('SELECT g %% 1 AS one, %s FROM contacts GROUP BY 1', call))
                      - pg_temp.peak_kb('SELECT g % 1 AS one, count(*) FROM contacts GROUP BY 1')) * 1024 / 5000000, 1))
 FROM aggregates WHERE call LIKE 'effcap.fcr%' OR call LIKE 'effcap.queue_summary%' ORDER BY ord);
