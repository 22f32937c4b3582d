-- handle_summary: handle times per category, read under limits and
-- exemptions chosen later; rollup, merge; text and binary forms; NULLs;
-- errors.  Values worked out by hand above each query.
SET extra_float_digits = 0;

-- One agent, three days: simple 120, 180 and 180.5 s on day 1; complex 600
-- and 901 s and simple 95 s on day 2; a NULL category and a NULL time on
-- day 3 (skipped).
CREATE TEMP TABLE h (id int, day int, cat text, s float8);
INSERT INTO h VALUES (1, 1, 'simple', 120), (2, 1, 'simple', 180), (3, 1, 'simple', 180.5),
                     (4, 2, 'complex', 600), (5, 2, 'complex', 901), (6, 2, 'simple', 95),
                     (7, 3, NULL, 50), (8, 3, 'simple', NULL);

-- Seconds rounded up: 180.5 -> 181.
SELECT effcap.handle_summary(cat, s) FROM h;
-- Seed 001: simple within 180 s, complex within 900 s.  Within: 120, 180,
-- 95, 600 -> 4 of 6 = 0.667, as the one-step aht_compliance; with 1
-- exemption (4 + 1) / 6 = 0.833; 3 exemptions forgive both -> 1.  With a
-- 181 s simple limit 180.5 passes -> 5/6.
SELECT effcap.aht_compliance(x, '{"simple": 180, "complex": 900}') AS none,
       effcap.aht_compliance(x, '{"simple": 180, "complex": 900}', 1) AS one,
       effcap.aht_compliance(x, '{"simple": 180, "complex": 900}', 3) AS three,
       effcap.aht_compliance(x, '{"simple": 181, "complex": 900}') AS at_181
FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(s, CASE cat WHEN 'simple' THEN 180 ELSE 900 END, 1) FROM h WHERE cat IS NOT NULL;
-- Exemptions apply at the grain read: per day, day 1 forgives its one
-- over-limit contact (3/3), day 2 its one (3/3); the days rolled up and read
-- with 1 exemption: 5/6.
SELECT day, effcap.aht_compliance(x, '{"simple": 180, "complex": 900}', 1)
FROM (SELECT day, effcap.handle_summary(cat, s) x FROM h WHERE day < 3 GROUP BY day) y ORDER BY day;
SELECT effcap.aht_compliance(effcap.rollup(x), '{"simple": 180, "complex": 900}', 1)
FROM (SELECT day, effcap.handle_summary(cat, s) x FROM h GROUP BY day) y;
-- Percentile: 95, 120, 180, 181, 600, 901; 0.5 -> 3 of 6 -> 180; 1 -> 901.
SELECT effcap.handle_percentile(x, 0.5) AS p50, effcap.handle_percentile(x, 1) AS p100
FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;

-- merge and rollup give the whole, in any order; a sliding frame of two
-- rows (moving-aggregate mode) ends empty (NULL) at row 8.
SELECT effcap.merge(a, b)::text = (SELECT effcap.handle_summary(cat, s)::text FROM h) AS merged,
       effcap.merge(b, a)::text = effcap.merge(a, b)::text AS commutes
FROM (SELECT effcap.handle_summary(cat, s) a FROM h WHERE day = 1) x,
     (SELECT effcap.handle_summary(cat, s) b FROM h WHERE day = 2) y;
SELECT effcap.rollup(x ORDER BY day DESC)::text = (SELECT effcap.handle_summary(cat, s)::text FROM h) AS rolled
FROM (SELECT day, effcap.handle_summary(cat, s) x FROM h GROUP BY day) y;
SELECT id, effcap.handle_summary(cat, s) OVER (ORDER BY id ROWS 1 PRECEDING) FROM h ORDER BY id;

-- NULLs.
SELECT effcap.handle_summary(cat, s) IS NULL AS none FROM h WHERE cat IS NULL OR s IS NULL;
SELECT effcap.aht_compliance(NULL::effcap.handle_summary, '{}') IS NULL AS a,
       effcap.handle_percentile(NULL::effcap.handle_summary, 0.5) IS NULL AS b;

