-- fcr_rate and fcr_stats: the window-function history of fcr_window, NULLs,
-- errors, parallel plans.
SET TimeZone = 'UTC';
SET extra_float_digits = 0;

CREATE TEMP TABLE h (customer bigint, t timestamptz);
INSERT INTO h VALUES
    (1, '2026-01-01 10:00'), (1, '2026-01-01 10:00'), (1, '2026-01-03 10:00'),
    (1, '2026-01-05 10:00:01'), (1, '2026-01-20 09:00'), (2, '2026-01-10 12:00'),
    (3, '2026-01-19 08:00'), (3, NULL), (3, '2026-01-20 08:00'), (NULL, '2026-01-01');

-- Window 2 days: 8 contacts with a customer and a time; repeated: the tie at
-- 01-01 10:00 (the next is exactly 2 days later) and 01-19 08:00 -> 3;
-- resolved 5; rate 5/8.  With as_of 01-21 00:00, 01-20 09:00 and 01-20 08:00
-- are pending -> resolved 3 of 6 = 0.5.
SELECT effcap.fcr_rate(customer, t, '2 days') AS rate,
       effcap.fcr_rate(customer, t, '2 days', '2026-01-21 00:00') AS rate_as_of,
       effcap.fcr_stats(customer, t, '2 days') AS stats,
       effcap.fcr_stats(customer, t, '2 days', '2026-01-21 00:00') AS stats_as_of
FROM h;
-- Per customer.
SELECT customer, effcap.fcr_stats(customer, t, '2 days', '2026-01-21 00:00')
FROM h GROUP BY customer ORDER BY customer;
-- No contacts, or only pending ones: NULL rate.  fcr_stats of no contacts
-- is a row of zeros with a NULL rate (no rows at all, and rows whose
-- customer or time is NULL, which are skipped).
SELECT effcap.fcr_rate(customer, t, '2 days') IS NULL AS empty FROM h WHERE false;
SELECT effcap.fcr_stats(customer, t, '2 days') AS no_rows,
       (effcap.fcr_stats(customer, t, '2 days')).rate IS NULL AS null_rate
FROM h WHERE false;
SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-21') AS skipped_rows
FROM h WHERE customer IS NULL OR t IS NULL;
SELECT 'c' || customer AS customer, effcap.fcr_stats('c' || customer, 'r', t, '2 days') AS per_customer
FROM h WHERE customer = 3 AND t IS NULL GROUP BY customer;
SELECT effcap.fcr_rate(customer, t, '2 days', '2026-01-01') AS all_pending,
       effcap.fcr_stats(customer, t, '2 days', '2026-01-01') AS stats
FROM h WHERE customer = 2;

-- Errors.
SELECT effcap.fcr_rate(customer, t, NULL) FROM h;
SELECT effcap.fcr_rate(customer, t, '2 days', NULL) FROM h;
SELECT effcap.fcr_rate(customer, t, '1 month') FROM h;
SELECT effcap.fcr_rate(customer, t, '-2 days') FROM h;
SELECT effcap.fcr_rate(customer, t, CASE WHEN customer = 1 THEN interval '2 days' ELSE '3 days' END) FROM h;
SELECT effcap.fcr_rate(1, 'infinity', '2 days');
SELECT effcap.fcr_rate(customer, t, '2 days', CASE WHEN customer = 1 THEN timestamptz '2026-02-01' ELSE '2026-02-02' END)
FROM h;
SELECT effcap.fcr_rate('c' || customer, t, '2 days', CASE WHEN customer = 1 THEN timestamptz '2026-02-01' ELSE '2026-02-02' END)
FROM h;
-- A NULL window or as_of on any row, first or later, is refused.
SELECT effcap.fcr_rate(customer, t, CASE WHEN customer = 1 THEN interval '2 days' END) FROM h;
SELECT effcap.fcr_rate(customer, t, '2 days', CASE WHEN customer = 1 THEN timestamptz '2026-02-01' END) FROM h;
-- The window is compared as a duration: '1 day' and '24 hours' are the same.
SELECT effcap.fcr_stats(customer, t, CASE WHEN customer = 1 THEN interval '1 day' ELSE '24 hours' END)
       = effcap.fcr_stats(customer, t, '1 day') AS same_window
