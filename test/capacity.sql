-- pgTAP: effective capacity.  Catalog facts, agreement with a plain-SQL
-- implementation of the same rules on generated contacts, algebraic
-- properties of summaries, and fuzzed text and binary input.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.42);
SELECT no_plan();

------------------------------------------------------------------------------
-- Catalog facts
------------------------------------------------------------------------------

SELECT has_type('effcap', 'capacity', 'type effcap.capacity exists');
SELECT has_type('effcap', 'capacity_summary', 'type effcap.capacity_summary exists');
SELECT has_function('effcap', 'default_capacity_rules', ARRAY[]::text[]);
SELECT has_function('effcap', 'validate_capacity_rules', ARRAY['jsonb']);
SELECT has_function('effcap', 'effective_capacity', ARRAY['effcap.capacity_summary']);
SELECT has_function('effcap', 'effective_capacity', ARRAY['effcap.capacity_summary', 'jsonb']);
SELECT function_returns('effcap', 'effective_capacity', ARRAY['effcap.capacity_summary'], 'effcap.capacity');
SELECT isa_ok(effcap.default_capacity_rules(), 'jsonb', 'default_capacity_rules()');

SELECT is_aggregate('effcap', 'effective_capacity', ARRAY['text', 'boolean', 'boolean', 'boolean', 'text']);
SELECT is_aggregate('effcap', 'effective_capacity', ARRAY['text', 'boolean', 'boolean', 'boolean', 'text', 'jsonb']);
SELECT is_aggregate('effcap', 'capacity_summary', ARRAY['text', 'boolean', 'boolean', 'boolean', 'text']);
SELECT is_aggregate('effcap', 'rollup', ARRAY['effcap.capacity_summary']);

------------------------------------------------------------------------------
-- Generated contacts: 300 agent-days of 1 to 120 contacts, with agent
-- dissatisfaction and repeat rates spread so every tier is reached, QA-invalid
-- contacts, sales, NULL flags and NULL work types.
------------------------------------------------------------------------------

CREATE TEMP TABLE gen AS
SELECT d AS grp, (d % 30) AS agent, d / 30 AS day,
       CASE WHEN random() < 0.01 THEN NULL
            ELSE (ARRAY['inbound', 'inbound', 'inbound', 'outbound', 'complaint', 'ticket'])[1 + floor(random() * 6)::int]
       END AS work_type,
       CASE WHEN random() < 0.02 THEN NULL ELSE random() < 0.05 + 0.5 * ((d * 7) % 11) / 10.0 END AS dissatisfied,
       CASE WHEN random() < 0.02 THEN NULL ELSE random() < 0.05 END AS invalid,
       CASE WHEN random() < 0.02 THEN NULL ELSE random() < 0.05 + 0.45 * ((d * 3) % 13) / 12.0 END AS repeat,
       CASE WHEN random() < 0.9 THEN NULL ELSE (ARRAY['A', 'B', 'B', 'C', 'C', 'C'])[1 + floor(random() * 6)::int] END AS sale_tier
FROM generate_series(1, 300) d, LATERAL generate_series(1, 1 + (d * 37) % 120) k;

SELECT cmp_ok((SELECT count(*) FROM gen), '>', 15000::bigint, 'thousands of generated contacts');

-- The plain-SQL reference: the DESIGN 2 computation written out in SQL with
-- exact numeric arithmetic, over rules tables.
CREATE TEMP TABLE ref_weights (work_type text PRIMARY KEY, weight numeric);
CREATE TEMP TABLE ref_bonus (tier text PRIMARY KEY, bonus numeric);
CREATE TEMP TABLE ref_tiers (kind text, below numeric, deduct numeric);

CREATE FUNCTION pg_temp.load_rules(w jsonb, b jsonb, q jsonb, f jsonb) RETURNS void LANGUAGE sql AS $$
    TRUNCATE ref_weights, ref_bonus, ref_tiers;
    INSERT INTO ref_weights SELECT key, value::numeric FROM jsonb_each_text(w);
    INSERT INTO ref_bonus SELECT key, value::numeric FROM jsonb_each_text(b);
    INSERT INTO ref_tiers SELECT 'quality', (t ->> 'below')::numeric, (t ->> 'deduct')::numeric FROM jsonb_array_elements(q) t;
    INSERT INTO ref_tiers SELECT 'fcr', (t ->> 'below')::numeric, (t ->> 'deduct')::numeric FROM jsonb_array_elements(f) t;
$$;

CREATE FUNCTION pg_temp.reference(dissatisfied_penalty numeric, repeat_penalty numeric, target numeric)
RETURNS TABLE (grp int, contacts bigint, volume numeric, invalid_volume numeric, quality_rate numeric,
               quality_deduction numeric, fcr_rate numeric, effectiveness_deduction numeric,
               sales bigint, marketing_bonus numeric, effective numeric, target numeric,
               completion_rate numeric)
