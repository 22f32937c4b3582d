-- pgTAP: the queue summary read under options chosen later equals the
-- one-step aggregate over the raw rows, for every whole-second threshold,
-- short-abandon threshold and policy; rollups in any order and in parallel
-- equal the whole; percentiles agree with percentile_disc; text input
-- survives mutation.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.29);
SELECT no_plan();

SELECT has_type('effcap', 'queue_summary', 'type queue_summary');
SELECT has_function('effcap', 'queue_summary', ARRAY['double precision', 'boolean', 'double precision']);
SELECT has_function('effcap', 'contact_stats', ARRAY['effcap.queue_summary', 'jsonb']);
SELECT has_function('effcap', 'service_level', ARRAY['effcap.queue_summary', 'double precision', 'text']);
SELECT has_function('effcap', 'wait_percentile', ARRAY['effcap.queue_summary', 'double precision']);
SELECT has_function('effcap', 'handle_percentile', ARRAY['effcap.queue_summary', 'double precision']);
SELECT has_function('effcap', 'rollup', ARRAY['effcap.queue_summary']);

-- 40000 offered contacts of 40 agents over 10 days; waits on a 0.25 s grid
-- (many exactly at whole seconds, many between), some NULL rows.
CREATE TEMP TABLE offered AS
SELECT 1 + (g % 40) AS agent, 1 + (g / 4000) AS day,
       CASE WHEN g % 997 = 0 THEN NULL ELSE floor((random() ^ 2 * 60) * 4) / 4 END AS wait,
       random() > 0.1 AS answered,
       round((30 + random() * 600)::numeric, 2)::float8 AS handle
FROM generate_series(0, 39999) g;
CREATE TEMP TABLE agent_day AS
SELECT agent, day, effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) AS s
FROM offered GROUP BY agent, day;

-- Read-time options: every combination gives the one-step row, per agent.
CREATE FUNCTION pg_temp.option_mismatches(opts jsonb) RETURNS text LANGUAGE sql AS $$
    SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE one_step IS DISTINCT FROM stored)) FROM (
        SELECT agent, effcap.contact_stats(wait, answered, CASE WHEN answered THEN handle END, opts)::text AS one_step
        FROM offered GROUP BY agent) o
    JOIN (SELECT agent, effcap.contact_stats(effcap.rollup(s), opts)::text AS stored
          FROM agent_day GROUP BY agent) s USING (agent)
$$;
SELECT is(pg_temp.option_mismatches(jsonb_build_object('threshold_seconds', t, 'short_abandon_seconds', sa, 'policy', p)),
          '40 compared, 0 differ', format('stored agent-days read at %s s, short under %s s, %s equal the one-step aggregate', t, sa, p))
FROM unnest(ARRAY[0, 1, 5, 20, 30, 59, 60]) t, unnest(ARRAY[0, 3]) sa,
     unnest(ARRAY['abandons_negative', 'abandons_ignored', 'abandons_positive', 'handled_only']) p;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE one_step IS DISTINCT FROM stored)) FROM (
              SELECT agent, effcap.service_level(wait, answered, 17, 'abandons_positive') AS one_step
              FROM offered GROUP BY agent) o
           JOIN (SELECT agent, effcap.service_level(effcap.rollup(s), 17, 'abandons_positive') AS stored
                 FROM agent_day GROUP BY agent) s USING (agent)), '40 compared, 0 differ',
          'service_level(summary, threshold, policy) equals the one-step service_level');

-- Rollups: any order, and with parallel workers, give the same bytes as the
-- summary of the raw rows.
SELECT is((SELECT effcap.rollup(s ORDER BY random())::text FROM agent_day),
          (SELECT effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END)::text FROM offered),
          'rollup of agent-days in random order equals the summary of all rows');
CREATE TABLE queue_days AS SELECT * FROM agent_day;
ANALYZE queue_days;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT effcap.rollup(s)::text FROM queue_days),
          (SELECT effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END)::text FROM offered),
          'rollup with parallel workers equals the summary of all rows');
RESET max_parallel_workers_per_gather;

