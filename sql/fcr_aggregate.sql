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
-- No contacts, or only pending ones: NULL rate.
SELECT effcap.fcr_rate(customer, t, '2 days') IS NULL AS empty FROM h WHERE false;
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
DROP TABLE fcr_rows;