LANGUAGE sql AS $$
    WITH c AS (
        SELECT grp, work_type, coalesce(dissatisfied, false) AS dissatisfied,
               coalesce(invalid, false) AS invalid, coalesce(repeat, false) AS repeat, sale_tier
        FROM gen WHERE work_type IS NOT NULL
    ), sums AS (
        SELECT c.grp,
               count(*) AS contacts,
               coalesce(sum(w.weight) FILTER (WHERE NOT invalid), 0) AS base,
               coalesce(sum(w.weight) FILTER (WHERE invalid), 0) AS invalid_volume,
               count(*) FILTER (WHERE NOT invalid AND NOT dissatisfied) AS good_quality,
               count(*) FILTER (WHERE NOT repeat) AS good_fcr,
               coalesce(sum(w.weight) FILTER (WHERE dissatisfied AND NOT invalid), 0) AS dissatisfied_volume,
               coalesce(sum(w.weight) FILTER (WHERE repeat AND NOT invalid), 0) AS repeat_volume,
               count(sale_tier) FILTER (WHERE NOT invalid) AS sales,
               coalesce(sum(b.bonus) FILTER (WHERE NOT invalid), 0) AS bonus
        FROM c JOIN ref_weights w USING (work_type) LEFT JOIN ref_bonus b ON b.tier = c.sale_tier
        GROUP BY c.grp
    ), scored AS (
        SELECT s.*,
               dissatisfied_penalty * dissatisfied_volume + base * coalesce(
                   (SELECT deduct FROM ref_tiers t WHERE kind = 'quality' AND good_quality < t.below * contacts
                    ORDER BY t.below LIMIT 1), 0) AS qd,
               repeat_penalty * repeat_volume + base * coalesce(
                   (SELECT deduct FROM ref_tiers t WHERE kind = 'fcr' AND good_fcr < t.below * contacts
                    ORDER BY t.below LIMIT 1), 0) AS ed
        FROM sums s
    )
    SELECT grp, contacts, base, invalid_volume, good_quality::numeric / contacts, qd,
           good_fcr::numeric / contacts, ed, sales, bonus,
           greatest(0, base - qd - ed) + bonus, target, (greatest(0, base - qd - ed) + bonus) / target
    FROM scored
$$;

-- Fields that differ by more than 1e-9 (relative) between effcap and the reference.
CREATE FUNCTION pg_temp.mismatches(got effcap.capacity, want record) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    w jsonb := to_jsonb(want);
    g jsonb := to_jsonb(got);
    k text;
    bad int := 0;
BEGIN
    FOREACH k IN ARRAY ARRAY['contacts', 'volume', 'invalid_volume', 'quality_rate', 'quality_deduction',
                             'fcr_rate', 'effectiveness_deduction', 'sales', 'marketing_bonus',
                             'effective', 'target', 'completion_rate'] LOOP
        IF abs((g ->> k)::numeric - (w ->> k)::numeric) > 1e-9 * greatest(1, abs((w ->> k)::numeric)) THEN
            bad := bad + 1;
        END IF;
    END LOOP;
    RETURN bad;
END $$;

-- Default rules.
SELECT pg_temp.load_rules(r -> 'weights', r -> 'sale_bonus', r -> 'quality_tiers', r -> 'fcr_tiers')
FROM effcap.default_capacity_rules() r;
CREATE TEMP TABLE got AS
SELECT grp, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) AS e,
       effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier) AS s
FROM gen GROUP BY grp;
SELECT is((SELECT count(*) FROM got g JOIN pg_temp.reference(1.0, 0.5, 60) r USING (grp)
           WHERE pg_temp.mismatches(g.e, r) = 0),
          (SELECT count(*) FROM got), 'default rules: every group agrees with the plain-SQL reference');
SELECT is((SELECT count(DISTINCT t) FROM got g, LATERAL (SELECT
              CASE WHEN (e).quality_rate < 0.6 THEN 3 WHEN (e).quality_rate < 0.7 THEN 2
                   WHEN (e).quality_rate < 0.8 THEN 1 ELSE 0 END * 10 +
              CASE WHEN (e).fcr_rate < 0.70 THEN 2 WHEN (e).fcr_rate < 0.75 THEN 1 ELSE 0 END AS t) x),
          12::bigint, 'the generated groups reach every combination of quality and FCR tier');
SELECT ok((SELECT count(*) FILTER (WHERE (e).effective = (e).marketing_bonus AND (e).volume > 0) > 0 FROM got),
          'some groups are floored at zero before their bonus');

