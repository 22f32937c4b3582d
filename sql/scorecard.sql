-- center_kpi_score: DESIGN 3 golden cases, rounding modes, banded levels,
-- breakdowns, the wide-row form, the state type and parallel plans.
-- Expected values are worked out by hand in the comments.
SET extra_float_digits = 0;

CREATE TEMP TABLE at_target (indicator text, value double precision);
INSERT INTO at_target VALUES
    ('answer_rate', 0.90), ('non_call_processing_rate', 1.00), ('exam_avg', 80),
    ('qa_avg', 80), ('avg_talk_seconds', 120), ('performance_avg', 85),
    ('major_complaints', 0), ('report_errors', 0);

-- All at target -> 100 of 100.
SELECT (s).score, (s).max_score
FROM (SELECT effcap.center_kpi_score(indicator, value) s FROM at_target) x;
-- Complaints and report errors default to 0 when absent -> still 100.
SELECT (effcap.center_kpi_score(indicator, value)).score
FROM at_target WHERE indicator NOT IN ('major_complaints', 'report_errors');
-- Better than target earns no more than full marks.
SELECT (effcap.kpi_score('{"answer_rate": 0.99, "non_call_processing_rate": 1, "exam_avg": 95,
        "qa_avg": 99, "avg_talk_seconds": 60, "performance_avg": 100}')).score;

-- answer_rate 0.87: 3 points below 0.90 at 1 per 0.01 -> 15 - 3 = 12 (exactly,
-- though 0.90 - 0.87 is 0.030000000000000027 in float8).
SELECT b.indicator, b.value, b.points, b.max_points
FROM (SELECT effcap.center_kpi_score(indicator, CASE indicator WHEN 'answer_rate' THEN 0.87 ELSE value END) s
      FROM at_target) x, effcap.kpi_breakdown(s) b
WHERE b.indicator = 'answer_rate';

-- 135 s average talk: 15 s above 120 at 1 per 10 s -> proportional 10 - 1.5
-- = 8.5, per_started 10 - 2 = 8, per_full 10 - 1 = 9.
SELECT r.mode, b.points
FROM (VALUES ('proportional'), ('per_started'), ('per_full')) r(mode),
     LATERAL (SELECT effcap.center_kpi_score(indicator, CASE indicator WHEN 'avg_talk_seconds' THEN 135 ELSE value END,
                                             effcap.default_center_scorecard() || jsonb_build_object('rounding', r.mode)) s
              FROM at_target) x,
     effcap.kpi_breakdown(s) b
WHERE b.indicator = 'avg_talk_seconds';
-- Exactly at a step boundary: 140 s is 2 steps in every mode -> 8.
SELECT r.mode, b.points
FROM (VALUES ('proportional'), ('per_started'), ('per_full')) r(mode),
     effcap.kpi_breakdown(effcap.kpi_score('{"answer_rate": 0.9, "non_call_processing_rate": 1, "exam_avg": 80,
         "qa_avg": 80, "avg_talk_seconds": 140, "performance_avg": 85}',
         effcap.default_center_scorecard() || jsonb_build_object('rounding', r.mode))) b
WHERE b.indicator = 'avg_talk_seconds';

-- 6 major complaints at 2 each = 12 > 10 points -> floored at 0; 3 -> 4.
SELECT c, b.points
FROM unnest(ARRAY[6, 3]) c,
     effcap.kpi_breakdown(effcap.kpi_score(jsonb_build_object('answer_rate', 0.9, 'non_call_processing_rate', 1,
         'exam_avg', 80, 'qa_avg', 80, 'avg_talk_seconds', 120, 'performance_avg', 85, 'major_complaints', c))) b
WHERE b.indicator = 'major_complaints';

-- A month below target everywhere: answer 0.85 (-5 -> 10), non-call 0.97 (-3
-- -> 12), exam 78.5 (-1.5 -> 13.5), qa 82 (15), talk 150 s (-3 -> 7),
-- performance 80 (-5 -> 5), 2 complaints (-4 -> 6), 1 report error (-2 -> 8)
-- -> 10 + 12 + 13.5 + 15 + 7 + 5 + 6 + 8 = 76.5.
SELECT b.*, (effcap.kpi_score(k)).score AS total
FROM (SELECT '{"answer_rate": 0.85, "non_call_processing_rate": 0.97, "exam_avg": 78.5, "qa_avg": 82,
               "avg_talk_seconds": 150, "performance_avg": 80, "major_complaints": 2, "report_errors": 1}'::jsonb k) x,
     effcap.kpi_breakdown(effcap.kpi_score(k)) b;

