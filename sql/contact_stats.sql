-- contact_stats, service_level, csat, nps, aht_compliance: DESIGN 5 golden
-- cases, boundaries, NULLs, errors, windows and parallel plans.
SET extra_float_digits = 0;

-- Cisco's published example: 100 offered, 70 answered within 20 s, 10
-- abandoned within it, 20 answered beyond it (45 s).  Service level:
-- negative 70/100 = 0.70; ignored 70/(100-10) = 0.7778; positive
-- (70+10)/100 = 0.80; handled_only 70/90 = 0.7778.  ASA (70x5 + 20x45)/90 =
-- 13.889 s; AHT 200 s; answer rate 0.9; abandon rate 0.1.
CREATE TEMP TABLE cisco AS
SELECT CASE WHEN g <= 70 THEN 5 WHEN g <= 80 THEN 8 ELSE 45 END::float8 AS queue_seconds,
       g <= 70 OR g > 80 AS answered,
       CASE WHEN g <= 70 OR g > 80 THEN 200 END::float8 AS handle_seconds
FROM generate_series(1, 100) g;
SELECT (effcap.contact_stats(queue_seconds, answered, handle_seconds)).* FROM cisco;
SELECT p AS policy, round(effcap.service_level(queue_seconds, answered, 20, p)::numeric, 4) AS service_level,
       round((effcap.contact_stats(queue_seconds, answered, handle_seconds, jsonb_build_object('policy', p))).service_level::numeric, 4) AS via_stats
FROM cisco, unnest(ARRAY['abandons_negative', 'abandons_ignored', 'abandons_positive', 'handled_only']) p
GROUP BY p ORDER BY p;
SELECT effcap.service_level(queue_seconds, answered, 20) AS default_policy FROM cisco;

-- "Within" means wait <= threshold: 20 s exactly is within, 20.001 s is not.
SELECT (s).answered_within, (s).abandoned_within
FROM (SELECT effcap.contact_stats(w, a, 100) s
      FROM (VALUES (20::float8, true), (20.001, true), (20, false), (20.001, false)) v(w, a)) x;
-- Short abandons: a wait strictly under short_abandon_seconds leaves offered;
-- exactly at it stays.  Waits 2, 4.999 (short) and 5 (not) with the limit 5.
SELECT (s).offered, (s).short_abandoned, (s).abandoned, (s).abandon_rate
FROM (SELECT effcap.contact_stats(w, false, NULL, '{"short_abandon_seconds": 5}') s
      FROM (VALUES (2::float8), (4.999), (5)) v(w)) x;
-- Another threshold: 10 s -> only the 70 fast answers and the 10 fast abandons
-- (8 s) are within.
SELECT (s).answered_within, (s).abandoned_within, (s).service_level
FROM (SELECT effcap.contact_stats(queue_seconds, answered, handle_seconds, '{"threshold_seconds": 10}') s FROM cisco) x;

-- NULLs: a NULL wait or answered flag skips the row; an abandoned contact
-- needs no handle time; no rows -> NULL.
SELECT (s).offered, (s).answered
FROM (SELECT effcap.contact_stats(w, a, h) s
      FROM (VALUES (NULL::float8, true, 10::float8), (3, NULL, 10), (3, true, 10), (3, false, NULL)) v(w, a, h)) x;
SELECT effcap.contact_stats(queue_seconds, answered, handle_seconds) IS NULL AS empty,
       effcap.service_level(queue_seconds, answered, 20) IS NULL AS empty_sl
FROM cisco WHERE false;
-- Only abandons: service level 0 under handled_only has no denominator -> NULL.
SELECT effcap.service_level(5, false, 20, 'handled_only') IS NULL AS no_answers;

-- CSAT golden case: scores 5/4/3/2/1 answered 42/32/10/9/14 times -> 74/107.
CREATE TEMP TABLE survey AS
SELECT s FROM (VALUES (5, 42), (4, 32), (3, 10), (2, 9), (1, 14)) v(s, n), generate_series(1, n);
SELECT round(effcap.csat(s)::numeric, 4) AS csat, round(74 / 107.0, 4) AS expected FROM survey;
-- 1..10 scale: top 2 box = 9 and 10.  One 10, one 9, one 8 -> 2/3.
SELECT round(effcap.csat(s, 10)::numeric, 6) FROM (VALUES (10), (9), (8)) v(s);
-- Weighted (active feedback weight 2, passive 1): 5 (w2), 2 (w1) -> 2/3.
SELECT round(effcap.csat(s, 5, w)::numeric, 6) FROM (VALUES (5, 2.0::float8), (2, 1.0)) v(s, w);
SELECT effcap.csat(s) IS NULL AS no_answers FROM survey WHERE false;
SELECT effcap.csat(NULL::int) IS NULL AS null_scores;