FROM h;

-- Keys at both ends of bigint and between, rows in random order, enough of
-- them for the radix sort (4096): each customer calls every 50 minutes, so
-- all but each customer's last contact are repeated within the hour:
-- 5000 contacts, 4 resolved, 4996 repeated, rate 4/5000.
SELECT effcap.fcr_stats(c, t, '1 hour') AS extreme_keys
FROM (SELECT (ARRAY[-9223372036854775808, -1, 0, 9223372036854775807])[1 + g % 4]::bigint AS c,
             timestamptz '2026-01-01 00:00+00' + (g / 4) * interval '50 minutes' AS t
      FROM generate_series(0, 4999) g ORDER BY md5(g::text)) x;

-- One customer with enough contacts for the radix sort: the contacts are
-- only ordered by time.  5000 contacts 50 minutes apart, in random order:
-- 4999 repeated, the last resolved, rate 1/5000.
SELECT effcap.fcr_stats(7, t, '1 hour') AS one_customer
FROM (SELECT timestamptz '2026-01-01 00:00+00' + g * interval '50 minutes' AS t
      FROM generate_series(0, 4999) g ORDER BY md5(g::text)) x;

-- Contacts at the two ends of timestamptz are further apart than any
-- bigint count of microseconds, so never within even the longest window,
-- and the first is not pending at an as_of at the far end (found in 0.5.0:
-- the difference overflowed into a repeat).  (2,2,0,0,1) and (2,1,0,1,1).
SELECT effcap.fcr_stats(1, t, '106751991 days') AS ends_apart,
       effcap.fcr_stats(1, t, '106751991 days', '294276-12-31 23:59:59+00') AS ends_as_of
FROM (VALUES (timestamptz '4714-11-24 00:00:00+00 BC'), ('294276-12-31 23:59:59+00')) v(t);
SELECT t, effcap.first_contact_resolved(t, '106751991 days') OVER w AS resolved,
       effcap.first_contact_resolved(t, '106751991 days', '294276-12-31 23:59:59+00') OVER w AS resolved_as_of,
       effcap.is_repeat(t, '106751991 days') OVER w AS repeat
FROM (VALUES (timestamptz '4714-11-24 00:00:00+00 BC'), ('294276-12-31 23:59:59+00')) v(t)
WINDOW w AS (ORDER BY t);

-- A contact takes 8 bytes while its customer is in 0 .. 2^32-1 and its time
-- is a whole second from 2000 to 2136, else 16, and a group turns to 16
-- midway at the first that does not fit.  The counts do not depend on it:
-- fractions of a second, times before 2000 or after 2136 (all shifted
-- alike, as_of too), customers past 2^32 (1 fits, 2 and 3 do not) or
-- negative.
SELECT effcap.fcr_stats(customer, t + interval '0.5 s', '2 days', '2026-01-21 00:00:00.5') = s AS fractions,
       effcap.fcr_stats(customer, t - interval '10000 days', '2 days', timestamptz '2026-01-21' - interval '10000 days') = s AS before_2000,
       effcap.fcr_stats(customer, t + interval '41000 days', '2 days', timestamptz '2026-01-21' + interval '41000 days') = s AS after_2136,
       effcap.fcr_stats(customer + 4294967294, t, '2 days', '2026-01-21') = s AS past_2_32,
       effcap.fcr_stats(customer - 2, t, '2 days', '2026-01-21') = s AS negative,
       effcap.fcr_stats(customer::text, t + interval '1 microsecond', '2 days', '2026-01-21 00:00:00.000001') = s AS text_fractions
