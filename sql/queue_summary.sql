-- queue_summary: the stored form of contact statistics, read under options
-- chosen later; percentiles; rollup; text and binary forms; NULLs; errors.
-- Every expected value is worked out by hand in the comment above its query.
SET extra_float_digits = 0;

-- Seven offered contacts: answered after 0, 12, 12.5, 20 and 21 s (handled
-- in 100, 200.5, 300, 60 and 61 s), abandoned after 3 and 25 s.
CREATE TEMP TABLE q (id int, w float8, a bool, h float8);
INSERT INTO q VALUES (1, 0, true, 100), (2, 12, true, 200.5), (3, 12.5, true, 300),
                     (4, 25, false, NULL), (5, 3, false, NULL), (6, 20, true, 60), (7, 21, true, 61);

-- The text form: waits by half second (12.5 s is "12-13": more than 12 and
-- less than 13 s), handle times rounded up to the second (200.5 -> 201),
-- sums of answered waits 0 + 12 + 12.5 + 20 + 21 = 65.5 s and handle times
-- 100 + 200.5 + 300 + 60 + 61 = 721.5 s in microseconds.
SELECT effcap.queue_summary(w, a, h) FROM q;

-- Read under options chosen now: threshold 20 s, short abandons under 5 s,
-- abandons ignored.  Answered 5, within 20 s: 0, 12, 12.5, 20 -> 4; the 3 s
-- abandon is short, the 25 s one is not and not within: offered 6,
-- service level 4 / (6 - 0) = 0.667, answer rate 5/6, abandon rate 1/6,
-- ASA 65.5 / 5 = 13.1, AHT 721.5 / 5 = 144.3.  The one-step aggregate over
-- the rows gives the same row.
SELECT (effcap.contact_stats(s, '{"threshold_seconds": 20, "short_abandon_seconds": 5, "policy": "abandons_ignored"}')).*
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT (effcap.contact_stats(w, a, h, '{"threshold_seconds": 20, "short_abandon_seconds": 5, "policy": "abandons_ignored"}')).*
FROM q;
-- Default options (20 s, no short abandons, abandons_negative): offered 7,
-- within 4 -> 4/7 = 0.571.
SELECT (effcap.contact_stats(effcap.queue_summary(w, a, h))).service_level FROM q;
-- Service level at 12 s: 0 and 12 are within (12.5 is not) -> 2/7; at 13 s
-- 12.5 is within -> 3/7; handled_only at 21 s -> 5/5; abandons_positive at
-- 25 s -> (5 + 2) / 7 = 1.
SELECT effcap.service_level(s, 12) AS at_12, effcap.service_level(s, 13) AS at_13,
       effcap.service_level(s, 21, 'handled_only') AS handled_21,
       effcap.service_level(s, 25, 'abandons_positive') AS positive_25
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.service_level(w, a, 12) AS at_12, effcap.service_level(w, a, 13) AS at_13,
       effcap.service_level(w, a, 21, 'handled_only') AS handled_21,
       effcap.service_level(w, a, 25, 'abandons_positive') AS positive_25
FROM q;

-- Percentiles of answered contacts, whole seconds: waits 0, 12, 12.5 (->
-- 13), 20, 21.  0.2 -> 1 of 5 -> 0; 0.5 -> 2.5, so 3 of 5 -> 13; 0.8 -> 4 of
-- 5 -> 20; 1 -> 21.  Handle times 60, 61, 100, 201, 300: 0.5 -> 100; 0.9
-- -> 4.5, so all 5 -> 300; 0.0001 -> 60.
SELECT effcap.wait_percentile(s, 0.2) AS p20, effcap.wait_percentile(s, 0.5) AS p50,
       effcap.wait_percentile(s, 0.8) AS p80, effcap.wait_percentile(s, 1) AS p100,
       effcap.handle_percentile(s, 0.5) AS h50, effcap.handle_percentile(s, 0.9) AS h90,
       effcap.handle_percentile(s, 0.0001) AS h_min
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
-- Only abandons: no answered contact, so no percentile and no ASA.
SELECT effcap.wait_percentile(s, 0.5) IS NULL AS no_wait_p, (effcap.contact_stats(s)).asa_seconds IS NULL AS no_asa
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q WHERE NOT a) x;

