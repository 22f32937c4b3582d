-- Aggregates over window frames: the FCR aggregates (recomputed per frame),
-- the judged FCR aggregates (moving-aggregate mode), center_kpi_score and
-- the weighted CSAT (recomputed per frame).
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

-- Customer 1 on days 0, 1 and 5, customer 2 on days 2 and 3; window 2 days.
CREATE TEMP TABLE f (id int, customer bigint, t timestamptz);
INSERT INTO f VALUES (1, 1, '2026-01-01'), (2, 1, '2026-01-02'), (3, 2, '2026-01-03'),
                     (4, 2, '2026-01-04'), (5, 1, '2026-01-06');
-- Frame of the row and the two before it:
--   1: {d0}                 -> 1 contact, resolved                  (1,1,0,0,1)
--   2: {c1 d0, c1 d1}       -> d0 repeated by d1                    (2,1,1,0,0.5)
--   3: {.., c2 d2}          -> d2 resolved too                      (3,2,1,0,0.667)
--   4: {c1 d1, c2 d2, c2 d3}-> d1 alone, d2 repeated by d3          (3,2,1,0,0.667)
--   5: {c2 d2, c2 d3, c1 d5}-> d2 repeated                          (3,2,1,0,0.667)
-- Running frame: as the trailing one up to row 3; row 4: d0 and d2
-- repeated, d1 and d3 resolved -> (4,2,2,0,0.5); row 5: d0 repeated (d1),
-- d1 resolved (d5 is 4 days later), d5 resolved, d2 repeated, d3 resolved
-- -> (5,3,2,0,0.6).
SELECT id, effcap.fcr_stats(customer, t, '2 days') OVER (ORDER BY id ROWS 2 PRECEDING) AS trailing,
       effcap.fcr_stats(customer, t, '2 days') OVER (ORDER BY id) AS running,
       effcap.fcr_rate('c' || customer, t, '2 days') OVER (ORDER BY id ROWS 2 PRECEDING) AS trailing_text_keys
FROM f ORDER BY id;
-- With as_of 2026-01-07: d5 (+2 days = 01-08) is pending in every frame
-- holding it; d3 (+2 days = 01-06) is not.  Row 4 as above,
-- (3,2,1,0,0.667); row 5: d2 repeated, d3 resolved, d5 pending ->
-- (3,1,1,1,0.5).
SELECT * FROM (
    SELECT id, effcap.fcr_stats(customer, t, '2 days', '2026-01-07') OVER (ORDER BY id ROWS 2 PRECEDING)
    FROM f) x
WHERE id >= 4 ORDER BY id;
-- A partition without ORDER BY: the whole partition, computed once.
SELECT DISTINCT customer, effcap.fcr_stats(customer, t, '2 days') OVER (PARTITION BY customer)
FROM f ORDER BY customer;

-- Judged contacts over a sliding frame (moving-aggregate mode: each row
-- removes the contact that left the frame): judgements t, f, NULL, t, t.
--   1: {t} -> (1,1,0,0,1); 2: {t,f} -> (2,1,1,0,0.5); 3: {f,NULL} ->
--   (2,0,1,1,0); 4: {NULL,t} -> (2,1,0,1,1); 5: {t,t} -> (2,2,0,0,1).
SELECT id, effcap.fcr_stats(r) OVER w AS stats, effcap.fcr_rate(r) OVER w AS rate
FROM (VALUES (1, true), (2, false), (3, NULL), (4, true), (5, true)) v(id, r)
WINDOW w AS (ORDER BY id ROWS 1 PRECEDING) ORDER BY id;

-- center_kpi_score over a frame: recomputed for each frame.  Indicators a
-- and b, 10 points each at target 10, 1 point less per unit short, absent
-- -> 0.  Rows alternate b = 1, a = 2, b = 3, a = 4; frame: the row and the
-- one before.  1: b 1, a 0 -> 1 + 0 = 1; 2: b 1, a 2 -> 3; 3: a 2, b 3 ->
-- 5; 4: b 3, a 4 -> 7.
SELECT g, (effcap.center_kpi_score(CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END, g,
           '{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 10, "per": 1, "deduct": 1, "default": 0},
                            {"name": "b", "kind": "deduction", "points": 10, "better": "higher", "target": 10, "per": 1, "deduct": 1, "default": 0}]}')
           OVER (ORDER BY g ROWS 1 PRECEDING)).score
FROM generate_series(1, 4) g;
-- A frame holding one indicator twice is refused, as a group would be.
SELECT g, (effcap.center_kpi_score('a', g,
           '{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 10, "per": 1, "deduct": 1}]}')
           OVER (ORDER BY g ROWS 1 PRECEDING)).score
FROM generate_series(1, 2) g;

-- Weighted CSAT over a frame (recomputed: float weights have no exact
-- inverse).  (5, weight 1), (1, weight 3), (4, weight 1), frame of two:
-- 1: 1/1 = 1; 2: 1/4 = 0.25; 3: 1/4 = 0.25.
SELECT id, effcap.csat(score, 5, w) OVER (ORDER BY id ROWS 1 PRECEDING)
FROM (VALUES (1, 5, 1.0::float8), (2, 1, 3.0), (3, 4, 1.0)) v(id, score, w) ORDER BY id;