FROM h, (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-21') AS s FROM h) x
GROUP BY s;

-- Parallel: partial states are serialized, combined, and agree with serial.
CREATE TABLE fcr_rows AS
SELECT (g::bigint * 7919) % 5000 AS customer,
       timestamptz '2026-01-01 00:00+00' + ((g::bigint * 104729) % 2880) * interval '15 minutes' AS t
FROM generate_series(1, 100000) g;
ANALYZE fcr_rows;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-28') FROM fcr_rows;
CREATE TEMP TABLE par AS SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-28')::text AS s FROM fcr_rows;
SET max_parallel_workers_per_gather = 0;
SELECT p.s = q.s AS parallel_equals_serial, (q.s::effcap.fcr).contacts
FROM par p, (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-28')::text AS s FROM fcr_rows) q;
-- The same rows, the first few hundred moved by a fraction of a second:
-- the worker that reads them hands over 16-byte pairs, the other 8-byte
-- ones, and the leader combines both kinds (bigint and text keys).
CREATE TABLE fcr_mixed AS
SELECT customer, t + CASE WHEN n <= 300 THEN interval '0.5 s' ELSE interval '0' END AS t
FROM (SELECT *, row_number() OVER () AS n FROM fcr_rows) x;
ANALYZE fcr_mixed;
SET max_parallel_workers_per_gather = 2;
CREATE TEMP TABLE par_mixed AS
SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-28')::text AS s, effcap.fcr_stats('c' || customer, t, '2 days')::text AS k
FROM fcr_mixed;
SET max_parallel_workers_per_gather = 0;
SELECT p.s = q.s AND p.k = q.k AS parallel_equals_serial, (q.s::effcap.fcr).contacts
FROM par_mixed p, (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-28')::text AS s,
                          effcap.fcr_stats('c' || customer, t, '2 days')::text AS k FROM fcr_mixed) q;
DROP TABLE fcr_mixed;
DROP TABLE fcr_rows;

-- Text and uuid keys, and the reason-aware form, on the same history: the
-- same counts for every key type; by reason only the outage repeat remains
-- (billing 1/2 -> next billing is 4 days later; device is alone).
CREATE TEMP TABLE hr AS
SELECT customer, t, CASE WHEN t = '2026-01-03 10:00' THEN 'device' WHEN customer = 3 THEN 'outage' ELSE 'billing' END AS reason
FROM h;
SELECT effcap.fcr_stats(customer::text, t, '2 days') AS text_key,
       effcap.fcr_stats(('00000000-0000-0000-0000-00000000000' || customer)::uuid, t, '2 days') AS uuid_key,
       effcap.fcr_stats(customer, reason, t, '2 days') AS by_reason,
       effcap.fcr_stats(customer::text, reason, t, '2 days', '2026-01-21 00:00') AS text_by_reason_as_of,
       effcap.fcr_rate(('00000000-0000-0000-0000-00000000000' || customer)::uuid, reason, t, '2 days') AS uuid_by_reason
FROM hr;
-- A NULL reason skips the row in the reason-aware form.
SELECT effcap.fcr_stats(customer, NULL::text, t, '2 days') AS null_reasons FROM hr;
-- Text keys are compared as bytes: 'a' and 'a ' are different customers.
SELECT effcap.fcr_stats(k, t, '1 hour')
FROM (VALUES ('a', '2026-01-01 10:00'::timestamptz), ('a ', '2026-01-01 10:30')) v(k, t);

-- Parallel with dictionary keys: serialized dictionaries merge correctly.
CREATE TABLE fcr_text_rows AS
SELECT 'customer-' || ((g::bigint * 7919) % 5000) AS customer,
       (ARRAY['billing', 'device'])[1 + g % 2] AS reason,
       timestamptz '2026-01-01 00:00+00' + ((g::bigint * 104729) % 2880) * interval '15 minutes' AS t
FROM generate_series(1, 100000) g;
ANALYZE fcr_text_rows;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT effcap.fcr_stats(customer, reason, t, '2 days') FROM fcr_text_rows;
CREATE TEMP TABLE par_text AS
SELECT effcap.fcr_stats(customer, reason, t, '2 days')::text AS r, effcap.fcr_stats(customer, t, '2 days')::text AS s
FROM fcr_text_rows;
SET max_parallel_workers_per_gather = 0;
SELECT p.r = q.r AND p.s = q.s AS parallel_equals_serial
FROM par_text p, (SELECT effcap.fcr_stats(customer, reason, t, '2 days')::text AS r,
                         effcap.fcr_stats(customer, t, '2 days')::text AS s FROM fcr_text_rows) q;
DROP TABLE fcr_text_rows;

-- FCR per agent: the (customer, time) aggregate grouped by agent sees only
-- the agent's own contacts, so a repeat handled by another agent is missed.
-- Customer 1 calls agent A on day 0 and agent B on day 1; customer 2 calls
-- agent A on days 0 and 3.  Window 7 days.
--   Judged over each customer's history: c1 d0 repeated, c1 d1 resolved,
--   c2 d0 repeated, c2 d3 resolved -> A (3,1,2,0,0.333), B (1,1,0,0,1).
--   Grouped by agent: A misses c1's repeat -> (3,2,1,0,0.667): wrong.
--   With as_of day 5, c1 d1 and c2 d3 are pending -> A (3,0,2,1,0), B
--   (1,0,0,1,NULL).
CREATE TEMP TABLE calls (agent text, customer bigint, t timestamptz);
INSERT INTO calls VALUES ('A', 1, '2026-01-01'), ('B', 1, '2026-01-02'),
                         ('A', 2, '2026-01-01'), ('A', 2, '2026-01-04');
SELECT agent, effcap.fcr_stats(resolved) AS attributed, effcap.fcr_rate(resolved) AS rate,
       effcap.fcr_stats(resolved_as_of) AS attributed_as_of
FROM (SELECT agent,
             effcap.first_contact_resolved(t, '7 days') OVER w AS resolved,
             effcap.first_contact_resolved(t, '7 days', '2026-01-06') OVER w AS resolved_as_of
      FROM calls WINDOW w AS (PARTITION BY customer ORDER BY t)) judged
GROUP BY agent ORDER BY agent;
SELECT agent, effcap.fcr_stats(customer, t, '7 days') AS naive FROM calls GROUP BY agent ORDER BY agent;
-- Judged aggregates: no rows give zeros with a NULL rate; NULL is pending.
SELECT effcap.fcr_stats(r) AS no_rows, effcap.fcr_rate(r) AS no_rate FROM (SELECT NULL::boolean r WHERE false) x;
SELECT effcap.fcr_stats(r) AS all_pending, effcap.fcr_rate(r) AS rate FROM (VALUES (NULL::boolean), (NULL)) v(r);
-- Hand-made states are checked: resolved above contacts, a parameter
-- (element 1 is 4 x 10^12, the FCR kind, with no parameter), removing what
-- is not there, a state of another kind (NPS).
SELECT effcap.fcr_judged_stats_final('{4000000000000,1,2,0}');
SELECT effcap.fcr_judged_trans('{4000000000007,0,0,0}', true);
SELECT effcap.fcr_judged_inv('{4000000000000,1,1,0}', false);
SELECT effcap.fcr_judged_inv('{4000000000000,0,0,0}', NULL);
SELECT effcap.fcr_judged_stats_final('{2000000000000,1,0,0}');
SELECT effcap.fcr_judged_rate_final('{4000000000000,2,1,1}') AS one_of_one;

-- A group too large for effcap.max_group_memory (4GB unless set) is
-- refused, naming the limit, before it takes the server's memory.  1MB
-- holds 131,072 8-byte pairs; the array grows by half from 64 (64, 96,
-- 144, ... 62,986, 94,479, 141,718): 200,000 contacts (a customer each)
-- need 141,718 pairs, 1,133,744 bytes.
SHOW effcap.max_group_memory;
SET effcap.max_group_memory = '1MB';
SELECT effcap.fcr_rate(g, timestamptz '2026-01-01' + g * interval '1 minute', interval '1 day') FROM generate_series(1, 200000) g;
-- 50,000 contacts need 62,986 pairs, 503,888 bytes: within it.  100
-- customers of 500 contacts 100 minutes apart: each but the last repeats
-- within the day, so 100 of 50,000 are resolved.
SELECT effcap.fcr_rate(g % 100, timestamptz '2026-01-01' + g * interval '1 minute', interval '1 day') FROM generate_series(1, 50000) g;
-- The customer keys count too: 20,000 distinct text keys of 101 to 105
-- bytes need more than 2MB, while their 20,000 contacts need 27,994 8-byte
-- pairs, 223,952 bytes.
SELECT effcap.fcr_rate(repeat('x', 100) || g, timestamptz '2026-01-01' + g * interval '1 minute', interval '1 day')
FROM generate_series(1, 20000) g;
RESET effcap.max_group_memory;