-- Custom rules, scored both in one step and by re-scoring stored summaries.
CREATE TEMP TABLE custom AS SELECT '{
    "weights": {"inbound": 1.25, "outbound": 0.4, "complaint": 2, "ticket": 0.7},
    "dissatisfied_penalty": 0.8, "repeat_penalty": 0.3,
    "quality_tiers": [{"below": 0.9, "deduct": 0.02}, {"below": 0.55, "deduct": 0.3}],
    "fcr_tiers": [{"below": 0.8, "deduct": 0.04}, {"below": 0.65, "deduct": 0.12}, {"below": 0.5, "deduct": 0.25}],
    "sale_bonus": {"A": 5, "B": 2.5, "C": 0.5},
    "target": 45}'::jsonb AS r;
SELECT pg_temp.load_rules(r -> 'weights', r -> 'sale_bonus', r -> 'quality_tiers', r -> 'fcr_tiers') FROM custom;
SELECT is((SELECT count(*) FROM
              (SELECT grp, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier,
                                                     (SELECT r FROM custom)) AS e
               FROM gen GROUP BY grp) g
              JOIN pg_temp.reference(0.8, 0.3, 45) r USING (grp) WHERE pg_temp.mismatches(g.e, r) = 0),
          (SELECT count(*) FROM got), 'custom rules (one step): every group agrees with the reference');
SELECT is((SELECT count(*) FROM got g JOIN pg_temp.reference(0.8, 0.3, 45) r USING (grp)
           WHERE pg_temp.mismatches(effcap.effective_capacity(g.s, (SELECT r FROM custom)), r) = 0),
          (SELECT count(*) FROM got), 'custom rules (stored summaries re-scored): every group agrees');

------------------------------------------------------------------------------
-- Properties of summaries
------------------------------------------------------------------------------

SELECT is((SELECT count(*) FROM got WHERE effcap.effective_capacity(s)::text = e::text),
          (SELECT count(*) FROM got), 'scoring a stored summary equals the one-step aggregate');
SELECT is((SELECT effcap.rollup(s)::text FROM got),
          (SELECT effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier)::text FROM gen),
          'rollup of the group summaries equals the summary of all contacts');
SELECT is((SELECT effcap.rollup(m)::text FROM (SELECT effcap.rollup(s) m FROM got g GROUP BY grp % 7) x),
          (SELECT effcap.rollup(s)::text FROM got), 'rollup is associative (rollup of rollups)');
SELECT is((SELECT count(*) FROM got a JOIN got b ON b.grp = a.grp % 17 + 1
           WHERE effcap.capacity_combine(a.s, b.s)::text = effcap.capacity_combine(b.s, a.s)::text),
          (SELECT count(*) FROM got), 'combine is commutative');
SELECT is((SELECT count(*) FROM got a JOIN got b ON b.grp = a.grp % 17 + 1
           WHERE effcap.capacity_subtract(effcap.capacity_combine(a.s, b.s), b.s)::text = a.s::text),
          (SELECT count(*) FROM got), 'subtract undoes combine');
SELECT is((SELECT count(*) FROM got WHERE s::text::effcap.capacity_summary::text = s::text),
          (SELECT count(*) FROM got), 'text form round-trips');
SELECT is((SELECT count(*) FROM got WHERE effcap.capacity_summary_send(s::text::effcap.capacity_summary)
                                          = effcap.capacity_summary_send(s)),
          (SELECT count(*) FROM got), 'text input rebuilds the same binary form');
SELECT is((SELECT count(*) FROM got WHERE s::text::jsonb IS NOT NULL),
          (SELECT count(*) FROM got), 'text form is valid JSON');

-- Sliding windows (moving-aggregate mode) agree with fresh aggregates.
SELECT is((SELECT count(*) FROM (
              SELECT g.grp, effcap.rollup(s) OVER w AS moving,
                     (SELECT effcap.rollup(s) FROM got g2 WHERE g2.grp BETWEEN g.grp - 6 AND g.grp) AS fresh
              FROM got g WINDOW w AS (ORDER BY grp ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)) x
           WHERE moving::text = fresh::text),
          (SELECT count(*) FROM got), 'rollup over a 7-row window equals fresh rollups');
SELECT is((SELECT count(*) FROM (
              SELECT k, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) OVER w AS moving,
                     (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)
                      FROM (SELECT row_number() OVER (ORDER BY grp, ctid) AS k2, * FROM gen WHERE grp <= 20) g2
                      WHERE k2 BETWEEN x0.k - 9 AND x0.k) AS fresh
              FROM (SELECT row_number() OVER (ORDER BY grp, ctid) AS k, * FROM gen WHERE grp <= 20) x0
              WINDOW w AS (ORDER BY k ROWS BETWEEN 9 PRECEDING AND CURRENT ROW)) x
           WHERE moving::text IS NOT DISTINCT FROM fresh::text),
          (SELECT count(*) FROM gen WHERE grp <= 20), 'effective_capacity over a 10-row window equals fresh aggregates');

