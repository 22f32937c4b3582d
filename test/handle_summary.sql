-- pgTAP: the handle-time summary read under limits and exemptions equals
-- the one-step aht_compliance over the rows at every grain; rollups in any
-- order and in parallel equal the whole; percentiles agree with
-- percentile_disc; text input survives mutation.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.37);
SELECT no_plan();

SELECT has_type('effcap', 'handle_summary', 'type handle_summary');
SELECT has_function('effcap', 'handle_summary', ARRAY['text', 'double precision']);
SELECT has_function('effcap', 'aht_compliance', ARRAY['effcap.handle_summary', 'jsonb', 'integer']);
SELECT has_function('effcap', 'rollup', ARRAY['effcap.handle_summary']);

-- 30000 handled contacts of 30 agents over 20 days, simple (limit 180 s)
-- or complex (900 s), handle times on a 0.5 s grid around the limits.
CREATE TEMP TABLE handled AS
SELECT 1 + g % 30 AS agent, 1 + (g / 30) % 20 AS day,
       CASE WHEN random() < 0.7 THEN 'simple' ELSE 'complex' END AS category,
       floor(random() * 2200) / 2 AS seconds
FROM generate_series(0, 29999) g;
UPDATE handled SET seconds = seconds / 5 WHERE category = 'simple';
CREATE TEMP TABLE agent_day AS
SELECT agent, day, effcap.handle_summary(category, seconds) AS s FROM handled GROUP BY agent, day;

-- The agent-month, 3 exemptions (seed 001), and other limits: equal to the
-- one-step aggregate over the rows.
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE got IS DISTINCT FROM want)) FROM (
              SELECT agent, l.simple, l.complex, e,
                     effcap.aht_compliance(effcap.rollup(s), jsonb_build_object('simple', l.simple, 'complex', l.complex), e) AS got
              FROM agent_day, (VALUES (180, 900), (120, 600), (200, 1000)) l(simple, complex), unnest(ARRAY[0, 3, 10]) e
              GROUP BY agent, l.simple, l.complex, e) g
           JOIN (SELECT agent, l.simple, l.complex, e,
                        effcap.aht_compliance(seconds, CASE category WHEN 'simple' THEN l.simple ELSE l.complex END, e) AS want
                 FROM handled, (VALUES (180, 900), (120, 600), (200, 1000)) l(simple, complex), unnest(ARRAY[0, 3, 10]) e
                 GROUP BY agent, l.simple, l.complex, e) w USING (agent, simple, complex, e)),
          '270 compared, 0 differ', 'aht_compliance of rolled-up summaries equals the one-step aggregate, to the bit');
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE got IS DISTINCT FROM want)) FROM (
              SELECT agent, f, effcap.handle_percentile(effcap.rollup(s), f) AS got
              FROM agent_day, unnest(ARRAY[0.1, 0.5, 0.9, 1]) f GROUP BY agent, f) g
           JOIN (SELECT agent, f, ceil(percentile_disc(f) WITHIN GROUP (ORDER BY seconds)) AS want
                 FROM handled, unnest(ARRAY[0.1, 0.5, 0.9, 1]) f GROUP BY agent, f) w USING (agent, f)),
          '120 compared, 0 differ', 'handle percentiles are ceil(percentile_disc) of the handle times');
SELECT is((SELECT effcap.rollup(s ORDER BY random())::text FROM agent_day),
          (SELECT effcap.handle_summary(category, seconds)::text FROM handled),
          'rollup of agent-days in random order equals the summary of all rows');
CREATE TABLE handle_days AS SELECT * FROM agent_day;
ANALYZE handle_days;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT effcap.rollup(s)::text FROM handle_days),
          (SELECT effcap.handle_summary(category, seconds)::text FROM handled),
          'rollup with parallel workers equals the summary of all rows');
RESET max_parallel_workers_per_gather;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE a IS DISTINCT FROM b)) FROM (
              SELECT effcap.aht_compliance(effcap.handle_summary(category, seconds) OVER w, '{"simple": 180, "complex": 900}', 2) AS a,
                     effcap.aht_compliance(seconds, CASE category WHEN 'simple' THEN 180 ELSE 900 END, 2) OVER w AS b
              FROM (SELECT * FROM handled WHERE agent = 1) x
              WINDOW w AS (ORDER BY day, seconds, category ROWS BETWEEN 25 PRECEDING AND CURRENT ROW)) y),
          '1000 compared, 0 differ', 'handle_summary over a sliding frame gives the one-step aht_compliance over it');

CREATE FUNCTION pg_temp.fuzz(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    base text := (SELECT s::text FROM agent_day ORDER BY agent, day LIMIT 1);
    t text;
    pos int;
    other int := 0;
    v effcap.handle_summary;
BEGIN
    FOR i IN 1..n LOOP
        t := base;
        FOR j IN 1..1 + floor(random() * 3)::int LOOP
            pos := 1 + floor(random() * length(t))::int;
            t := overlay(t PLACING substr('-0123456789"{}:,e.1sa', 1 + floor(random() * 21)::int, 1 + floor(random() * 2)::int)
                         FROM pos FOR floor(random() * 3)::int);
        END LOOP;
        BEGIN
            v := t::effcap.handle_summary;
            IF v::text::effcap.handle_summary::text <> v::text THEN
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
CREATE TEMP TABLE fuzzed AS SELECT * FROM pg_temp.fuzz_binary('effcap.handle_summary', ARRAY(SELECT effcap.handle_summary_send(s) FROM agent_day ORDER BY agent, day LIMIT 10), 600);
SELECT is((SELECT bad FROM fuzzed), 0, 'fuzzed binary input: nothing accepted that does not round-trip');
SELECT ok((SELECT refused > 0 AND accepted + refused = 600 FROM fuzzed), 'fuzzed binary input: 600 cases, bad ones refused');

-- Stored bytes survive damage the same way (test/lib/fuzz_stored.sql).
\ir lib/fuzz_stored.sql
SELECT * FROM pg_temp.fuzz_stored_checks('effcap.handle_summary',
    '(SELECT s FROM agent_day ORDER BY agent, day LIMIT 10) UNION ALL SELECT effcap.rollup(s) FROM agent_day', 2000, 1000);

SELECT * FROM finish();
ROLLBACK;