-- Round trips.
SELECT x::text::effcap.handle_summary::text = x::text AS text_round_trip
FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
CREATE TEMP TABLE recv_t (s effcap.handle_summary);
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    lo oid;
    result text;
BEGIN
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                           || '\x0001'::bytea || int4send(length(payload)) || payload
                           || '\xffff'::bytea);
    PERFORM lo_export(lo, '/tmp/effcap_regress_handle_recv.bin');
    PERFORM lo_unlink(lo);
    TRUNCATE recv_t;
    COPY recv_t FROM '/tmp/effcap_regress_handle_recv.bin' (FORMAT binary);
    SELECT s::text INTO result FROM recv_t;
    RETURN result;
END $$;
\set VERBOSITY terse
SELECT pg_temp.recv(effcap.handle_summary_send(x)) = x::text AS binary_round_trip
FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;

-- Errors: handle times as aht_compliance checks them; limits; options.
SELECT effcap.handle_summary('simple', -1);
SELECT effcap.handle_summary('simple', 'NaN');
SELECT effcap.handle_summary(repeat('c', 64), 1);
SELECT effcap.aht_compliance(x, '{"simple": 180}') FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(x, '{"simple": 180.5, "complex": 900}') FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(x, '{"simple": -1, "complex": 900}') FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(x, '[180]') FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(x, NULL) FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(x, '{"simple": 180, "complex": 900}', -1) FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.aht_compliance(x, '{"simple": 180, "complex": 900}', NULL) FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
SELECT effcap.handle_percentile(x, 0) FROM (SELECT effcap.handle_summary(cat, s) x FROM h) y;
-- Counts of two categories that pass bigint together: compliance says so,
-- the percentile (over float sums) still answers 1.
SELECT effcap.aht_compliance(x, '{"a": 1, "b": 1}'), effcap.handle_percentile(x, 0.5)
FROM (SELECT '{"version": 1, "categories": {"a": {"1": 9223372036854775807}, "b": {"1": 9223372036854775807}}}'::effcap.handle_summary x) y;
SELECT effcap.handle_percentile('{"version": 1, "categories": {"a": {"1": 9223372036854775807}, "b": {"1": 9223372036854775807}}}'::effcap.handle_summary, 0.5);
SELECT effcap.handle_percentile(x, 0.5)
FROM (SELECT '{"version": 1, "categories": {"a": {"1": 9223372036854775807}, "b": {"2": 9223372036854775807}}}'::effcap.handle_summary x) y;
-- Text and binary input.
SELECT '{"version": 1, "categories": {"a": {"180.5": 1}}}'::effcap.handle_summary;
SELECT '{"version": 1, "categories": {"a": {"0180": 1}}}'::effcap.handle_summary;
SELECT '{"version": 1, "categories": {"a": {"180": 0}}}'::effcap.handle_summary;
SELECT '{"version": 1, "categories": {"a": {}}}'::effcap.handle_summary;
-- Categories come out in name order whatever the text's order.
SELECT '{"version": 1, "categories": {"b": {"5": 1}, "a": {"7": 2}}}'::effcap.handle_summary;
-- Binary: a second given twice; categories out of order (the binary form is
-- the canonical one send writes); a negative count.
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea || int4send(2)
                    || int8send(5) || int8send(1) || int8send(5) || int8send(1));
SELECT pg_temp.recv('\x0100' || int4send(2) || int4send(1) || 'b'::bytea || int4send(1) || int8send(5) || int8send(1)
                    || int4send(1) || 'a'::bytea || int4send(1) || int8send(5) || int8send(1));
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea || int4send(1) || int8send(5) || int8send(-1));
\set VERBOSITY default

-- merge: one category's counts on different keys (5e18 at 1 s, 5e18 at
-- 2 s) that are each in range but together pass bigint (9.22e18): refused
-- when merged, not stored to be refused when read.
SELECT effcap.merge('{"version": 1, "categories": {"x": {"1": 5000000000000000000}}}'::effcap.handle_summary,
                    '{"version": 1, "categories": {"x": {"2": 5000000000000000000}}}'::effcap.handle_summary);