-- NPS: 30% promoters, 50% passives, 20% detractors -> +10.
SELECT effcap.nps(CASE WHEN g <= 30 THEN 9 + g % 2 WHEN g <= 80 THEN 7 + g % 2 ELSE g % 7 END)
FROM generate_series(1, 100) g;
SELECT effcap.nps(s) FROM (VALUES (0), (6)) v(s);

-- AHT compliance: limits per row (simple 180 s, complex 900 s); 6 contacts,
-- 2 within (100 <= 180, 800 <= 900), 4 over; 3 exemptions -> 5/6.
SELECT round(effcap.aht_compliance(h, l, 3)::numeric, 6)
FROM (VALUES (100::float8, 180::float8), (200, 180), (300, 180), (800, 900), (950, 900), (1000, 900)) v(h, l);
-- More exemptions than over-limit contacts -> 1; none -> 2/6.
SELECT effcap.aht_compliance(h, 180, 10) AS all_forgiven, round(effcap.aht_compliance(h, 180, 0)::numeric, 6) AS none
FROM (VALUES (100::float8), (200), (300), (170), (400), (500)) v(h);

-- Moving windows use the inverse transitions and equal fresh aggregates.
CREATE TEMP TABLE wq AS
SELECT g, (g * 7 % 40)::float8 AS w, g % 5 <> 0 AS a, (100 + g % 50)::float8 AS h, 1 + g % 5 AS s
FROM generate_series(1, 60) g;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE m1 IS NOT DISTINCT FROM f1 AND m2 IS NOT DISTINCT FROM f2 AND m3 IS NOT DISTINCT FROM f3
                          AND m4 IS NOT DISTINCT FROM f4) AS equal
FROM (SELECT effcap.contact_stats(w, a, CASE WHEN a THEN h END) OVER fr AS m1,
             effcap.csat(s) OVER fr AS m2, effcap.nps(s * 2) OVER fr AS m3,
             effcap.aht_compliance(h, 120, 1) OVER fr AS m4,
             (SELECT effcap.contact_stats(w, a, CASE WHEN a THEN h END) FROM wq x WHERE x.g BETWEEN wq.g - 4 AND wq.g) AS f1,
             (SELECT effcap.csat(s) FROM wq x WHERE x.g BETWEEN wq.g - 4 AND wq.g) AS f2,
             (SELECT effcap.nps(s * 2) FROM wq x WHERE x.g BETWEEN wq.g - 4 AND wq.g) AS f3,
             (SELECT effcap.aht_compliance(h, 120, 1) FROM wq x WHERE x.g BETWEEN wq.g - 4 AND wq.g) AS f4
      FROM wq WINDOW fr AS (ORDER BY g ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)) y;

-- Parallel plans agree with serial ones.
CREATE TABLE cs_rows AS
SELECT (g * 37 % 300)::float8 / 7 AS w, g % 9 <> 0 AS a, (60 + g % 600)::float8 AS h, 1 + g % 5 AS s
FROM generate_series(1, 200000) g;
ANALYZE cs_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT effcap.contact_stats(w, a, h), effcap.csat(s), effcap.nps(s * 2) FROM cs_rows;
CREATE TEMP TABLE par AS
SELECT effcap.contact_stats(w, a, h, '{"short_abandon_seconds": 3, "policy": "abandons_ignored"}')::text AS c,
       effcap.csat(s)::text AS cs, effcap.csat(s, 5, s::float8)::text AS cw, effcap.nps(s * 2)::text AS n,
       effcap.aht_compliance(h, 300, 5)::text AS ac
FROM cs_rows;
SET max_parallel_workers_per_gather = 0;
SELECT p.c = q.c AND p.cs = q.cs AND p.cw = q.cw AND p.n = q.n AND p.ac = q.ac AS parallel_equals_serial
FROM par p, (SELECT effcap.contact_stats(w, a, h, '{"short_abandon_seconds": 3, "policy": "abandons_ignored"}')::text AS c,
                    effcap.csat(s)::text AS cs, effcap.csat(s, 5, s::float8)::text AS cw, effcap.nps(s * 2)::text AS n,
                    effcap.aht_compliance(h, 300, 5)::text AS ac FROM cs_rows) q;
