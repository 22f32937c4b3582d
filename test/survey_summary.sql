-- pgTAP: the survey summary read with default weights equals the one-step
-- csat() and nps() over the same rows; weighted reads equal the weighted
-- one-step CSAT and a plain-SQL weighted mean; rollups in any order and in
-- parallel equal the whole; text input survives mutation.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.61);
SELECT no_plan();

SELECT has_type('effcap', 'survey_summary', 'type survey_summary');
SELECT has_function('effcap', 'survey_summary', ARRAY['integer', 'integer', 'text']);
SELECT has_function('effcap', 'csat', ARRAY['effcap.survey_summary', 'jsonb']);
SELECT has_function('effcap', 'csat_mean', ARRAY['effcap.survey_summary', 'jsonb']);
SELECT has_function('effcap', 'nps', ARRAY['effcap.survey_summary', 'jsonb']);
SELECT has_function('effcap', 'rollup', ARRAY['effcap.survey_summary']);

-- 30000 respondents of 30 agents over 10 days; a third answer actively; a
-- third of the answers are missing; 5-point CSAT.
CREATE TEMP TABLE answers AS
SELECT 1 + g % 30 AS agent, 1 + (g / 30) % 10 AS day,
       CASE WHEN g % 3 = 0 THEN 'active' ELSE 'passive' END AS source,
       CASE WHEN random() < 0.3 THEN NULL ELSE 1 + floor(random() * 5)::int END AS csat,
       CASE WHEN random() < 0.3 THEN NULL ELSE floor(random() * 11)::int END AS nps
FROM generate_series(0, 29999) g;
CREATE TEMP TABLE agent_day AS
SELECT agent, day, effcap.survey_summary(csat, nps, source) AS s FROM answers GROUP BY agent, day;

SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE got IS DISTINCT FROM want)) FROM (
              SELECT agent, effcap.csat(effcap.rollup(s)) || '/' || effcap.nps(effcap.rollup(s)) AS got
              FROM agent_day GROUP BY agent) g
           JOIN (SELECT agent, effcap.csat(csat) || '/' || effcap.nps(nps) AS want FROM answers GROUP BY agent) w
           USING (agent)), '30 compared, 0 differ',
          'csat and nps of rolled-up summaries equal the one-step aggregates over the rows, to the bit');
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE abs(got - want) > 1e-12)) FROM (
              SELECT agent, effcap.csat(effcap.rollup(s), '{"weights": {"active": 2.5, "passive": 1}}') AS got
              FROM agent_day GROUP BY agent) g
           JOIN (SELECT agent, effcap.csat(csat, 5, CASE source WHEN 'active' THEN 2.5 ELSE 1 END) AS want
                 FROM answers GROUP BY agent) w USING (agent)), '30 compared, 0 differ',
          'weighted csat of summaries equals the weighted one-step csat');
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE abs(got - want) > 1e-12)) FROM (
              SELECT agent, effcap.csat_mean(effcap.rollup(s), '{"weights": {"active": 2}}') AS got
              FROM agent_day GROUP BY agent) g
           JOIN (SELECT agent,
                        sum(csat * CASE source WHEN 'active' THEN 2 ELSE 1 END)::float8
                            / sum(CASE source WHEN 'active' THEN 2 ELSE 1 END) FILTER (WHERE csat IS NOT NULL) AS want
                 FROM answers GROUP BY agent) w USING (agent)), '30 compared, 0 differ',
          'weighted mean score of summaries equals the plain-SQL weighted average');
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE abs(got - want) > 1e-12)) FROM (
              SELECT agent, effcap.nps(effcap.rollup(s), '{"weights": {"active": 2}}') AS got
              FROM agent_day GROUP BY agent) g
           JOIN (SELECT agent,
                        100.0 * (sum(CASE source WHEN 'active' THEN 2 ELSE 1 END) FILTER (WHERE nps >= 9)
                                 - sum(CASE source WHEN 'active' THEN 2 ELSE 1 END) FILTER (WHERE nps <= 6))
                            / sum(CASE source WHEN 'active' THEN 2 ELSE 1 END) FILTER (WHERE nps IS NOT NULL) AS want
                 FROM answers GROUP BY agent) w USING (agent)), '30 compared, 0 differ',
          'weighted nps of summaries equals the plain-SQL weighted NPS');

SELECT is((SELECT effcap.rollup(s ORDER BY random())::text FROM agent_day),
          (SELECT effcap.survey_summary(csat, nps, source)::text FROM answers),
          'rollup of agent-days in random order equals the summary of all rows');
CREATE TABLE survey_days AS SELECT * FROM agent_day;
ANALYZE survey_days;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT effcap.rollup(s)::text FROM survey_days),
          (SELECT effcap.survey_summary(csat, nps, source)::text FROM answers),
          'rollup with parallel workers equals the summary of all rows');
RESET max_parallel_workers_per_gather;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE a IS DISTINCT FROM b)) FROM (
              SELECT effcap.csat(effcap.survey_summary(csat, nps, source) OVER w) AS a, effcap.csat(csat) OVER w AS b
              FROM (SELECT * FROM answers WHERE agent = 1) x
              WINDOW w AS (ORDER BY day, csat, nps, source ROWS BETWEEN 20 PRECEDING AND CURRENT ROW)) y),
          '1000 compared, 0 differ', 'survey_summary over a sliding frame gives the one-step csat over it');

CREATE FUNCTION pg_temp.fuzz(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    base text := (SELECT s::text FROM agent_day ORDER BY agent, day LIMIT 1);
    t text;
    pos int;
    other int := 0;
    v effcap.survey_summary;
BEGIN
    FOR i IN 1..n LOOP
        t := base;
        FOR j IN 1..1 + floor(random() * 3)::int LOOP
            pos := 1 + floor(random() * length(t))::int;
            t := overlay(t PLACING substr('-0123456789"{}[]:,e.1npsa_', 1 + floor(random() * 26)::int, 1 + floor(random() * 2)::int)
                         FROM pos FOR floor(random() * 3)::int);
        END LOOP;
        BEGIN
            v := t::effcap.survey_summary;
            IF v::text::effcap.survey_summary::text <> v::text THEN
                other := other + 1;
            END IF;
        EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range
                    OR string_data_right_truncation OR program_limit_exceeded THEN
            NULL;
        WHEN OTHERS THEN
            RAISE NOTICE 'fuzz: % (%): %', SQLSTATE, SQLERRM, t;
            other := other + 1;
        END;
    END LOOP;
    RETURN other;
END $$;
SELECT is(pg_temp.fuzz(5000), 0, 'mutated text forms are refused cleanly or read back to themselves');


-- Binary input survives mutation the same way (test/lib/fuzz_binary.sql).
\ir lib/fuzz_binary.sql
CREATE TEMP TABLE fuzzed AS SELECT * FROM pg_temp.fuzz_binary('effcap.survey_summary', ARRAY(SELECT effcap.survey_summary_send(s) FROM agent_day ORDER BY agent, day LIMIT 10), 600);
SELECT is((SELECT bad FROM fuzzed), 0, 'fuzzed binary input: nothing accepted that does not round-trip');
SELECT ok((SELECT refused > 0 AND accepted + refused = 600 FROM fuzzed), 'fuzzed binary input: 600 cases, bad ones refused');

SELECT * FROM finish();
ROLLBACK;
