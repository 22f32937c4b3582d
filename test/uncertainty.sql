-- pgTAP: the normal quantile against the normal CDF integrated in SQL
-- (Simpson's rule); Wilson intervals against the formula written in SQL
-- and against the score-test equation their ends solve; the NPS margin
-- against plain SQL over generated answers and against effcap.nps.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT no_plan();

SELECT has_type('effcap', 'rate_interval', 'type rate_interval');
SELECT has_type('effcap', 'nps_interval', 'type nps_interval');
SELECT has_function('effcap', 'normal_quantile', ARRAY['double precision']);
SELECT has_function('effcap', 'wilson_interval', ARRAY['bigint', 'bigint', 'double precision']);
SELECT has_function('effcap', 'wilson_interval', ARRAY['effcap.fcr', 'double precision']);
SELECT has_function('effcap', 'nps_interval', ARRAY['bigint', 'bigint', 'bigint', 'double precision']);
SELECT is((SELECT string_agg(DISTINCT provolatile::text || proparallel::text || CASE WHEN proisstrict THEN 't' ELSE 'f' END, ',') FROM pg_proc
           WHERE proname IN ('normal_quantile', 'wilson_interval', 'nps_interval')
             AND pronamespace = 'effcap'::regnamespace AND proargtypes[0] <> 'effcap.survey_summary'::regtype),
          'ist', 'all IMMUTABLE, PARALLEL SAFE and STRICT');
SELECT is((SELECT string_agg(DISTINCT provolatile::text || proparallel::text || CASE WHEN proisstrict THEN 't' ELSE 'f' END, ',')
           FROM pg_proc WHERE proname IN ('csat_interval', 'nps_interval') AND pronamespace = 'effcap'::regnamespace
             AND proargtypes[0] = 'effcap.survey_summary'::regtype),
          'isf', 'the survey summary''s intervals: IMMUTABLE, PARALLEL SAFE, not strict (a NULL option is an error)');

-- Phi(z) = 1/2 + integral from 0 to z of the normal density, by Simpson's
-- rule with 4,000 panels (error far below 1e-12 for |z| < 8).
CREATE FUNCTION pg_temp.phi(z float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
    SELECT 0.5 + (z / 4000) / 3 * sum(CASE WHEN i = 0 OR i = 4000 THEN 1 WHEN i % 2 = 1 THEN 4 ELSE 2 END
                                      * exp(-((z * i / 4000) ^ 2) / 2) / sqrt(2 * pi()))
    FROM generate_series(0, 4000) i
$$;
SELECT is_empty($$
    SELECT p, effcap.normal_quantile(p), pg_temp.phi(effcap.normal_quantile(p))
    FROM (SELECT 0.001 + 0.998 * i / 200 AS p FROM generate_series(0, 200) i
          UNION ALL SELECT unnest(ARRAY[1e-6, 1e-4, 0.0242, 0.0243, 0.9757, 0.9758, 0.9999, 0.999999])) g
    WHERE abs(pg_temp.phi(effcap.normal_quantile(p)) - p) > 1e-12$$,
    'Phi(normal_quantile(p)) = p over a grid from the tails to the middle');
-- p = i / 128: 1 - p is exact in binary, so the two calls see mirror inputs.
SELECT is_empty($$SELECT p FROM generate_series(1, 127) i, LATERAL (SELECT i / 128.0::float8 AS p) x
                  WHERE effcap.normal_quantile(p) <> -effcap.normal_quantile(1 - p)$$,
                'the quantile is symmetric to the bit');

-- Wilson: the formula in SQL over a grid of counts and confidences.
CREATE TEMP TABLE grid AS
SELECT x, n, c FROM generate_series(1, 400, 37) n, LATERAL generate_series(0, n, greatest(1, n / 9)) x,
                    unnest(ARRAY[0.8, 0.9, 0.95, 0.99, 0.999]) c;
SELECT is_empty($$
    SELECT g.x, g.n, g.c, w.lower, w.upper, r.lower, r.upper
    FROM grid g, effcap.wilson_interval(g.x, g.n, g.c) w,
         LATERAL (SELECT effcap.normal_quantile(1 - (1 - g.c) / 2) AS z, g.x::float8 / g.n AS p) q,
         LATERAL (SELECT ((q.p + q.z ^ 2 / (2 * g.n)) - q.z * sqrt(q.p * (1 - q.p) / g.n + q.z ^ 2 / (4 * g.n ^ 2))) / (1 + q.z ^ 2 / g.n) AS lower,
                         ((q.p + q.z ^ 2 / (2 * g.n)) + q.z * sqrt(q.p * (1 - q.p) / g.n + q.z ^ 2 / (4 * g.n ^ 2))) / (1 + q.z ^ 2 / g.n) AS upper) r
    WHERE abs(w.lower - greatest(r.lower, 0)) > 1e-12 OR abs(w.upper - least(r.upper, 1)) > 1e-12
       OR w.rate <> q.p$$,
    'wilson_interval equals the Wilson formula written in SQL');
-- Each end of the interval solves the score test: (p - e)^2 = z^2 e (1 - e) / n.
SELECT is_empty($$
    SELECT g.x, g.n, g.c
    FROM grid g, effcap.wilson_interval(g.x, g.n, g.c) w,
         LATERAL (SELECT effcap.normal_quantile(1 - (1 - g.c) / 2) AS z, g.x::float8 / g.n AS p) q,
         unnest(ARRAY[w.lower, w.upper]) e
    WHERE abs((q.p - e) ^ 2 - q.z ^ 2 * e * (1 - e) / g.n) > 1e-12$$,
    'each end solves (p - e)^2 = z^2 e (1 - e) / n');
SELECT is_empty($$
    SELECT g.x, g.n FROM grid g, effcap.wilson_interval(g.x, g.n, 0.9) a, effcap.wilson_interval(g.x, g.n, 0.99) b
    WHERE NOT (b.lower <= a.lower AND a.lower <= a.rate AND a.rate <= a.upper AND a.upper <= b.upper)$$,
    'the interval holds the rate and widens with the confidence');

-- FCR: the interval of an fcr_stats row is that of resolved out of the
-- contacts that can be judged.
SELECT setseed(0.3);
CREATE TEMP TABLE contacts AS
SELECT (random() * 300)::int AS customer, timestamptz '2026-10-01' + random() * interval '30 days' AS t
FROM generate_series(1, 3000);
SELECT is((SELECT effcap.wilson_interval(effcap.fcr_stats(customer::bigint, t, interval '7 days', timestamptz '2026-10-31'))::text
           FROM contacts),
          (SELECT effcap.wilson_interval((s).resolved, (s).contacts - (s).pending)::text
           FROM (SELECT effcap.fcr_stats(customer::bigint, t, interval '7 days', timestamptz '2026-10-31') AS s FROM contacts) x),
          'wilson_interval(fcr row) is resolved out of contacts - pending');

-- The service level of stored summaries: for every policy, the rate is
-- service_level's and the interval that of its counts; the counts are
-- those of contact_stats.
CREATE TEMP TABLE offered AS
SELECT (random() * 6)::int AS agent, floor(random() * 60)::float8 AS wait, random() < 0.9 AS answered
FROM generate_series(1, 3000);
CREATE TEMP TABLE by_agent AS
SELECT agent, effcap.queue_summary(wait, answered, CASE WHEN answered THEN 180 END) AS s FROM offered GROUP BY agent;
SELECT is_empty($$
    SELECT b.agent, p, i.rate, effcap.service_level(b.s, t, p)
    FROM by_agent b, unnest(ARRAY['abandons_negative', 'abandons_ignored', 'abandons_positive', 'handled_only']) p,
         unnest(ARRAY[10, 20, 45]) t,
         LATERAL effcap.service_level_interval(b.s, t, p, 0.9) i
    WHERE i.rate IS DISTINCT FROM effcap.service_level(b.s, t, p)
       OR i::text <> effcap.wilson_interval(i.successes, i.trials, 0.9)::text$$,
    'service_level_interval: service_level''s rate, and the Wilson interval of its counts, for every policy');
SELECT is_empty($$
    SELECT b.agent FROM by_agent b, effcap.service_level_interval(b.s, 20) i, effcap.contact_stats(b.s) c
    WHERE i.successes <> c.answered_within OR i.trials <> c.offered$$,
    'by default: answered within 20 s out of offered, as contact_stats counts them');

-- NPS: the margin in plain SQL over generated answers, and the point
-- estimate against the nps aggregate.
CREATE TEMP TABLE answers AS SELECT (random() * 10)::int AS score FROM generate_series(1, 5000);
SELECT is((SELECT round(nps::numeric, 9) || ' ' || round(standard_error::numeric, 9) || ' ' || round(margin::numeric, 9)
           FROM effcap.nps_interval((SELECT count(*) FILTER (WHERE score >= 9) FROM answers),
                                    (SELECT count(*) FILTER (WHERE score IN (7, 8)) FROM answers),
                                    (SELECT count(*) FILTER (WHERE score <= 6) FROM answers), 0.9)),
          (SELECT round((100 * (p - d))::numeric, 9) || ' ' || round((100 * sqrt((p + d - (p - d) ^ 2) / n))::numeric, 9) || ' ' ||
                  round((100 * 1.6448536269514722 * sqrt((p + d - (p - d) ^ 2) / n))::numeric, 9)
           FROM (SELECT count(*) FILTER (WHERE score >= 9)::float8 / count(*) AS p,
                        count(*) FILTER (WHERE score <= 6)::float8 / count(*) AS d, count(*) AS n FROM answers) x),
          'nps_interval equals plain SQL (90%: z = 1.6448536269514722)');
SELECT ok((SELECT abs(i.nps - (SELECT effcap.nps(score) FROM answers)) < 1e-9
           FROM effcap.nps_interval((SELECT count(*) FILTER (WHERE score >= 9) FROM answers),
                                    (SELECT count(*) FILTER (WHERE score IN (7, 8)) FROM answers),
                                    (SELECT count(*) FILTER (WHERE score <= 6) FROM answers)) i),
          'its NPS is the nps aggregate''s');

-- Intervals of stored survey summaries equal those of plain SQL counts:
-- 6000 answers of 30 agents from two sources, agent-day summaries rolled up.
CREATE TEMP TABLE survey_answers AS
SELECT 1 + g % 30 AS agent, 1 + (g / 30) % 20 AS day, (ARRAY['phone', 'chat'])[1 + (g / 7) % 2] AS source,
       CASE WHEN random() < 0.9 THEN 1 + floor(random() * 5)::int END AS csat,
       CASE WHEN random() < 0.8 THEN floor(random() * 11)::int END AS nps
FROM generate_series(1, 6000) g;
CREATE TEMP TABLE survey_answer_days AS
SELECT agent, day, effcap.survey_summary(csat, nps, source) AS s FROM survey_answers GROUP BY agent, day;
SELECT is((SELECT count(*) FROM (SELECT agent, effcap.csat_interval(effcap.rollup(s)) AS got,
                                        effcap.csat_interval(effcap.rollup(s), '{"weights": {"chat": 0}}') AS got_phone
                                 FROM survey_answer_days GROUP BY agent) g
           JOIN (SELECT agent, effcap.wilson_interval(count(*) FILTER (WHERE csat >= 4), count(csat)) AS want,
                        effcap.wilson_interval(count(*) FILTER (WHERE csat >= 4 AND source = 'phone'),
                                               count(csat) FILTER (WHERE source = 'phone')) AS want_phone
                 FROM survey_answers GROUP BY agent) w USING (agent)
           WHERE got IS DISTINCT FROM want OR got_phone IS DISTINCT FROM want_phone),
          0::bigint, 'csat_interval of rolled-up summaries equals wilson_interval of plain SQL counts, all and one source');
SELECT is((SELECT count(*) FROM (SELECT agent, effcap.nps_interval(effcap.rollup(s)) AS got FROM survey_answer_days GROUP BY agent) g
           JOIN (SELECT agent, effcap.nps_interval(count(*) FILTER (WHERE nps >= 9), count(*) FILTER (WHERE nps BETWEEN 7 AND 8),
                                                   count(*) FILTER (WHERE nps <= 6)) AS want
                 FROM survey_answers GROUP BY agent) w USING (agent)
           WHERE got IS DISTINCT FROM want),
          0::bigint, 'nps_interval of rolled-up summaries equals nps_interval of plain SQL counts');

SELECT * FROM finish();
ROLLBACK;