------------------------------------------------------------------------------
-- Fuzzing: mutated text and binary input is refused cleanly or accepted as a
-- valid summary that round-trips; the server never crashes.
------------------------------------------------------------------------------

CREATE FUNCTION pg_temp.fuzz_text(n int) RETURNS TABLE (accepted int, refused int, bad int) LANGUAGE plpgsql AS $$
DECLARE
    seeds text[] := ARRAY(SELECT s::text FROM got ORDER BY grp LIMIT 20)
                    || effcap.capacity_trans(NULL, 'inbound', true, false, true, 'A', '{"target": 5}')::text;
    t text;
    pos int;
    v effcap.capacity_summary;
BEGIN
    accepted := 0; refused := 0; bad := 0;
    FOR i IN 1..n LOOP
        t := seeds[1 + floor(random() * array_length(seeds, 1))::int];
        FOR j IN 1..1 + floor(random() * 3)::int LOOP
            pos := 1 + floor(random() * length(t))::int;
            t := CASE floor(random() * 4)::int
                 WHEN 0 THEN overlay(t PLACING substr('{}[]":,-0123456789e.x ', 1 + floor(random() * 23)::int, 1) FROM pos FOR 1)
                 WHEN 1 THEN overlay(t PLACING '' FROM pos FOR 1 + floor(random() * 8)::int)
                 WHEN 2 THEN overlay(t PLACING substr(t, 1 + floor(random() * length(t))::int, 12) FROM pos FOR 0)
                 ELSE left(t, pos) END;
        END LOOP;
        BEGIN
            v := t::effcap.capacity_summary;
            IF v::text::effcap.capacity_summary::text = v::text THEN
                accepted := accepted + 1;
            ELSE
                bad := bad + 1;
            END IF;
        EXCEPTION WHEN data_exception OR invalid_parameter_value OR program_limit_exceeded
                       OR string_data_right_truncation OR invalid_text_representation THEN
            refused := refused + 1;
        END;
    END LOOP;
    RETURN NEXT;
END $$;

\ir lib/fuzz_binary.sql

CREATE TEMP TABLE fuzz_text AS SELECT * FROM pg_temp.fuzz_text(3000);
SELECT is((SELECT bad FROM fuzz_text), 0, 'fuzzed text input: nothing accepted that does not round-trip');
SELECT ok((SELECT refused > 0 AND accepted + refused = 3000 FROM fuzz_text), 'fuzzed text input: 3000 cases, bad ones refused');
CREATE TEMP TABLE fuzz_binary AS
SELECT * FROM pg_temp.fuzz_binary('effcap.capacity_summary',
    ARRAY(SELECT effcap.capacity_summary_send(s) FROM got ORDER BY grp LIMIT 10)
    || effcap.capacity_summary_send(effcap.capacity_trans(NULL, 'inbound', true, false, true, 'A', '{"target": 5}')),
    600);
SELECT is((SELECT bad FROM fuzz_binary), 0, 'fuzzed binary input: nothing accepted that does not round-trip');
SELECT ok((SELECT refused > 0 AND accepted + refused = 600 FROM fuzz_binary), 'fuzzed binary input: 600 cases, bad ones refused');

-- Fuzzed rules documents: errors are invalid_parameter_value, never anything else.
CREATE FUNCTION pg_temp.fuzz_rules(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
    base text := effcap.default_capacity_rules()::text;
    t text;
    other int := 0;
    pos int;
    doc jsonb;
BEGIN
    FOR i IN 1..n LOOP
        t := base;
        pos := 1 + floor(random() * length(t))::int;
        t := overlay(t PLACING substr('-0.5e3"[]{}1null,', 1 + floor(random() * 16)::int, 1 + floor(random() * 3)::int)
                     FROM pos FOR floor(random() * 3)::int);
        BEGIN
            doc := t::jsonb;
        EXCEPTION WHEN invalid_text_representation THEN
            CONTINUE;
        END;
        BEGIN
            PERFORM effcap.validate_capacity_rules(doc);
            PERFORM effcap.effective_capacity('inbound', true, false, true, NULL, doc);
        EXCEPTION WHEN invalid_parameter_value OR numeric_value_out_of_range THEN
            NULL;
        WHEN OTHERS THEN
            other := other + 1;
        END;
    END LOOP;
    RETURN other;
END $$;
SELECT is(pg_temp.fuzz_rules(3000), 0, 'fuzzed rules documents raise only invalid_parameter_value');

SELECT * FROM finish();
ROLLBACK;