-- Banded indicators (supervisor radar).  service_level: poor 0.50,
-- benchmark 0.80, excellent 0.95 -> 0.40: 0; 0.50: 0; 0.65: 40; 0.80: 80;
-- 0.875: 90; 0.95: 100; 0.99: 100.  aht_seconds is a range: poor
-- [90, 480], benchmark [144, 330], excellent [180, 240] -> 40: 0; 90: 0;
-- 117: 80 * 27/54 = 40; 144: 80; 162: 80 + 20 * 18/36 = 90; 180, 210, 240:
-- 100; 285: 80 + 20 * 45/90 = 90; 330: 80; 405: 80 * 75/150 = 40; 480: 0;
-- 600: 0.  Each indicator is a third of service_quality (40) or of
-- operational efficiency (30), so its max_points are 13.33 and 10: the AHT
-- points are the band score / 10.
CREATE TEMP TABLE radar_base AS SELECT '{"service_level": 0.8, "fcr_rate": 0.7, "csat": 0.85, "aht_seconds": 330,
    "abandon_rate": 0.08, "cost_per_call": 4.0, "knowledge_contributions": 50, "attendance_rate": 0.95,
    "utilization_rate": 0.92}'::jsonb AS k;
SELECT v AS service_level, round((100 * b.points / b.max_points)::numeric, 6) AS band_score
FROM radar_base, unnest(ARRAY[0.40, 0.50, 0.65, 0.80, 0.875, 0.95, 0.99]) v,
     effcap.kpi_breakdown(effcap.kpi_score(k || jsonb_build_object('service_level', v),
                                           effcap.default_supervisor_scorecard())) b
WHERE b.indicator = 'service_level';
SELECT v AS aht_seconds, round((100 * b.points / b.max_points)::numeric, 6) AS band_score, b.points
FROM radar_base, unnest(ARRAY[40, 90, 117, 144, 162, 180, 210, 240, 285, 330, 405, 480, 600]) v,
     effcap.kpi_breakdown(effcap.kpi_score(k || jsonb_build_object('aht_seconds', v),
                                           effcap.default_supervisor_scorecard())) b
