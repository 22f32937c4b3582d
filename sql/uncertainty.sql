-- Uncertainty on rates: the normal quantile, Wilson score intervals and the
-- NPS margin against values worked out apart from effcap (the comments;
-- quantiles from published tables, intervals from the formula by hand and
-- checked with Python's statistics.NormalDist), NULLs and every error.
\pset null '(null)'

-- Quantiles: z of 95% two-sided 1.959963985 (0.975), of 99% 2.575829304
-- (0.995), one-sided 95% 1.644853627; 0.5 gives 0; Phi(1) = 0.841344746
-- gives 1; far in the tail 1e-10 gives -6.361340902.
SELECT p, round(effcap.normal_quantile(p)::numeric, 9) AS z
FROM unnest(ARRAY[0.975, 0.995, 0.95, 0.5, 0.025, 0.8413447460685429, 1e-10]::float8[]) p;

-- Wilson, 95%: 81 of 263 -> [0.2553, 0.3662] (p = 0.30798, z^2 / n =
-- 0.014606, centre 0.31075, half 0.05546); 0 of 20 -> [0, 0.1611] (the
-- lower end exactly 0); 170 of 200 -> [0.7939, 0.8929]; 20 of 20 ->
-- [0.8389, 1] (the upper end exactly 1).
SELECT successes, trials, round(rate::numeric, 6) AS rate, round(lower::numeric, 4) AS lower,
       round(upper::numeric, 4) AS upper
FROM (VALUES (81, 263), (0, 20), (170, 200), (20, 20)) v(x, n),
     LATERAL effcap.wilson_interval(x, n) w;
SELECT w1.lower = 0 AS lower_is_0, w2.upper = 1 AS upper_is_1 FROM effcap.wilson_interval(0, 20) w1, effcap.wilson_interval(20, 20) w2;
-- 6 of 8 at 95%: [0.4093, 0.9285]; at 99% wider: [0.3238, 0.9495].
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper FROM effcap.wilson_interval(6, 8);
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper FROM effcap.wilson_interval(6, 8, 0.99);
-- No trials: the counts, and NULL rate and bounds.
SELECT * FROM effcap.wilson_interval(0, 0);

-- An fcr row: 6 resolved of the 8 judged (10 contacts, 2 pending): the
-- interval of 6 of 8 above.
SELECT successes, trials, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM effcap.wilson_interval(ROW(10, 6, 2, 2, 0.75)::effcap.fcr);
-- From fcr_stats over contacts: customer 1 at 0 h and 30 h (the first
-- repeated within 48 h, the second resolved), customer 2 once: 2 of 3.
SELECT successes, trials, round(rate::numeric, 6) AS rate
FROM effcap.wilson_interval((SELECT effcap.fcr_stats(c, t, interval '48 hours')
                             FROM (VALUES (1, timestamptz '2026-10-01 00:00+00'), (1, '2026-10-02 06:00+00'),
                                          (2, '2026-10-01 00:00+00')) v(c, t)));
-- NULL fields of the row give NULL.
SELECT effcap.wilson_interval(ROW(NULL, NULL, NULL, NULL, NULL)::effcap.fcr) IS NULL AS null_row;

-- The service level of a stored queue summary with its interval: ten
-- calls, 6 answered within 20 s, 2 answered later, 1 abandoned within 20 s,
-- 1 later.  Abandons negative: 6 of 10 -> [0.3127, 0.8318]; ignored: 6 of
-- 9 (the early abandon left out) -> [0.3542, 0.8794]; positive: 7 of 10 ->
-- [0.3968, 0.8922]; handled only: 6 of 8 -> [0.4093, 0.9285].
CREATE TEMP TABLE calls AS
SELECT effcap.queue_summary(w, a, CASE WHEN a THEN 200 END) AS s
FROM (VALUES (5, true), (8, true), (10, true), (12, true), (15, true), (20, true), (25, true), (90, true),
             (4, false), (60, false)) v(w, a);
SELECT p, successes, trials, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM calls, unnest(ARRAY['abandons_negative', 'abandons_ignored', 'abandons_positive', 'handled_only']) p,
     LATERAL effcap.service_level_interval(calls.s, 20, p) i;
-- Defaults (abandons negative, 95%), 99%, and the rate equals service_level.
SELECT successes, trials FROM calls, LATERAL effcap.service_level_interval(calls.s, 20) i;
SELECT lower < 0.3127 AS wider, i.rate = effcap.service_level(calls.s, 20) AS same_rate
FROM calls, LATERAL effcap.service_level_interval(calls.s, 20, 'abandons_negative', 0.99) i;
-- A NULL summary gives NULL; NULL options and bad ones are errors.
SELECT effcap.service_level_interval(NULL::effcap.queue_summary, 20) IS NULL AS null_summary;
SELECT effcap.service_level_interval(s, NULL) FROM calls;
SELECT effcap.service_level_interval(s, 20, NULL) FROM calls;
SELECT effcap.service_level_interval(s, 20, 'abandons_negative', NULL) FROM calls;
SELECT effcap.service_level_interval(s, 20, 'cisco') FROM calls;
SELECT effcap.service_level_interval(s, 20, 'abandons_negative', 2) FROM calls;
SELECT effcap.service_level_interval(s, -1) FROM calls;

-- NPS: 500 promoters, 300 passives, 200 detractors: NPS 30; variance
-- 0.5 + 0.2 - 0.3^2 = 0.61, standard error sqrt(0.61 / 1000) = 2.47 points,
-- margin 1.96 x 2.47 = 4.84 points, so [25.16, 34.84].
SELECT answers, round(nps::numeric, 2) AS nps, round(standard_error::numeric, 2) AS se,
       round(margin::numeric, 2) AS margin, round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper
FROM effcap.nps_interval(500, 300, 200);
-- Everyone a promoter: NPS 100, no spread; none: NULL measures.
SELECT * FROM effcap.nps_interval(10, 0, 0);
SELECT * FROM effcap.nps_interval(0, 0, 0);
-- Three answers, one of each: NPS 0, variance 2/3, standard error
-- sqrt(2/9) = 47.14 points; at 95% the margin is 1.96 x 47.14 = 92.39.
SELECT round(standard_error::numeric, 2) AS se, round(lower::numeric, 2) AS lower, round(upper::numeric, 2) AS upper
FROM effcap.nps_interval(1, 1, 1);

-- The README's examples, as written.
SELECT round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM effcap.wilson_interval(81, 263);
SELECT nps, round(standard_error::numeric, 2) AS se, round(margin::numeric, 2) AS margin
FROM effcap.nps_interval(500, 300, 200);

-- NULL arguments: NULL (the functions are strict).
SELECT effcap.wilson_interval(NULL, 10) IS NULL AS a, effcap.nps_interval(1, NULL, 1) IS NULL AS b,
       effcap.normal_quantile(NULL) IS NULL AS c;

-- Errors.
SELECT effcap.normal_quantile(0);
SELECT effcap.normal_quantile(1);
SELECT effcap.normal_quantile('NaN');
SELECT effcap.wilson_interval(5, 4);
SELECT effcap.wilson_interval(-1, 4);
SELECT effcap.wilson_interval(1, 4, 1);
SELECT effcap.wilson_interval(1, 4, 0);
SELECT effcap.wilson_interval(1, 4, 'NaN');
SELECT effcap.wilson_interval(ROW(10, 6, 2, 11, 0.75)::effcap.fcr);
SELECT effcap.nps_interval(1, -2, 3);
SELECT effcap.nps_interval(9223372036854775807, 1, 0);
SELECT effcap.nps_interval(1, 1, 1, 95);

-- Intervals read from a stored survey summary.  CSAT on 5 points, top two
-- boxes (4, 5): phone answers 5, 5, 4, 3, 1 (3 of 5), chat 5, 2 (1 of 2):
-- 4 of 7.  NPS: phone 10, 9, 8, 6, 0 and chat 9: 3 promoters, 1 passive,
-- 2 detractors.
CREATE TEMP TABLE answers (csat int, nps int, source text);
INSERT INTO answers VALUES (5, 10, 'phone'), (5, 9, 'phone'), (4, 8, 'phone'), (3, 6, 'phone'), (1, 0, 'phone'),
                           (5, 9, 'chat'), (2, NULL, 'chat');
CREATE TEMP TABLE survey AS SELECT effcap.survey_summary(csat, nps, source) AS s FROM answers;
SELECT effcap.csat_interval(s) = effcap.wilson_interval(4, 7) AS all_sources,
       effcap.csat_interval(s, '{"weights": {"chat": 0}}') = effcap.wilson_interval(3, 5) AS phone_only,
       effcap.csat_interval(s, '{"top_boxes": 1}') = effcap.wilson_interval(3, 7) AS top_box,
       effcap.csat_interval(s, '{}', 0.9) = effcap.wilson_interval(4, 7, 0.9) AS at_90
FROM survey;
SELECT (effcap.csat_interval(s)).successes, (effcap.csat_interval(s)).trials FROM survey;
SELECT effcap.nps_interval(s) = effcap.nps_interval(3, 1, 2) AS all_sources,
       effcap.nps_interval(s, '{"default_weight": 0, "weights": {"phone": 1}}') = effcap.nps_interval(2, 1, 2) AS phone_only,
       effcap.nps_interval(s, '{}', 0.8) = effcap.nps_interval(3, 1, 2, 0.8) AS at_80
FROM survey;
SELECT effcap.csat_interval(NULL) IS NULL AS a, effcap.nps_interval(NULL::effcap.survey_summary) IS NULL AS b;
SELECT effcap.csat_interval(s, '{"weights": {"chat": 2}}') FROM survey;
SELECT effcap.nps_interval(s, '{"default_weight": 0.5}') FROM survey;
SELECT effcap.csat_interval(s, NULL) FROM survey;
SELECT effcap.csat_interval(s, '{}', NULL) FROM survey;
SELECT effcap.nps_interval(s, '{}', 1.5) FROM survey;
SELECT effcap.csat_interval(s, '{"top_boxes": 5}') FROM survey;
SELECT effcap.nps_interval(s, '{"top_boxes": 1}') FROM survey;
