-- pgTAP: KPI scorecards.  Agreement with a plain-SQL implementation (exact
-- numeric arithmetic) on generated inputs for both default scorecards and
-- every rounding mode; the wide-row form; plan independence; fuzzing.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.17);
SELECT no_plan();

SELECT is_aggregate('effcap', 'center_kpi_score', ARRAY['text', 'double precision']);
SELECT is_aggregate('effcap', 'center_kpi_score', ARRAY['text', 'double precision', 'jsonb']);
SELECT function_returns('effcap', 'kpi_score', ARRAY['jsonb', 'jsonb'], 'effcap.kpi_score');
SELECT is(effcap.validate_scorecard(effcap.default_center_scorecard()), effcap.default_center_scorecard(),
          'the default center scorecard is valid');
SELECT is(effcap.validate_scorecard(effcap.default_supervisor_scorecard()), effcap.default_supervisor_scorecard(),
          'the default supervisor scorecard is valid');
SELECT is((SELECT sum((i ->> 'points')::numeric) FROM jsonb_array_elements(effcap.default_center_scorecard() -> 'indicators') i),
          100::numeric, 'the center scorecard is worth 100 points');
SELECT is((SELECT sum((d ->> 'weight')::numeric) FROM jsonb_array_elements(effcap.default_supervisor_scorecard() -> 'dimensions') d),
          100::numeric, 'the supervisor dimensions weigh 100');

------------------------------------------------------------------------------
-- Generated center-months: values on decimal grids so that exact target and
-- step boundaries occur often; complaints and report errors sometimes absent.
------------------------------------------------------------------------------
CREATE TEMP TABLE center_kpi AS
SELECT g AS grp, i.name AS indicator,
       CASE i.name
           WHEN 'answer_rate' THEN round((0.80 + 0.15 * random())::numeric, 3)::float8
           WHEN 'non_call_processing_rate' THEN round((0.90 + 0.10 * random())::numeric, 2)::float8
           WHEN 'exam_avg' THEN round((70 + 20 * random())::numeric, 1)::float8
           WHEN 'qa_avg' THEN round((72 + 15 * random())::numeric, 1)::float8
           WHEN 'avg_talk_seconds' THEN round(100 + 60 * random())::float8
           WHEN 'performance_avg' THEN round((78 + 12 * random())::numeric, 1)::float8
           ELSE floor(7 * random() ^ 2)::float8
       END AS value
FROM generate_series(1, 400) g,
     (VALUES ('answer_rate'), ('non_call_processing_rate'), ('exam_avg'), ('qa_avg'),
             ('avg_talk_seconds'), ('performance_avg'), ('major_complaints'), ('report_errors')) i(name)
WHERE i.name NOT IN ('major_complaints', 'report_errors') OR random() < 0.8;

-- The reference: the seed 004 method written out in SQL, in numeric.
CREATE FUNCTION pg_temp.center_reference(mode text)
RETURNS TABLE (grp int, indicator text, points numeric) LANGUAGE sql AS $$
    WITH card AS (
        SELECT * FROM jsonb_to_recordset(effcap.default_center_scorecard() -> 'indicators')
            AS x(name text, points numeric, better text, target numeric, per numeric, deduct numeric, "default" numeric)
    ), filled AS (
        SELECT g.grp, c.*, coalesce(v.value::numeric, c."default") AS value
        FROM (SELECT DISTINCT grp FROM center_kpi) g CROSS JOIN card c
        LEFT JOIN center_kpi v ON v.grp = g.grp AND v.indicator = c.name
    ), units AS (
        SELECT *, greatest(0, CASE better WHEN 'higher' THEN target - value ELSE value - target END) / per AS u
        FROM filled
    )
    SELECT grp, name, greatest(0, points - deduct * CASE mode WHEN 'per_started' THEN ceil(u)
                                                              WHEN 'per_full' THEN floor(u) ELSE u END)
    FROM units
$$;

CREATE FUNCTION pg_temp.center_mismatches(mode text) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(*) FROM (
        SELECT grp, effcap.center_kpi_score(indicator, value,
                   effcap.default_center_scorecard() || jsonb_build_object('rounding', mode)) AS s
        FROM center_kpi GROUP BY grp) g
    CROSS JOIN LATERAL effcap.kpi_breakdown(g.s) b
    FULL JOIN pg_temp.center_reference(mode) r ON r.grp = g.grp AND r.indicator = b.indicator
    WHERE r.points IS NULL OR b.points IS NULL OR abs(b.points::numeric - r.points) > 1e-9
$$;

