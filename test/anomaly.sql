-- pgTAP: the change flags against plain SQL over generated histories:
-- the median and MAD of the trailing frame from percentile_cont over the
-- rows before each (ties, NULLs, partitions, even and odd frames).
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT no_plan();

SELECT has_function('effcap', 'trailing_median', ARRAY['double precision', 'integer', 'integer']);
SELECT has_function('effcap', 'robust_zscore', ARRAY['double precision', 'integer', 'integer']);
SELECT has_function('effcap', 'sudden_drop', ARRAY['double precision', 'integer', 'double precision', 'integer']);
SELECT is((SELECT string_agg(DISTINCT prokind::text || provolatile::text || proparallel::text, ',') FROM pg_proc
           WHERE proname IN ('trailing_median', 'robust_zscore', 'sudden_drop') AND pronamespace = 'effcap'::regnamespace),
          'wis', 'window functions, IMMUTABLE and PARALLEL SAFE');

-- 30 agents, 80 weeks each; whole-second values with many ties, one in
-- ten NULL.
SELECT setseed(0.42);
CREATE TEMP TABLE hist AS
SELECT agent, week, CASE WHEN random() < 0.1 THEN NULL ELSE 250 + floor(random() * 12) * 5 END::float8 AS v
FROM generate_series(1, 30) agent, generate_series(1, 80) week;

-- The reference: for each row, the values of the w rows before it.
CREATE FUNCTION pg_temp.ref(w int, min_points int) RETURNS TABLE(agent int, week int, v float8, median float8, mad float8)
LANGUAGE sql STABLE AS $$
    SELECT h.agent, h.week, h.v, f.median, d.mad
    FROM hist h
    CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY p.v) AS median, count(p.v) AS n
                        FROM hist p WHERE p.agent = h.agent AND p.week >= h.week - w AND p.week < h.week) f
    CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(p.v - f.median)) AS mad
                        FROM hist p WHERE p.agent = h.agent AND p.week >= h.week - w AND p.week < h.week) d
    WHERE f.n >= min_points
$$;

SELECT is_empty($$
    SELECT r.agent, r.week, r.median, e.median
    FROM pg_temp.ref(7, 1) r
    FULL JOIN (SELECT agent, week, effcap.trailing_median(v, 7) OVER (PARTITION BY agent ORDER BY week) AS median FROM hist) e
         USING (agent, week)
    WHERE r.median IS DISTINCT FROM e.median$$,
    'trailing_median over 7 rows equals percentile_cont over the rows before');
SELECT is_empty(format($$
    SELECT r.agent, r.week, r.v, r.median, r.mad, e.m
    FROM (SELECT *, CASE WHEN v IS NOT NULL AND mad > 0 THEN 0.6745 * (v - median) / mad END AS m FROM pg_temp.ref(%s, 5)) r
    FULL JOIN (SELECT agent, week, effcap.robust_zscore(v, %s) OVER (PARTITION BY agent ORDER BY week) AS m FROM hist) e
         USING (agent, week)
    WHERE (r.m IS NULL) <> (e.m IS NULL) OR abs(r.m - e.m) > 1e-12 * greatest(1, abs(r.m))$$, w.n, w.n),
    format('robust_zscore over %s rows equals 0.6745 (x - median) / MAD in plain SQL', w.n))
FROM (VALUES (5), (8), (26)) w(n);
SELECT is_empty($$
    SELECT r.agent, r.week
    FROM (SELECT *, CASE WHEN v IS NOT NULL THEN v <= 0.85 * median END AS d FROM pg_temp.ref(12, 5)) r
    FULL JOIN (SELECT agent, week, effcap.sudden_drop(v, 12, 0.15) OVER (PARTITION BY agent ORDER BY week) AS d FROM hist) e
         USING (agent, week)
    WHERE r.d IS DISTINCT FROM e.d$$,
    'sudden_drop equals value <= (1 - drop) median in plain SQL');
SELECT ok((SELECT count(*) FILTER (WHERE m IS NULL) > 0 AND count(*) FILTER (WHERE abs(m) > 1) > 0
           FROM (SELECT effcap.robust_zscore(v, 5) OVER (PARTITION BY agent ORDER BY week) AS m FROM hist) x),
          'the generated data exercise NULL scores and large ones');

-- Period over period against plain SQL over the generated weeks.
SELECT is_empty($$
    SELECT agent, week FROM (
        SELECT agent, week, v, lag(v) OVER w AS prev,
               effcap.percent_change(v, lag(v) OVER w) AS pct, effcap.point_change(v / 1000, lag(v) OVER w / 1000) AS pts
        FROM hist WINDOW w AS (PARTITION BY agent ORDER BY week)) x
    WHERE pct IS DISTINCT FROM CASE WHEN prev <> 0 THEN 100 * (v - prev) / prev END
       OR pts IS DISTINCT FROM 100 * (v / 1000 - prev / 1000)$$,
    'percent_change and point_change equal plain SQL with lag()');

-- A long partition with a wide frame: the frame slides (one row in, one
-- out), so 200,000 rows with a frame of 50,000 take a moment, not hours.
SELECT is((SELECT count(m) FROM (SELECT effcap.robust_zscore(g % 997, 50000) OVER (ORDER BY g) AS m
                                 FROM generate_series(1, 200000) g) x),
          199995::bigint, '200,000 rows, frame 50,000: a score for every row with 5 before it');

SELECT * FROM finish();
ROLLBACK;