-- Rollup: the summaries of the answered and of the abandoned contacts, in
-- either order, give the summary of all seven, byte for byte.
SELECT effcap.rollup(s ORDER BY a)::text = (SELECT effcap.queue_summary(w, a, h)::text FROM q) AS ordered,
       effcap.rollup(s ORDER BY a DESC)::text = (SELECT effcap.queue_summary(w, a, h)::text FROM q) AS reversed
FROM (SELECT a, effcap.queue_summary(w, a, h) s FROM q GROUP BY a) x;
-- merge(a, b), for keeping a stored summary up to date: the answered and
-- the abandoned contacts' summaries merge to the summary of all seven;
-- merging is commutative; NULL merges to NULL (strict).
SELECT effcap.merge(a.s, b.s)::text = (SELECT effcap.queue_summary(w, a, h)::text FROM q) AS merged,
       effcap.merge(b.s, a.s)::text = effcap.merge(a.s, b.s)::text AS commutes,
       effcap.merge(a.s, NULL) IS NULL AS strict
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q WHERE a) a,
     (SELECT effcap.queue_summary(w, a, h) s FROM q WHERE NOT a) b;
-- Capacity summaries merge the same way, and refuse different rules.
SELECT effcap.merge(effcap.capacity_summary('inbound', false, false, false, NULL),
                    effcap.capacity_summary('ticket', true, false, false, 'A'));
SELECT effcap.merge(effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 1}'),
                    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 2}'));

-- Over a sliding frame (moving-aggregate mode): each row's frame is itself
-- and the row before it.  Row 4 holds contacts 3 and 4: answered 12.5 s,
-- abandoned 25 s -> offered 2, answered 1.
SELECT id, (effcap.contact_stats(effcap.queue_summary(w, a, h) OVER w)).offered,
       (effcap.contact_stats(effcap.queue_summary(w, a, h) OVER w)).answered,
       (effcap.contact_stats(effcap.rollup(s) OVER w)).answered AS rolled
FROM (SELECT *, effcap.queue_summary(w, a, h) OVER (PARTITION BY id) s FROM q) x
WINDOW w AS (ORDER BY id ROWS 1 PRECEDING) ORDER BY id;

-- Round trips: the text form reads back to the same value; so does the
-- binary form, through COPY (FORMAT binary).
SELECT s::text::effcap.queue_summary::text = s::text AS text_round_trip
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
CREATE TEMP TABLE recv_t (s effcap.queue_summary);
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    lo oid;
    result text;
BEGIN
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                           || '\x0001'::bytea || int4send(length(payload)) || payload
                           || '\xffff'::bytea);
    PERFORM lo_export(lo, '/tmp/effcap_regress_queue_recv.bin');
    PERFORM lo_unlink(lo);
    TRUNCATE recv_t;
    COPY recv_t FROM '/tmp/effcap_regress_queue_recv.bin' (FORMAT binary);
    SELECT s::text INTO result FROM recv_t;
    RETURN result;
END $$;
\set VERBOSITY terse
SELECT pg_temp.recv(effcap.queue_summary_send(s)) = s::text AS binary_round_trip
FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;

-- NULLs: rows with a NULL wait or answered flag are skipped; no contact
-- gives NULL; a NULL summary reads as NULL.
SELECT effcap.queue_summary(w, a, h) IS NULL AS none FROM q WHERE false;
SELECT effcap.queue_summary(w, NULL, h) IS NULL AS skipped FROM q;
SELECT effcap.queue_summary(CASE WHEN id = 1 THEN NULL ELSE w END, a, h)::text
       = (SELECT effcap.queue_summary(w, a, h)::text FROM q WHERE id <> 1) AS null_wait_skipped
FROM q;
SELECT effcap.contact_stats(NULL::effcap.queue_summary) IS NULL AS a,
       effcap.service_level(NULL::effcap.queue_summary, 20) IS NULL AS b,
       effcap.wait_percentile(NULL, 0.5) IS NULL AS c;

