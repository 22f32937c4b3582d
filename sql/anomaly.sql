-- Change flags: trailing_median, robust_zscore and sudden_drop over an
-- agent's weekly AHT, worked by hand in the comments; NULLs, partitions,
-- and every error.
\pset null '(null)'

-- Agent 1, weeks 1 to 8: 300, 310, 290, 305, 295, 300, 225, 302 s.
-- Five trailing weeks:
--   week 6 (300): before it 300 310 290 305 295 -> median 300; deviations
--     0 5 5 10 10 -> MAD 5; M = 0.6745 x 0 / 5 = 0.
--   week 7 (225): before it 310 290 305 295 300 -> median 300, MAD 5;
--     M = 0.6745 x (225 - 300) / 5 = -10.1175; 225 <= 0.8 x 300 = 240: a drop.
--   week 8 (302): before it 290 305 295 300 225 -> median 295; deviations
--     0 5 5 10 70 -> MAD 5; M = 0.6745 x 7 / 5 = 0.9443; no drop.
--   weeks 1 to 5 have fewer than 5 weeks before them: NULL.
-- trailing_median (min_points 1): week 1 NULL, 300, median(300, 310) = 305,
-- 300, median(290 300 305 310) = 302.5, 300, 300, 295.
CREATE TEMP TABLE weekly (agent int, week int, aht float8);
INSERT INTO weekly VALUES (1, 1, 300), (1, 2, 310), (1, 3, 290), (1, 4, 305), (1, 5, 295), (1, 6, 300), (1, 7, 225), (1, 8, 302);
SELECT week, aht,
       effcap.trailing_median(aht, 5) OVER w AS median,
       round(effcap.robust_zscore(aht, 5) OVER w::numeric, 4) AS m,
       effcap.sudden_drop(aht, 5) OVER w AS dropped
FROM weekly WINDOW w AS (ORDER BY week) ORDER BY week;
-- |M| > 3.5 flags week 7 only.
SELECT week FROM (SELECT week, effcap.robust_zscore(aht, 5) OVER (ORDER BY week) AS m FROM weekly) x WHERE abs(m) > 3.5;

-- An even frame: four weeks before week 5 (295): 300 310 290 305 ->
-- median 302.5; deviations 2.5 2.5 7.5 12.5 -> MAD (2.5 + 7.5) / 2 = 5;
-- M = 0.6745 x (295 - 302.5) / 5 = -1.01175.
SELECT week, round(effcap.robust_zscore(aht, 4, 4) OVER (ORDER BY week)::numeric, 5) AS m
FROM weekly ORDER BY week LIMIT 5;
-- A drop of 40% or more: none (225 > 0.6 x 300 = 180).
SELECT count(*) FILTER (WHERE d) AS drops
FROM (SELECT effcap.sudden_drop(aht, 5, 0.4) OVER (ORDER BY week) AS d FROM weekly) x;

-- MAD 0: more than half the frame the same value, so no spread to judge
-- against (NULL, not a division by zero): 100 100 100 120 90 before 400.
SELECT i, effcap.robust_zscore(v, 5) OVER (ORDER BY i) AS m
FROM (VALUES (1, 100), (2, 100), (3, 100), (4, 120), (5, 90), (6, 400)) v(i, v) ORDER BY i;

-- NULL values are skipped in the frame and give NULL themselves: before
-- row 4 the frame of 3 rows holds 300 and 310 (median 305).
SELECT i, v, effcap.trailing_median(v, 3) OVER (ORDER BY i) AS median,
       effcap.sudden_drop(v, 3, 0.2, 1) OVER (ORDER BY i) AS dropped
FROM (VALUES (1, 300), (2, NULL), (3, 310), (4, 290), (5, NULL)) v(i, v) ORDER BY i;

-- Each partition has its own history: agent 2's first week has none.
INSERT INTO weekly VALUES (2, 1, 500), (2, 2, 480);
SELECT agent, week, effcap.trailing_median(aht, 2) OVER (PARTITION BY agent ORDER BY week) AS median
FROM weekly WHERE week <= 2 ORDER BY agent, week;

-- Equal values (ties) and negative values: before the last row -5 -5 0 5 5
-- -> median 0; deviations 0 5 5 5 5 -> MAD 5; M = 0.6745 x 20 / 5 = 2.698.
SELECT round(m::numeric, 4) AS m FROM (
    SELECT i, effcap.robust_zscore(v, 5) OVER (ORDER BY i) AS m
    FROM (VALUES (1, -5), (2, 5), (3, 0), (4, -5), (5, 5), (6, 20)) v(i, v)) x WHERE i = 6;

-- The README's example, as written, over the weeks above: with all the
-- weeks before (up to 8, at least 5), week 7's 225 s lies below 0.8 x the
-- median 300 of 300 310 290 305 295 300; weeks 6 and 8 do not (medians
-- 300 and 300); agent 2 has too few weeks.
CREATE TEMP TABLE weekly_aht AS SELECT agent AS agent_id, week, aht FROM weekly;
SELECT agent_id, week, effcap.sudden_drop(aht, 8, 0.2) OVER (PARTITION BY agent_id ORDER BY week)
FROM weekly_aht;

-- Period over period: FCR 70% last year, 78% now: up 8 points; calls
-- 1,000 then 1,150: up 15%; then 920: down 20%.  A previous volume of 0
-- gives NULL (no percent of nothing); NULL gives NULL.
SELECT round(effcap.point_change(0.78, 0.70)::numeric, 9) AS points,
       effcap.percent_change(1150, 1000) AS up, effcap.percent_change(920, 1150) AS down,
       effcap.percent_change(5, 0) AS from_zero, effcap.point_change(NULL, 0.5) AS null_arg;
-- With lag() over agent 1's weeks 6 to 8 (300, 225, 302): week 6 has no
-- week before in the query (NULL), week 7 is 75 / 300 = 25% down, week 8
-- 77 / 225 = 34.22% up.
SELECT week, round(effcap.percent_change(aht, lag(aht) OVER (ORDER BY week))::numeric, 2) AS "AHT change %"
FROM weekly WHERE agent = 1 AND week >= 6 ORDER BY week;
SELECT effcap.point_change('NaN', 0.5);
SELECT effcap.percent_change(1, 'Infinity');

-- Errors.
SELECT effcap.trailing_median(aht, 0) OVER (ORDER BY week) FROM weekly;
SELECT effcap.trailing_median(aht, NULL) OVER (ORDER BY week) FROM weekly;
SELECT effcap.trailing_median(aht, 1000001) OVER (ORDER BY week) FROM weekly;
SELECT effcap.robust_zscore(aht, 3, 4) OVER (ORDER BY week) FROM weekly;
SELECT effcap.robust_zscore(aht, 3, 0) OVER (ORDER BY week) FROM weekly;
SELECT effcap.trailing_median(aht, week) OVER (ORDER BY week) FROM weekly;
SELECT effcap.sudden_drop(aht, 5, 0) OVER (ORDER BY week) FROM weekly;
SELECT effcap.sudden_drop(aht, 5, 1) OVER (ORDER BY week) FROM weekly;
SELECT effcap.sudden_drop(aht, 5, NULL) OVER (ORDER BY week) FROM weekly;
SELECT effcap.robust_zscore(v, 3, 1) OVER (ORDER BY i) FROM (VALUES (1, 'NaN'::float8), (2, 1)) v(i, v);
SELECT effcap.trailing_median(v, 3) OVER (ORDER BY i) FROM (VALUES (1, 1::float8), (2, 'Infinity')) v(i, v);