DROP TABLE cs_rows;

-- Errors.
SELECT effcap.contact_stats(-1, true, 10);
SELECT effcap.contact_stats('NaN', true, 10);
SELECT effcap.contact_stats('Infinity', true, 10);
SELECT effcap.contact_stats(5, true, NULL);
SELECT effcap.contact_stats(5, true, -3);
SELECT effcap.contact_stats(5, true, 10, '{"threshold": 20}');
SELECT effcap.contact_stats(5, true, 10, '{"policy": "cisco"}');
SELECT effcap.contact_stats(5, true, 10, '{"threshold_seconds": -1}');
SELECT effcap.contact_stats(5, true, 10, NULL);
SELECT effcap.contact_stats(w, true, 10, o) FROM (VALUES (1::float8, '{}'::jsonb), (2, '{"threshold_seconds": 30}')) v(w, o);
SELECT effcap.service_level(5, true, NULL);
SELECT effcap.service_level(5, true, 20, 'best');
SELECT effcap.service_level(5, true, 20, NULL);
SELECT effcap.csat(6);
SELECT effcap.csat(0);
SELECT effcap.csat(11, 10);
SELECT effcap.csat(1, 2);
SELECT effcap.csat(s, sc) FROM (VALUES (1, 5), (1, 10)) v(s, sc);
SELECT effcap.csat(5, 5, -1);
SELECT effcap.csat(5, 5, 'NaN');
SELECT effcap.nps(11);
SELECT effcap.nps(-1);
SELECT effcap.aht_compliance(10, 100, -1);
SELECT effcap.aht_compliance(10, 100, NULL);
SELECT effcap.aht_compliance(10, -100, 3);
SELECT effcap.aht_compliance(h, 100, e) FROM (VALUES (10::float8, 1), (20, 2)) v(h, e);
-- Hand-made states are checked.
SELECT effcap.contact_stats_final('{1,2,3}');
SELECT effcap.contact_stats_final('{1,20000000,0,9,0,0,0,0,0,0,0}');
SELECT effcap.csat_final('{5,NULL,1}');
SELECT effcap.counts_combine('{1000000000005,1,2}', '{1000000000010,1,2}');
-- A state says what it is (element 1: kind x 10^12 + parameter): a CSAT
-- state does not combine with an AHT compliance one of the same length,
-- nor reads as one; an untagged array is no state.
SELECT effcap.counts_combine('{1000000000005,1,2}', '{3000000000004,1,2}');
SELECT effcap.aht_compliance_final('{1000000000005,1,2}');
SELECT effcap.counts_combine('{5,1,2}', '{5,1,2}');
SELECT effcap.nps_final('{{0,1},{2,3}}');
SELECT effcap.aht_compliance_final('{3000000000000,5,1}');

-- Found in review.  NULL states are empty states (no crash) for every
-- support function a user can call; the one-argument csat and nps
-- transitions are strict, so theirs return NULL.
SELECT effcap.csat_final(NULL) IS NULL AS csat, effcap.nps_final(NULL) IS NULL AS nps,
       effcap.aht_compliance_final(NULL) IS NULL AS aht, effcap.csat_weighted_final(NULL) IS NULL AS weighted,
       effcap.csat_trans(NULL, 5), effcap.nps_trans(NULL, 9), effcap.aht_compliance_trans(NULL, 1, 2, 3),
       effcap.csat_weighted_trans(NULL, 5, 5, 1);
-- Thresholds compare with the wait as given, not rounded to microseconds:
-- 20.0000004 s is not within 20 s, and 0.1 + 0.2 is not within 0.3 s.
SELECT (s).answered_within
FROM (SELECT effcap.contact_stats(w, true, 1) s FROM (VALUES (20.0000004::float8), (20), (19.9999999)) v(w)) x;
SELECT effcap.service_level(0.1::float8 + 0.2::float8, true, 0.3) AS not_within;
-- Short abandons: 4.9999996 s is strictly under 5 s.
SELECT (effcap.contact_stats(4.9999996, false, NULL, '{"short_abandon_seconds": 5}')).short_abandoned;
-- Impossible hand-made states and extreme values are refused.
SELECT effcap.csat_final('{1000000000005,10,1}');
SELECT effcap.nps_final('{2000000000000,-1,0,2}');
SELECT effcap.aht_compliance_final('{3000000000001,1,-5}');
SELECT effcap.csat_weighted_final('{5,NaN,1}');
SELECT effcap.csat_weighted_combine('{5,1e308,1.7e308}', '{5,1e308,1.7e308}');
SELECT effcap.contact_stats_final('{1,20000000,0,0,1,5,0,0,0,0,0}');
SELECT effcap.contact_stats_final('{1,20000000,0,0,9223372036854775807,0,1,0,0,0,0}');
SELECT effcap.counts_combine('{1000000000000,0,0}', '{-7,1,2}');
SELECT effcap.csat(5, NULL);
SELECT effcap.contact_stats(2e12, true, 1);
-- A user's aggregate over the transition with a hand-made initial state:
-- rows are added with light checks, and the state is checked in full when
-- read, so an impossible one is refused by the final function.
CREATE AGGREGATE sl_from(double precision, boolean, double precision) (
    SFUNC = effcap.service_level_trans, STYPE = bigint[],
    FINALFUNC = effcap.service_level_final, INITCOND = '{1,20000000,0,0,0,5,0,0,0,0,0}');