-- Errors.  Rows: an answered contact needs a handle time; negative, NaN
-- and too large seconds; an abandoned contact's handle time must be sane.
SELECT effcap.queue_summary(1, true, NULL);
SELECT effcap.queue_summary(-1, true, 5);
SELECT effcap.queue_summary(1, true, 'NaN');
SELECT effcap.queue_summary(1e13, false, NULL);
SELECT effcap.queue_summary(1, false, -5);
-- Reading: a threshold the summary cannot answer exactly, in whole seconds
-- or finer; NULL parameters; an unknown policy or option; a bad fraction.
SELECT effcap.service_level(s, 20.5) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.service_level(s, 20.0000004) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.contact_stats(s, '{"short_abandon_seconds": 4.5}') FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.contact_stats(s, NULL) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.contact_stats(s, '{"treshold_seconds": 20}') FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.service_level(s, NULL) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.service_level(s, 20, NULL) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.service_level(s, 20, 'abandons_forgotten') FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.wait_percentile(s, 0) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.wait_percentile(s, 1.5) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.handle_percentile(s, 'NaN') FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;
SELECT effcap.handle_percentile(s, NULL) FROM (SELECT effcap.queue_summary(w, a, h) s FROM q) x;

-- Text input is checked in full: the version, every key and count, and
-- what the histograms and sums say about each other.
SELECT '{"version": 1, "answered_waits": {"0": 1}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 0, "answered_handle_us": 5000000}'::effcap.queue_summary;
SELECT '{"version": 2, "answered_waits": {}, "abandoned_waits": {}, "handle_times": {}, "answered_wait_us": 0, "answered_handle_us": 0}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {}, "abandoned_waits": {}, "handle_times": {}, "answered_wait_us": 0}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {}, "abandoned_waits": {}, "handle_times": {}, "answered_wait_us": 0, "answered_handle_us": 0, "x": 1}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"012": 1}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 12000000, "answered_handle_us": 5000000}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"12-14": 1}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 12500000, "answered_handle_us": 5000000}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"1": 1}, "abandoned_waits": {}, "handle_times": {"4-5": 1}, "answered_wait_us": 1000000, "answered_handle_us": 4500000}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"1": 0}, "abandoned_waits": {}, "handle_times": {}, "answered_wait_us": 0, "answered_handle_us": 0}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"1": -1}, "abandoned_waits": {}, "handle_times": {}, "answered_wait_us": 0, "answered_handle_us": 0}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"1": 1, "1": 2}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 1000000, "answered_handle_us": 5000000}'::effcap.queue_summary;
-- Two answered contacts but one handle time; a wait sum no waits of 1 s
-- can make; a handle sum beyond what times rounded up to 5 s allow.
SELECT '{"version": 1, "answered_waits": {"1": 2}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 2000000, "answered_handle_us": 5000000}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"1": 1}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 1500000, "answered_handle_us": 5000000}'::effcap.queue_summary;
SELECT '{"version": 1, "answered_waits": {"1": 1}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 1000000, "answered_handle_us": 3999999}'::effcap.queue_summary;
-- Between 1 and 2 s, any microsecond sum from 1 to 2 s is possible.
SELECT '{"version": 1, "answered_waits": {"1-2": 1}, "abandoned_waits": {}, "handle_times": {"5": 1}, "answered_wait_us": 1999999, "answered_handle_us": 4000001}'::effcap.queue_summary;

-- Binary input is checked the same way: another version, a negative
-- counter, more entries than bytes, trailing bytes, an impossible summary.
SELECT pg_temp.recv('\x0200');
SELECT pg_temp.recv('\x0100' || int8send(-1) || int8send(0));
SELECT pg_temp.recv('\x0100' || int8send(0) || int8send(0) || int4send(1000));
SELECT pg_temp.recv('\x0100' || int8send(0) || int8send(0) || int4send(0) || int4send(0) || int4send(0) || '\x00'::bytea);
SELECT pg_temp.recv('\x0100' || int8send(0) || int8send(0) || int4send(1) || int8send(2) || int8send(1)
                    || int4send(0) || int4send(0));