SELECT is(pg_temp.center_mismatches('proportional'), 0::bigint, 'center scorecard, proportional: every indicator agrees with the reference');
SELECT is(pg_temp.center_mismatches('per_started'), 0::bigint, 'center scorecard, per_started: every indicator agrees');
SELECT is(pg_temp.center_mismatches('per_full'), 0::bigint, 'center scorecard, per_full: every indicator agrees');
SELECT is((SELECT count(*) FROM (SELECT grp, effcap.center_kpi_score(indicator, value) s FROM center_kpi GROUP BY grp) g
           JOIN (SELECT grp, sum(points) AS total FROM pg_temp.center_reference('proportional') GROUP BY grp) r USING (grp)
           WHERE abs((s).score::numeric - r.total) <= 1e-9 AND (s).max_score = 100),
          400::bigint, 'center scorecard totals agree with the reference');
SELECT ok((SELECT count(*) FROM pg_temp.center_reference('per_started') r
           JOIN center_kpi k ON k.grp = r.grp AND k.indicator = r.indicator
           WHERE r.indicator = 'avg_talk_seconds' AND k.value::int % 10 = 0 AND k.value > 120) > 10,
          'the generated data hits exact step boundaries');
SELECT ok((SELECT count(*) FROM pg_temp.center_reference('proportional') WHERE points = 0) > 0,
          'some indicators are floored at zero');

-- The wide-row form agrees with the aggregate.
SELECT is((SELECT count(*) FROM (
              SELECT grp, effcap.center_kpi_score(indicator, value)::text AS a,
                     effcap.kpi_score(jsonb_object_agg(indicator, value))::text AS w
              FROM center_kpi GROUP BY grp) x WHERE a = w),
          400::bigint, 'kpi_score(jsonb) equals center_kpi_score over the same values');

------------------------------------------------------------------------------
-- Generated supervisor radars against a banded reference.
------------------------------------------------------------------------------
CREATE TEMP TABLE radar_kpi AS
SELECT g AS grp, i.name AS indicator,
       round((i.lo + (i.hi - i.lo) * random())::numeric, i.digits)::float8 AS value
FROM generate_series(1, 300) g,
     (VALUES ('service_level', 0.40, 1.00, 2), ('fcr_rate', 0.50, 0.90, 3), ('csat', 0.65, 0.95, 2),
             ('aht_seconds', 40, 520, 0), ('abandon_rate', 0.02, 0.18, 2), ('cost_per_call', 2.5, 6.5, 1),
             ('knowledge_contributions', 0, 90, 0), ('attendance_rate', 0.82, 1.0, 2),
             ('utilization_rate', 0.78, 0.98, 2)) i(name, lo, hi, digits);

CREATE TEMP VIEW radar_reference AS
WITH card AS (
    SELECT e ->> 'name' AS name, e ->> 'dimension' AS dimension, e ->> 'kind' AS kind, e ->> 'better' AS better, e
    FROM jsonb_array_elements(effcap.default_supervisor_scorecard() -> 'indicators') e
), dims AS (
    SELECT * FROM jsonb_to_recordset(effcap.default_supervisor_scorecard() -> 'dimensions') AS d(name text, weight numeric)
), sided AS (      -- a range indicator: its low side below the excellent range, else its high side
    SELECT k.grp, c.name, c.dimension, k.value::numeric AS value, c.e,
           CASE WHEN c.kind = 'range' THEN
                CASE WHEN k.value < (c.e -> 'excellent' ->> 0)::numeric THEN 0 ELSE 1 END END AS side,
           CASE WHEN c.kind = 'banded' THEN CASE c.better WHEN 'higher' THEN 1 ELSE -1 END
                WHEN k.value < (c.e -> 'excellent' ->> 0)::numeric THEN 1 ELSE -1 END AS s
    FROM radar_kpi k JOIN card c ON c.name = k.indicator
), oriented AS (   -- lower-is-better turned into higher-is-better
    SELECT grp, name, dimension, s * value AS v,
           s * coalesce(e -> 'poor' ->> side, e ->> 'poor')::numeric AS p,
           s * coalesce(e -> 'benchmark' ->> side, e ->> 'benchmark')::numeric AS b,
           s * coalesce(e -> 'excellent' ->> side, e ->> 'excellent')::numeric AS e
    FROM sided
), banded AS (
    SELECT grp, name, dimension,
           CASE WHEN v >= e THEN 100 WHEN v <= p THEN 0
                WHEN v <= b THEN 80 * (v - p) / (b - p)
                ELSE 80 + 20 * (v - b) / (e - b) END AS band
    FROM oriented
)
SELECT grp, dimension, avg(band) AS score, avg(band) * d.weight / 100 AS points
FROM banded JOIN dims d ON d.name = banded.dimension
GROUP BY grp, dimension, d.weight;

SELECT is((SELECT count(*) FROM (
              SELECT grp, effcap.center_kpi_score(indicator, value, effcap.default_supervisor_scorecard()) AS s
              FROM radar_kpi GROUP BY grp) g
           CROSS JOIN LATERAL effcap.kpi_dimensions(g.s) d
           JOIN radar_reference r ON r.grp = g.grp AND r.dimension = d.dimension
           WHERE abs(d.score::numeric - r.score) <= 1e-9 AND abs(d.points::numeric - r.points) <= 1e-9),
          1200::bigint, 'supervisor radar: every dimension of every group agrees with the reference');