WHERE b.indicator = 'aht_seconds';
-- Everything at benchmark -> 80 in every dimension, 80 in total.
SELECT d.dimension, d.weight, round(d.score::numeric, 6) AS score, round(d.points::numeric, 6) AS points
FROM radar_base, effcap.kpi_dimensions(effcap.kpi_score(k, effcap.default_supervisor_scorecard())) d;
SELECT round((effcap.kpi_score(k, effcap.default_supervisor_scorecard())).score::numeric, 6) FROM radar_base;
-- Everything at excellent: every indicator gets exactly its max_points, every
-- dimension exactly its weight, the total exactly 100 (no ulp above: a BI
-- check points <= max_points holds).  40 / 3 = 13.333333333333334 twice, and
-- the third share is what is left of 40: 13.333333333333332.
SET extra_float_digits = 1;
SELECT b.indicator, b.points, b.max_points, b.points = b.max_points AS at_max
FROM effcap.kpi_breakdown(effcap.kpi_score('{"service_level": 0.95, "fcr_rate": 0.85, "csat": 0.92,
    "aht_seconds": 180, "abandon_rate": 0.05, "cost_per_call": 2.8, "knowledge_contributions": 75,
    "attendance_rate": 0.98, "utilization_rate": 0.96}', effcap.default_supervisor_scorecard())) b;
SELECT d.dimension, d.weight, d.score, d.points
FROM effcap.kpi_dimensions(effcap.kpi_score('{"service_level": 1, "fcr_rate": 1, "csat": 1,
    "aht_seconds": 240, "abandon_rate": 0, "cost_per_call": 1, "knowledge_contributions": 100,
    "attendance_rate": 1, "utilization_rate": 1}', effcap.default_supervisor_scorecard())) d;
-- One dimension of weight 1 shared by 49 indicators (1/49 * 49 is not 1 in
-- floating point): all at excellent give exactly 1.
SELECT (s).score, (s).max_score, (SELECT sum(p) FROM unnest((s).max_points) p) AS sum_max,
       (SELECT bool_and(p <= m) FROM unnest((s).points, (s).max_points) x(p, m)) AS within
FROM (SELECT effcap.kpi_score(
          (SELECT jsonb_object_agg('i' || g, 1) FROM generate_series(1, 49) g),
          jsonb_build_object('dimensions', '[{"name": "d", "weight": 1}]'::jsonb,
              'indicators', (SELECT jsonb_agg(jsonb_build_object('name', 'i' || g, 'kind', 'banded',
                  'dimension', 'd', 'better', 'higher', 'poor', 0, 'benchmark', 0.5, 'excellent', 1))
                  FROM generate_series(1, 49) g))) s) x;
SET extra_float_digits = 0;
-- A mixed radar: service quality (80 + 90 + 100) / 3 = 90 -> 36; operational
-- (86.667 + 100 + 40) / 3 = 75.556 -> 22.667; business 80 -> 16; team
-- (40 + 100) / 2 = 70 -> 7; total 81.667.
SELECT d.dimension, round(d.score::numeric, 3) AS score, round(d.points::numeric, 3) AS points
FROM effcap.kpi_dimensions(effcap.kpi_score('{"service_level": 0.8, "fcr_rate": 0.775, "csat": 0.92,
    "aht_seconds": 300, "abandon_rate": 0.05, "cost_per_call": 5, "knowledge_contributions": 50,
    "attendance_rate": 0.9, "utilization_rate": 0.96}', effcap.default_supervisor_scorecard())) d;

-- A scorecard mixing both kinds: deduction points plus weighted dimensions.
-- calls: 10 points, target 100, 1 per 5 below: 90 -> 8; speed: banded in
-- dimension d (weight 20), poor 0, benchmark 10, excellent 20: 15 -> 90 -> 18.
-- Total 26 of 30.
SELECT (s).score, (s).max_score, (s).dimensions
FROM (SELECT effcap.kpi_score('{"calls": 90, "speed": 15}', '{
        "indicators": [{"name": "calls", "kind": "deduction", "points": 10, "better": "higher", "target": 100, "per": 5, "deduct": 1},
                       {"name": "speed", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 10, "excellent": 20}],
        "dimensions": [{"name": "d", "weight": 20}]}') s) x;

-- NULL handling: rows with a NULL indicator or value are skipped (then the
-- missing indicator is an error unless it has a default); no rows -> NULL.
SELECT (effcap.center_kpi_score(indicator, value)).score
FROM (SELECT * FROM at_target UNION ALL VALUES (NULL, 5), ('major_complaints', NULL)) x
WHERE indicator IS DISTINCT FROM 'major_complaints' OR value IS NULL;
SELECT effcap.center_kpi_score(indicator, value) IS NULL AS empty FROM at_target WHERE false;
SELECT effcap.kpi_score(NULL) IS NULL AS null_kpis;
SELECT (effcap.kpi_score('{"answer_rate": 0.9, "non_call_processing_rate": 1, "exam_avg": 80, "qa_avg": 80,
        "avg_talk_seconds": 120, "performance_avg": 85, "report_errors": null}')).score AS json_null_is_absent;

-- The long-format aggregate groups: two centers.
SELECT center, (effcap.center_kpi_score(indicator, value)).score
FROM (SELECT 'north' AS center, * FROM at_target
      UNION ALL SELECT 'south', indicator, CASE indicator WHEN 'exam_avg' THEN 70 ELSE value END FROM at_target) x
GROUP BY center ORDER BY center;

-- The state type: JSON text, sorted by name; round trip; carried scorecard.
SELECT effcap.kpi_trans(effcap.kpi_trans(NULL, 'qa_avg', 81.5), 'exam_avg', 0.1);
SELECT effcap.kpi_trans(NULL, 'x', 1, '{"indicators": [{"name": "x", "kind": "deduction", "points": 1, "better": "higher", "target": 1, "per": 1, "deduct": 1}]}');
SELECT s::text::effcap.kpi_inputs::text = s::text AS round_trip
FROM (SELECT effcap.kpi_trans(effcap.kpi_trans(NULL, 'a', 0.1), 'b', 1e-300) s) x;
SELECT effcap.kpi_inputs_send(effcap.kpi_trans(NULL, 'a', 1.5));
SELECT effcap.kpi_combine(effcap.kpi_trans(NULL, 'b', 2), effcap.kpi_trans(NULL, 'a', 1));

-- Parallel: partial states combine to the serial result.
CREATE TABLE kpi_rows AS
SELECT c AS center, indicator, value + (c % 7) * CASE WHEN indicator LIKE '%rate' THEN -0.01 ELSE 1 END AS value
FROM generate_series(1, 3000) c, at_target;
ANALYZE kpi_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET enable_hashagg = off;   -- (otherwise this small table is not split)
EXPLAIN (COSTS OFF) SELECT center, effcap.center_kpi_score(indicator, value) FROM kpi_rows GROUP BY center;
CREATE TEMP TABLE par AS SELECT center, effcap.center_kpi_score(indicator, value)::text AS s FROM kpi_rows GROUP BY center;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS centers, count(*) FILTER (WHERE p.s = q.s) AS equal
FROM par p JOIN (SELECT center, effcap.center_kpi_score(indicator, value)::text AS s FROM kpi_rows GROUP BY center) q
USING (center);
DROP TABLE kpi_rows;