SELECT pg_temp.recv('\x0100' || int8send(2000000) || int8send(5000000) || int4send(1) || int8send(4) || int8send(1)
                    || int4send(0) || int4send(1) || int8send(5) || int8send(1));
-- Keys past what a row can give (waits and handle times are at most 1e12 s):
-- a handle key of 1e12 s is read (its text form "1000000000000" reads back),
-- 1e12 + 1 s is refused, and so is a wait key past 1e12 s (2e12 + 1 half
-- seconds: the half second after 1e12 s), whose text form could not be read.
SELECT x::effcap.queue_summary::text = x AS reads_back, x
FROM (SELECT pg_temp.recv('\x0100' || int8send(2000000) || int8send(1000000000000000000) || int4send(1) || int8send(4) || int8send(1)
                          || int4send(0) || int4send(1) || int8send(1000000000000) || int8send(1)) x) y;
SELECT pg_temp.recv('\x0100' || int8send(2000000) || int8send(1000000000001000000) || int4send(1) || int8send(4) || int8send(1)
                    || int4send(0) || int4send(1) || int8send(1000000000001) || int8send(1));
SELECT pg_temp.recv('\x0100' || int8send(1000000000000500000) || int8send(5000000) || int4send(1) || int8send(2000000000001) || int8send(1)
                    || int4send(0) || int4send(1) || int8send(5) || int8send(1));
\set VERBOSITY default

-- A state keeps a row's keys as 16-bit numbers until it is read; larger
-- keys go to its counts at once, and the handle key 65535 marks an
-- abandoned contact there.  At the edges: answered after 32767.5 s (wait key
-- 65535, kept) handled in 65534 s (kept); after 32768 s (key 65536) handled
-- in 65535 s; after 1 s handled in 65535 s and in 65534.5 s (handle key
-- 65535 both: to the counts, still answered); abandoned after 2 s (kept)
-- and after 32768.2 s ("32768-32769", key 65537).  Answered waits: "1"
-- twice, "32767-32768", "32768"; abandoned: "2", "32768-32769"; handle
-- times: 65534 once, 65535 three times; sums 32767.5 + 32768 + 1 + 1 =
-- 65537.5 s and 65534 + 65535 + 65535 + 65534.5 = 262138.5 s.
CREATE TEMP TABLE edge (w float8, a bool, h float8);
INSERT INTO edge VALUES (32767.5, true, 65534), (32768, true, 65535), (1, true, 65535),
                        (1, true, 65534.5), (2, false, NULL), (32768.2, false, NULL);
SELECT effcap.queue_summary(w, a, h) FROM edge;
-- Read as the one-step aggregate reads the rows; at 32767 s, answered
-- within: the two after 1 s (32767.5 is not), abandoned within: the one
-- after 2 s.
SELECT effcap.contact_stats(effcap.queue_summary(w, a, h), '{"threshold_seconds": 32767}')::text
       = effcap.contact_stats(w, a, h, '{"threshold_seconds": 32767}')::text AS same,
       (effcap.contact_stats(effcap.queue_summary(w, a, h), '{"threshold_seconds": 32767}')).answered_within,
       (effcap.contact_stats(effcap.queue_summary(w, a, h), '{"threshold_seconds": 32767}')).abandoned_within
FROM edge;
DROP TABLE edge;

-- Parallel: partial summaries combine to the serial one.
CREATE TABLE queue_rows AS
SELECT g % 50 AS grp, (g % 97) * 0.5 AS w, g % 11 <> 0 AS a,
       CASE WHEN g % 11 <> 0 THEN 30 + (g % 300) * 0.25 END AS h
FROM generate_series(1, 60000) g;
ANALYZE queue_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT effcap.queue_summary(w, a, h) FROM queue_rows;
CREATE TEMP TABLE par AS SELECT effcap.queue_summary(w, a, h)::text AS s FROM queue_rows;
SET max_parallel_workers_per_gather = 0;
SELECT s = (SELECT effcap.queue_summary(w, a, h)::text FROM queue_rows) AS parallel_equals_serial FROM par;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
DROP TABLE queue_rows;