SELECT is((SELECT count(*) FROM (
              SELECT grp, effcap.center_kpi_score(indicator, value, effcap.default_supervisor_scorecard()) AS s
              FROM radar_kpi GROUP BY grp) g
           JOIN (SELECT grp, sum(points) AS total FROM radar_reference GROUP BY grp) r USING (grp)
           WHERE abs((s).score::numeric - r.total) <= 1e-9),
          300::bigint, 'supervisor radar totals agree with the reference');

------------------------------------------------------------------------------
-- Plan independence and the state type.
------------------------------------------------------------------------------
CREATE TABLE scorecard_rows AS SELECT * FROM center_kpi;
ANALYZE scorecard_rows;
CREATE TEMP TABLE serial AS
SELECT grp, effcap.center_kpi_score(indicator, value)::text AS s FROM scorecard_rows GROUP BY grp;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL enable_hashagg = off;
-- (pg_regress shows the Partial plan; here the results are compared.)
SELECT is((SELECT count(*) FROM serial s JOIN (
              SELECT grp, effcap.center_kpi_score(indicator, value)::text AS s FROM scorecard_rows GROUP BY grp) p
           USING (grp) WHERE p.s = s.s), 400::bigint, 'parallel and serial plans give the same scores');
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;

SELECT is((SELECT count(*) FROM (SELECT grp, s FROM (
              SELECT grp, effcap.kpi_trans(NULL, 'a', min(value)) AS s FROM center_kpi GROUP BY grp) x) y
           WHERE s::text::effcap.kpi_inputs::text = s::text), 400::bigint, 'kpi_inputs text round-trips');

------------------------------------------------------------------------------
-- Fuzzing: mutated scorecards raise only invalid_parameter_value.
------------------------------------------------------------------------------
CREATE FUNCTION pg_temp.fuzz_scorecards(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    bases text[] := ARRAY[effcap.default_center_scorecard()::text, effcap.default_supervisor_scorecard()::text];
    t text;
    pos int;
    doc jsonb;
    other int := 0;
BEGIN
    FOR i IN 1..n LOOP
        t := bases[1 + (i % 2)];
        FOR j IN 1..1 + floor(random() * 2)::int LOOP
            pos := 1 + floor(random() * length(t))::int;
            t := overlay(t PLACING substr('-0.5e3"[]{}1null,ab', 1 + floor(random() * 18)::int, 1 + floor(random() * 3)::int)
                         FROM pos FOR floor(random() * 4)::int);
        END LOOP;
        BEGIN
            doc := t::jsonb;
        EXCEPTION WHEN invalid_text_representation THEN
            CONTINUE;
        END;
        BEGIN
            PERFORM effcap.validate_scorecard(doc);
            PERFORM effcap.kpi_score('{"answer_rate": 0.9, "service_level": 0.8}', doc);
        EXCEPTION WHEN invalid_parameter_value THEN
            NULL;
        WHEN OTHERS THEN
            other := other + 1;
        END;
    END LOOP;
    RETURN other;
END $$;
SELECT is(pg_temp.fuzz_scorecards(3000), 0, 'fuzzed scorecards raise only invalid_parameter_value');

-- Mutated kpi_inputs text is refused cleanly or accepted and round-trips.
CREATE FUNCTION pg_temp.fuzz_inputs(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    base text := effcap.kpi_trans(effcap.kpi_trans(effcap.kpi_trans(NULL, 'qa_avg', 81.5), 'exam_avg', 79),
                                  'answer_rate', 0.875)::text;
    t text;
    pos int;
    v effcap.kpi_inputs;
    bad int := 0;
BEGIN
    FOR i IN 1..n LOOP
        t := base;
        pos := 1 + floor(random() * length(t))::int;
        t := overlay(t PLACING substr('-0.5e3"[]{}1null,:ab', 1 + floor(random() * 19)::int, 1 + floor(random() * 3)::int)
                     FROM pos FOR floor(random() * 4)::int);
        BEGIN
            v := t::effcap.kpi_inputs;
            IF v::text::effcap.kpi_inputs::text <> v::text THEN
                bad := bad + 1;
            END IF;
        EXCEPTION WHEN invalid_text_representation OR invalid_parameter_value
                       OR string_data_right_truncation OR program_limit_exceeded THEN
            NULL;
        END;
    END LOOP;
    RETURN bad;
END $$;
SELECT is(pg_temp.fuzz_inputs(3000), 0, 'fuzzed kpi_inputs text: refused cleanly, or accepted and round-trips');

SELECT * FROM finish();
ROLLBACK;