-- Percentiles: the smallest whole second covering the fraction, that is
-- ceil(percentile_disc) of the answered contacts' times.
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE got_wait <> want_wait OR got_handle <> want_handle)) FROM (
              SELECT agent, f,
                     effcap.wait_percentile(effcap.rollup(s), f) AS got_wait,
                     effcap.handle_percentile(effcap.rollup(s), f) AS got_handle
              FROM agent_day, unnest(ARRAY[0.01, 0.25, 0.5, 0.8, 0.9, 0.95, 1]) f GROUP BY agent, f) g
           JOIN (SELECT agent, f,
                        ceil(percentile_disc(f) WITHIN GROUP (ORDER BY wait)) AS want_wait,
                        ceil(percentile_disc(f) WITHIN GROUP (ORDER BY handle)) AS want_handle
                 FROM offered, unnest(ARRAY[0.01, 0.25, 0.5, 0.8, 0.9, 0.95, 1]) f
                 WHERE answered AND wait IS NOT NULL GROUP BY agent, f) w USING (agent, f)), '280 compared, 0 differ',
          'wait and handle percentiles are ceil(percentile_disc) of answered contacts');

-- Sliding frames: the moving-aggregate mode equals the one-step aggregate
-- over the same frame.
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE a IS DISTINCT FROM b::text)) FROM (
              SELECT effcap.contact_stats(effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) OVER w)::text AS a,
                     effcap.contact_stats(wait, answered, CASE WHEN answered THEN handle END) OVER w AS b
              FROM (SELECT * FROM offered WHERE agent = 1) o
              WINDOW w AS (ORDER BY day, wait, handle ROWS BETWEEN 30 PRECEDING AND 5 FOLLOWING)) x),
          '1000 compared, 0 differ',
          'queue_summary over a sliding frame equals contact_stats over it');
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE rolled::text IS DISTINCT FROM (
               SELECT effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END)::text
               FROM offered o WHERE o.agent = 2 AND o.day BETWEEN r.day - 2 AND r.day))) FROM (
              SELECT effcap.rollup(s) OVER w AS rolled, agent, day FROM agent_day WHERE agent = 2
              WINDOW w AS (ORDER BY day ROWS 2 PRECEDING)) r), '10 compared, 0 differ',
          'rollup over a trailing frame of days equals the summary of those days');

-- Large states: thousands of distinct waits and handle times (the counts
-- then move to an array indexed by key), rare times far beyond them, and
-- frames that add and remove rows or whole summaries.
CREATE TEMP TABLE wide AS
SELECT g, (CASE WHEN g % 101 = 0 THEN 100000 + g ELSE (g * 7919) % 2500 + (g % 4) * 0.25 END)::float8 AS wait,
       g % 9 <> 0 AS answered,
       (CASE WHEN g % 53 = 0 THEN 5000000 + g ELSE (g * 104729) % 4000 + 0.5 END)::float8 AS handle
FROM generate_series(1, 6000) g;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE a IS DISTINCT FROM b::text)) FROM (
              SELECT effcap.contact_stats(effcap.queue_summary(wait, answered, handle) OVER w)::text AS a,
                     effcap.contact_stats(wait, answered, handle) OVER w AS b
              FROM wide WINDOW w AS (ORDER BY g ROWS BETWEEN 2500 PRECEDING AND 100 FOLLOWING)) x),
          '6000 compared, 0 differ',
          'a sliding frame of 2,600 rows with thousands of distinct times: the summary reads as contact_stats over it');
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE got IS DISTINCT FROM want)) FROM (
              SELECT g, ARRAY[effcap.wait_percentile(s, 0.5), effcap.wait_percentile(s, 0.995),
                              effcap.handle_percentile(s, 0.5), effcap.handle_percentile(s, 0.995)] AS got
              FROM (SELECT g, effcap.queue_summary(wait, answered, handle)
                                  OVER (ORDER BY g ROWS BETWEEN 2500 PRECEDING AND 100 FOLLOWING) AS s FROM wide) f
              WHERE g % 200 = 0) m
           CROSS JOIN LATERAL (
              SELECT ARRAY[ceil(percentile_disc(0.5) WITHIN GROUP (ORDER BY wait)),
                           ceil(percentile_disc(0.995) WITHIN GROUP (ORDER BY wait)),
                           ceil(percentile_disc(0.5) WITHIN GROUP (ORDER BY handle)),
                           ceil(percentile_disc(0.995) WITHIN GROUP (ORDER BY handle))] AS want
              FROM wide w WHERE answered AND w.g BETWEEN m.g - 2500 AND m.g + 100) r),
          '30 compared, 0 differ',
          'percentiles over a sliding frame of 2,600 rows are ceil(percentile_disc) of its answered contacts');
