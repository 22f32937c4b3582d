-- survey_summary: CSAT and NPS answers stored per group and source, read
-- under weights, satisfied boxes and scale chosen later; rollup and merge;
-- text and binary forms; NULLs; errors.  Values worked out by hand above
-- each query.
SET extra_float_digits = 0;

-- Six respondents: passive survey CSAT 5 and 3, NPS 9 and 7; active rating
-- CSAT 4 and 1, NPS 10 and 2; a NULL score is no answer, a NULL source
-- skips the row.
CREATE TEMP TABLE r (id int, src text, c int, n int);
INSERT INTO r VALUES (1, 'passive', 5, 9), (2, 'passive', 3, NULL), (3, 'active', 4, 10),
                     (4, 'active', 1, 2), (5, 'passive', NULL, 7), (6, NULL, 5, 5);

-- Counts per source, CSAT scores 1..5 and NPS scores 0..10 (entries in
-- source order, NPS before CSAT).
SELECT effcap.survey_summary(c, n, src) FROM r;

-- CSAT: top 2 boxes (4, 5): passive 5, active 4 -> 2 of 4 = 0.5, as the
-- one-step csat over the same rows.  NPS: promoters 9, 10; detractor 2;
-- passive 7 -> 100 * (2 - 1) / 4 = 25, as the one-step nps.
SELECT effcap.csat(s) AS csat, effcap.nps(s) AS nps
FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
SELECT effcap.csat(c) AS csat, effcap.nps(n) AS nps FROM r WHERE src IS NOT NULL;
-- Seed 003: active ratings weigh more.  Active weight 3: CSAT (1 + 3) / (2
-- + 6) = 0.5; mean score (5 + 3 + 3 * (4 + 1)) / (2 + 3 * 2) = 23 / 8 =
-- 2.875; NPS (1 + 3 - 3) / (2 + 3 * 2) = 1/8 -> 12.5.  Top box only (5):
-- passive 5 -> 1 of 4 = 0.25.  Unweighted mean: (5 + 3 + 4 + 1) / 4 = 3.25.
SELECT effcap.csat(s, '{"weights": {"active": 3}}') AS csat_w,
       effcap.csat_mean(s, '{"weights": {"active": 3}}') AS mean_w,
       effcap.nps(s, '{"weights": {"active": 3}}') AS nps_w,
       effcap.csat(s, '{"top_boxes": 1}') AS top_box,
       effcap.csat_mean(s) AS mean
FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
-- Only the active source counts (default weight 0): CSAT 1/2, NPS (1 - 1) / 2 = 0.
SELECT effcap.csat(s, '{"default_weight": 0, "weights": {"active": 1}}') AS csat_active,
       effcap.nps(s, '{"default_weight": 0, "weights": {"active": 1}}') AS nps_active
FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
-- The weighted one-step csat over the rows gives the weighted read (float
-- sums aside): 0.5.
SELECT effcap.csat(c, 5, CASE src WHEN 'active' THEN 3 ELSE 1 END) FROM r WHERE src IS NOT NULL;

-- Another scale: CSAT 9 and 10 on a 10-point scale are its top 2 boxes; a
-- mean over two scales needs one chosen.  With the 5-point passive answers
-- (5 and 3): CSAT (1 + 2) / 4 = 0.75; mean on 10 points: 9.5.
SELECT effcap.csat(s) AS csat, effcap.csat_mean(s, '{"scale": 10}') AS mean_10,
       effcap.csat(s, '{"scale": 5}') AS csat_5
FROM (SELECT effcap.survey_summary(c, k, NULL, src) s
      FROM (VALUES (5, 5, 'passive'), (3, 5, 'passive'), (9, 10, 'active'), (10, 10, 'active')) v(c, k, src)) x;
SELECT effcap.csat_mean(s)
FROM (SELECT effcap.survey_summary(c, k, NULL, src) s
      FROM (VALUES (5, 5, 'passive'), (9, 10, 'active')) v(c, k, src)) x;

-- The two-argument form: source "survey", 5-point scale.
SELECT effcap.survey_summary(c, n) FROM r WHERE id <= 2;

-- Rollup and merge: per respondent summaries, in either order, give the
-- whole; over a sliding frame of two rows (moving-aggregate mode), row 3
-- holds respondents 2 (passive CSAT 3) and 3 (active CSAT 4, NPS 10), row 6
-- only respondent 5 (passive NPS 7; 6 has no source).
SELECT effcap.rollup(s ORDER BY id)::text = (SELECT effcap.survey_summary(c, n, src)::text FROM r) AS ordered,
       effcap.rollup(s ORDER BY id DESC)::text = (SELECT effcap.survey_summary(c, n, src)::text FROM r) AS reversed
FROM (SELECT id, effcap.survey_summary(c, n, src) s FROM r GROUP BY id) x;
SELECT id, effcap.survey_summary(c, n, src) OVER (ORDER BY id ROWS 1 PRECEDING) FROM r ORDER BY id;
SELECT effcap.merge(a.s, b.s)::text = (SELECT effcap.survey_summary(c, n, src)::text FROM r) AS merged
FROM (SELECT effcap.survey_summary(c, n, src) s FROM r WHERE id <= 3) a,
     (SELECT effcap.survey_summary(c, n, src) s FROM r WHERE id > 3) b;