SELECT sl_from(w, true, 20) FROM (VALUES (1::float8), (2), (3)) v(w);
-- A sound hand-made state (2 answered, 1 within 20 s) carries on: 3 of 4.
CREATE AGGREGATE sl_sound(double precision, boolean, double precision) (
    SFUNC = effcap.service_level_trans, STYPE = bigint[],
    FINALFUNC = effcap.service_level_final, INITCOND = '{1,20000000,0,0,2,1,0,0,0,0,0}');
SELECT sl_sound(w, true, 20) FROM (VALUES (1::float8), (2)) v(w);
DROP AGGREGATE sl_from(double precision, boolean, double precision);
DROP AGGREGATE sl_sound(double precision, boolean, double precision);
-- The same light checks, called directly: a negative counter, another
-- layout version, a counter at the top of bigint.
SELECT effcap.service_level_trans('{1,20000000,0,0,-2,0,0,0,0,0,0}', 1, true, 20);
SELECT effcap.service_level_trans('{2,20000000,0,0,0,0,0,0,0,0,0}', 1, true, 20);
SELECT effcap.service_level_trans('{1,20000000,0,0,9223372036854775807,0,0,0,0,0,0}', 1, true, 20);
-- Removing what the state does not hold (no answered contact; an answered
-- wait of 25 s from a state whose answered waits sum to 5 s), or from no
-- state.
SELECT effcap.contact_stats_inv('{1,20000000,0,0,0,0,0,0,0,0,0}', 5, true, 10);
SELECT effcap.contact_stats_inv(NULL, 5, true, 10);
SELECT effcap.service_level_inv('{1,20000000,0,0,1,1,0,0,0,5000000,0}', 25, true, 20);
-- A bad threshold in the service_level form; a hand-made aht_compliance
-- state with more within the limit than handled.
SELECT effcap.service_level(5, true, -1);
SELECT effcap.service_level(5, true, 'NaN');
SELECT effcap.aht_compliance_trans('{3000000000001,1,5}', 10, 100, 0);
SELECT effcap.contact_stats(5, false, -1);

-- Threshold resolution: thresholds are kept in whole microseconds, and a
-- finer one is refused rather than rounded; waits and handle times are
-- compared with them as given.
SELECT effcap.service_level(20.0000002, true, 20.0000004);
SELECT effcap.contact_stats(1, true, 1, '{"threshold_seconds": 20.0000004}');
SELECT effcap.contact_stats(1, false, 1, '{"short_abandon_seconds": 5.0000004}');
-- A whole-microsecond threshold: 20.0000002 <= 20.000001 is within (1),
-- 20.0000011 is not (0).
SELECT effcap.service_level(w, true, 20.000001) AS sl FROM (VALUES (20.0000002::float8)) v(w);
SELECT effcap.service_level(w, true, 20.000001) AS sl FROM (VALUES (20.0000011::float8)) v(w);
-- Short abandons: 5.0000005 < 5.000001 is short, 5.000001 is not: offered
-- 1 (the second), short 1.
SELECT (s).offered, (s).short_abandoned
FROM (SELECT effcap.contact_stats(w, false, NULL, '{"short_abandon_seconds": 5.000001}') s
      FROM (VALUES (5.0000005::float8), (5.000001)) v(w)) x;
-- aht_compliance compares exactly: 180.0000004 s is over a 180 s limit, 180
-- s is within it -> 1 of 2 within: 0.5.
SELECT effcap.aht_compliance(h, 180, 0) FROM (VALUES (180.0000004::float8), (180)) v(h);