CREATE TEMP TABLE wide_chunks AS
SELECT g / 100 AS chunk, effcap.queue_summary(wait, answered, handle) AS s FROM wide GROUP BY 1;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE rolled IS DISTINCT FROM (
               SELECT effcap.queue_summary(wait, answered, handle)::text FROM wide w
               WHERE w.g / 100 BETWEEN r.chunk - 25 AND r.chunk))) FROM (
              SELECT chunk, effcap.rollup(s) OVER (ORDER BY chunk ROWS 25 PRECEDING)::text AS rolled FROM wide_chunks) r),
          '61 compared, 0 differ',
          'rollup over a sliding frame of 26 summaries with thousands of distinct times equals the summary of their rows');
SELECT is((SELECT effcap.rollup(s ORDER BY random())::text FROM wide_chunks),
          (SELECT effcap.queue_summary(wait, answered, handle)::text FROM wide),
          'rollup of large summaries in random order equals the summary of all rows');

-- Counts of a rollup's state beyond 2 and beyond 4 bytes (the state
-- widens its array of counts): 128 abandoned-wait keys of `unit` contacts
-- each, rolled up over a sliding frame of five.  40,000 a key fits 2 bytes
-- and two of them do not; 1,000,000,000 fits 4 bytes, and five of them
-- (5e9) pass 2^32.
CREATE FUNCTION pg_temp.big(k bigint, unit bigint) RETURNS effcap.queue_summary LANGUAGE sql AS $$
    SELECT format('{"version": 1, "answered_waits": {}, "abandoned_waits": {%s}, "handle_times": {}, '
                  '"answered_wait_us": 0, "answered_handle_us": 0}',
                  (SELECT string_agg(format('"%s": %s', s, k * unit), ', ' ORDER BY s)
                   FROM generate_series(0, 127) s))::effcap.queue_summary
$$;
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE rolled IS DISTINCT FROM pg_temp.big(least(i, 5), unit)::text))
           FROM (SELECT unit, i, effcap.rollup(pg_temp.big(1, unit)) OVER (PARTITION BY unit ORDER BY i ROWS 4 PRECEDING)::text AS rolled
                 FROM generate_series(1, 8) i, (VALUES (40000), (1000000000)) u(unit)) r),
          '16 compared, 0 differ',
          'rollup counts beyond 2^16 and 2^32 per key, added and removed over a sliding frame');

-- Text input survives mutation: only invalid_text_representation (or the
-- summary reads back to itself).
CREATE FUNCTION pg_temp.fuzz(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    base text := (SELECT s::text FROM agent_day ORDER BY agent, day LIMIT 1);
    t text;
    pos int;
    other int := 0;
    v effcap.queue_summary;
BEGIN
    FOR i IN 1..n LOOP
        t := base;
        FOR j IN 1..1 + floor(random() * 3)::int LOOP
            pos := 1 + floor(random() * length(t))::int;
            t := overlay(t PLACING substr('-0123456789"{}:,e.1', 1 + floor(random() * 18)::int, 1 + floor(random() * 2)::int)
                         FROM pos FOR floor(random() * 3)::int);
        END LOOP;
        BEGIN
            v := t::effcap.queue_summary;
            IF v::text::effcap.queue_summary::text <> v::text THEN
                other := other + 1;
            END IF;
        EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
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
CREATE TEMP TABLE fuzzed AS SELECT * FROM pg_temp.fuzz_binary('effcap.queue_summary', ARRAY(SELECT effcap.queue_summary_send(s) FROM agent_day ORDER BY agent, day LIMIT 10), 600);
SELECT is((SELECT bad FROM fuzzed), 0, 'fuzzed binary input: nothing accepted that does not round-trip');
SELECT ok((SELECT refused > 0 AND accepted + refused = 600 FROM fuzzed), 'fuzzed binary input: 600 cases, bad ones refused');

-- Stored bytes survive damage the same way (test/lib/fuzz_stored.sql): the
-- agent-days and their whole (counts in the thousands).
\ir lib/fuzz_stored.sql
SELECT * FROM pg_temp.fuzz_stored_checks('effcap.queue_summary',
    'SELECT s FROM agent_day WHERE agent <= 5 UNION ALL SELECT effcap.rollup(s) FROM agent_day', 4000, 2000);

SELECT * FROM finish();
ROLLBACK;