-- NULLs: no answer at all gives NULL; NULL summaries read as NULL.
SELECT effcap.survey_summary(c, n) IS NULL AS none FROM r WHERE false;
SELECT effcap.survey_summary(NULL::int, NULL::int) IS NULL AS no_answer FROM r;
SELECT effcap.csat(NULL::effcap.survey_summary) IS NULL AS a, effcap.nps(NULL::effcap.survey_summary) IS NULL AS b;
-- A summary with NPS answers only has no CSAT.
SELECT effcap.csat(effcap.survey_summary(NULL, n)) IS NULL AS no_csat FROM r;

-- Round trips.
SELECT s::text::effcap.survey_summary::text = s::text AS text_round_trip
FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
CREATE TEMP TABLE recv_t (s effcap.survey_summary);
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    lo oid;
    result text;
BEGIN
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                           || '\x0001'::bytea || int4send(length(payload)) || payload
                           || '\xffff'::bytea);
    PERFORM lo_export(lo, '/tmp/effcap_regress_survey_recv.bin');
    PERFORM lo_unlink(lo);
    TRUNCATE recv_t;
    COPY recv_t FROM '/tmp/effcap_regress_survey_recv.bin' (FORMAT binary);
    SELECT s::text INTO result FROM recv_t;
    RETURN result;
END $$;
\set VERBOSITY terse
SELECT pg_temp.recv(effcap.survey_summary_send(s)) = s::text AS binary_round_trip
FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;

-- Errors: scores and scales as csat() and nps() check them; options.
SELECT effcap.survey_summary(6, NULL);
SELECT effcap.survey_summary(NULL, 11);
SELECT effcap.survey_summary(1, 2, NULL, 'x');
SELECT effcap.survey_summary(1, NULL, NULL, 'x');
SELECT effcap.survey_summary(5, NULL, repeat('s', 64));
SELECT effcap.survey_summary(5, NULL, 's' || g) FROM generate_series(1, 65) g;
SELECT effcap.csat(s, '{"top_boxes": 5}') FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
SELECT effcap.csat(s, '{"weights": {"active": -1}}') FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
SELECT effcap.csat(s, '{"wieghts": {}}') FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
SELECT effcap.nps(s, '{"top_boxes": 1}') FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
SELECT effcap.csat(s, NULL) FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
SELECT effcap.csat(s, '{"scale": 2}') FROM (SELECT effcap.survey_summary(c, n, src) s FROM r) x;
-- Text and binary input.
SELECT '{"version": 1, "sources": {"a": {"csat_5": [1, 2, 3]}}}'::effcap.survey_summary;
SELECT '{"version": 1, "sources": {"a": {"csat_05": [1, 2, 3, 4, 5]}}}'::effcap.survey_summary;
SELECT '{"version": 1, "sources": {"a": {"csat_101": [1]}}}'::effcap.survey_summary;
SELECT '{"version": 1, "sources": {"a": {"nps": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1]}}}'::effcap.survey_summary;
SELECT '{"version": 1, "sources": {"a": {"nps": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}}}'::effcap.survey_summary;
SELECT '{"version": 1, "sources": {"a": {"csat_5": [0, 0, 0, 0, 1]}, "b": []}}'::effcap.survey_summary;
SELECT '{"version": 1, "sources": {}}'::effcap.survey_summary;
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea || int4send(2));
-- A bad scale; one source and scale given twice; an entry without answers.
SELECT pg_temp.recv('\x0100' || int4send(2) || int4send(1) || 'a'::bytea || int4send(3) || int8send(1) || int8send(0) || int8send(0)
                    || int4send(1) || 'a'::bytea || int4send(3) || int8send(1) || int8send(0) || int8send(0));
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea || int4send(3) || int8send(0) || int8send(0) || int8send(0));
-- Found by fuzzing: counts whose sum passes bigint were read but not
-- stored; they are refused on input now.
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea || int4send(3)
                    || int8send(9223372036854775807) || int8send(9223372036854775807) || int8send(0));
SELECT '{"version": 1, "sources": {"a": {"csat_3": [9223372036854775807, 1, 0]}}}'::effcap.survey_summary;
\set VERBOSITY default

-- Taking away what a summary does not hold: a source it lacks, more
-- answers of a score than it has, an answer removed that was never added
-- (one CSAT 5 held; a 4 removed).
SELECT effcap.survey_summary_subtract(effcap.survey_summary(5, NULL, 'phone'), effcap.survey_summary(5, NULL, 'chat'));
SELECT effcap.survey_summary_subtract(a, b)
FROM (SELECT effcap.survey_summary(5, NULL, 'phone') a) x,
     (SELECT effcap.survey_summary(5, NULL, 'phone') b FROM generate_series(1, 2)) y;
SELECT effcap.survey_inv(effcap.survey_summary(5, NULL), 4, NULL);
