-- first_contact_resolved and is_repeat: hand-built histories, window edges,
-- ties, pending contacts at as_of, reasons, frames, NULLs and errors.
SET TimeZone = 'UTC';

CREATE TEMP TABLE h (id int, customer text, reason text, t timestamptz);
INSERT INTO h VALUES
    -- customer a: a tie at 10:00, a contact exactly 2 days later, one 2 days
    -- and 1 second after that, one more much later
    (1, 'a', 'billing', '2026-01-01 10:00'), (2, 'a', 'billing', '2026-01-01 10:00'),
    (3, 'a', 'device',  '2026-01-03 10:00'), (4, 'a', 'billing', '2026-01-05 10:00:01'),
    (5, 'a', 'billing', '2026-01-20 09:00'),
    -- customer b: one contact; customer c: a NULL time among others
    (6, 'b', 'billing', '2026-01-10 12:00'),
    (7, 'c', 'outage',  '2026-01-19 08:00'), (8, 'c', 'outage', NULL), (9, 'c', 'outage', '2026-01-20 08:00');

-- Window 2 days, data up to as_of 2026-01-21 00:00.
--   1, 2 (tie): the next distinct contact, 3, is exactly 2 days later -> a
--     repeat: not resolved.  Neither repeats the other (same instant).
--   3: the next, 4, is 2 days 1 s later -> resolved; 3 repeats 1/2 (exactly
--     2 days after them) -> is_repeat.
--   4: the next, 5, is 15 days later -> resolved; 4 is 2 days 1 s after 3 ->
--     not a repeat.
--   5: no later contact, and 5 + 2 days > as_of -> pending (NULL) with as_of.
--   6: alone, 6 + 2 days <= as_of -> resolved.
--   7: 9 is 1 day later -> not resolved; 9 repeats 7; 9 is pending; 8 NULL.
SELECT id, customer, t,
       effcap.first_contact_resolved(t, '2 days') OVER w AS resolved,
       effcap.first_contact_resolved(t, '2 days', '2026-01-21 00:00') OVER w AS resolved_as_of,
       effcap.is_repeat(t, '2 days') OVER w AS repeat
FROM h WINDOW w AS (PARTITION BY customer ORDER BY t) ORDER BY id;

-- as_of exactly at t + window: the window is over, so not pending.
SELECT effcap.first_contact_resolved(t, '1 day', '2026-01-11 12:00') OVER (ORDER BY t) AS at_edge,
       effcap.first_contact_resolved(t, '1 day', '2026-01-11 11:59:59.999999') OVER (ORDER BY t) AS just_before
FROM h WHERE id = 6;

-- Reason-aware: partition by customer and reason.  For a: billing 1, 2, 4, 5
-- (4 is 4 days after 1/2: beyond 2 days) and device 3 alone.
SELECT id, reason,
       effcap.first_contact_resolved(t, '2 days') OVER w AS resolved,
       effcap.is_repeat(t, '2 days') OVER w AS repeat
FROM h WHERE customer = 'a' WINDOW w AS (PARTITION BY customer, reason ORDER BY t) ORDER BY id;

-- The frame clause does not matter: the functions look at the partition.
SELECT id,
       effcap.first_contact_resolved(t, '2 days') OVER (PARTITION BY customer ORDER BY t
           ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS resolved,
       effcap.is_repeat(t, '2 days') OVER (PARTITION BY customer ORDER BY t
           ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) AS repeat
FROM h WHERE customer = 'a' ORDER BY id;

-- Days count 24 hours whatever the time zone (no DST shift): 48 h = 2 days.
SET TimeZone = 'Europe/Berlin';
SELECT effcap.first_contact_resolved(t, '2 days') OVER w AS two_days,
       effcap.first_contact_resolved(t, '47 hours 59 minutes 59.999999 seconds') OVER w AS just_under
FROM (VALUES ('2026-03-28 12:00+01'::timestamptz), ('2026-03-30 12:00+01')) v(t)
WINDOW w AS (ORDER BY t) ORDER BY t LIMIT 1;
SET TimeZone = 'UTC';

-- Customer keys of any type: bigint and uuid partitions.
SELECT k, effcap.first_contact_resolved(t, '1 hour') OVER (PARTITION BY k ORDER BY t) AS resolved
FROM (VALUES (7::bigint, '2026-01-01 10:00'::timestamptz), (7, '2026-01-01 10:30'), (8, '2026-01-01 10:45')) v(k, t)
ORDER BY k, t;
SELECT k, effcap.is_repeat(t, '1 hour') OVER (PARTITION BY k ORDER BY t) AS repeat
FROM (VALUES ('00000000-0000-0000-0000-000000000001'::uuid, '2026-01-01 10:00'::timestamptz),
             ('00000000-0000-0000-0000-000000000001', '2026-01-01 10:30'),
             ('00000000-0000-0000-0000-000000000002', '2026-01-01 10:45')) v(k, t)
ORDER BY k, t;

-- Many contacts at one instant are scanned once: 20000 ties, then one more.
SELECT count(*) FILTER (WHERE NOT r) AS not_resolved, count(*) FILTER (WHERE r) AS resolved,
       count(*) FILTER (WHERE rep) AS repeats
FROM (SELECT effcap.first_contact_resolved(t, '1 hour') OVER w AS r, effcap.is_repeat(t, '1 hour') OVER w AS rep
      FROM (SELECT '2026-01-01 10:00'::timestamptz AS t FROM generate_series(1, 20000)
            UNION ALL SELECT '2026-01-01 10:30') x WINDOW w AS (ORDER BY t)) y;

-- NULL window or as_of gives NULL.
SELECT effcap.first_contact_resolved(t, NULL) OVER (ORDER BY t) AS null_window,
       effcap.first_contact_resolved(t, '1 day', NULL) OVER (ORDER BY t) AS null_as_of,
       effcap.is_repeat(t, NULL) OVER (ORDER BY t) AS null_repeat_window
FROM h WHERE id = 6;

-- Errors.
SELECT effcap.first_contact_resolved(t, '1 month') OVER (ORDER BY t) FROM h WHERE id = 6;
SELECT effcap.is_repeat(t, '0 seconds') OVER (ORDER BY t) FROM h WHERE id = 6;
SELECT effcap.first_contact_resolved(t, '-1 day') OVER (ORDER BY t) FROM h WHERE id = 6;
SELECT effcap.first_contact_resolved(t, '1 day') OVER (PARTITION BY customer ORDER BY t DESC) FROM h;
SELECT effcap.is_repeat(t, '1 day') OVER (PARTITION BY customer ORDER BY id DESC) FROM h;
SELECT effcap.first_contact_resolved(t, '1 day') OVER (ORDER BY t)
FROM (VALUES ('infinity'::timestamptz)) v(t);
SELECT effcap.is_repeat(t, '1 day') OVER (ORDER BY t)
FROM (VALUES ('-infinity'::timestamptz)) v(t);
SELECT effcap.first_contact_resolved(t, '200000000 days') OVER (ORDER BY t) FROM h WHERE id = 6;

-- NULL arguments inside runs of equal instants (a per-row window such as
-- CASE reason WHEN ... THEN interval '7 days' END gives NULLs): a row with a
-- NULL argument gives NULL, and the rows tied with it are judged as usual.
-- The reproducer: 00:00 (1 day), 10:00 (NULL), 10:00 (1 day) -> is_repeat f,
-- NULL, t (10:00 is 10 hours after 00:00).
SELECT x.*, effcap.is_repeat(t, w) OVER (ORDER BY t, id)
FROM (VALUES (1, timestamptz '2026-01-01 00:00', interval '1 day'),
             (2, timestamptz '2026-01-01 10:00', NULL),
             (3, timestamptz '2026-01-01 10:00', interval '1 day')) x(id, t, w);
-- Four tied rows, a NULL window and a NULL as_of among them, a later row:
--   1 00:00: next distinct 10:00 within a day -> resolved f; no earlier -> repeat f
--   2 10:00 NULL window -> NULL, NULL, NULL
--   3 10:00 NULL as_of: next distinct 01-02 09:00 is 23 h later -> f; as_of form NULL;
--     00:00 is 10 h before -> repeat t
--   4 10:00: f, f (a repeat is known whatever as_of says), t
--   5 01-02 09:00: nothing later -> t; as_of 01-02 12:00 < 09:00 + 1 day -> pending
--     NULL; 10:00 the day before is 23 h earlier -> repeat t
SELECT id, effcap.first_contact_resolved(t, w) OVER o AS resolved,
       effcap.first_contact_resolved(t, w, a) OVER o AS resolved_as_of,
       effcap.is_repeat(t, w) OVER o AS repeat
FROM (VALUES (1, timestamptz '2026-01-01 00:00', interval '1 day', timestamptz '2026-01-02 12:00'),
             (2, timestamptz '2026-01-01 10:00', NULL, timestamptz '2026-01-02 12:00'),
             (3, timestamptz '2026-01-01 10:00', interval '1 day', NULL),
             (4, timestamptz '2026-01-01 10:00', interval '1 day', timestamptz '2026-01-02 12:00'),
             (5, timestamptz '2026-01-02 09:00', interval '1 day', timestamptz '2026-01-02 12:00')) x(id, t, w, a)
WINDOW o AS (ORDER BY t, id) ORDER BY id;
-- A NULL window at the start of a tie run and of the partition: 1 00:00
-- NULL; 2 00:00 -> next distinct 05:00 within a day: f, no earlier distinct:
-- f; 3 05:00 -> nothing later: t, 00:00 is 5 h before: t.
SELECT id, effcap.first_contact_resolved(t, w) OVER o AS resolved, effcap.is_repeat(t, w) OVER o AS repeat
FROM (VALUES (1, timestamptz '2026-01-01 00:00', NULL::interval),
             (2, timestamptz '2026-01-01 00:00', interval '1 day'),
             (3, timestamptz '2026-01-01 05:00', interval '1 day')) x(id, t, w)
WINDOW o AS (ORDER BY t, id) ORDER BY id;
-- NULL windows at both ends of the partition: 1 NULL; 2 10:00 -> 11:00 is
-- an hour later: f, 00:00 is 10 h before: t; 3 NULL.
SELECT id, effcap.first_contact_resolved(t, w) OVER o AS resolved, effcap.is_repeat(t, w) OVER o AS repeat
FROM (VALUES (1, timestamptz '2026-01-01 00:00', NULL::interval),
             (2, timestamptz '2026-01-01 10:00', interval '1 day'),
             (3, timestamptz '2026-01-01 11:00', NULL)) x(id, t, w)
WINDOW o AS (ORDER BY t, id) ORDER BY id;
-- NULL times first (NULLS FIRST) and last (the default): they give NULL and
-- end the search for a neighbour.  00:00 -> f (10:00 within a day), not a
-- repeat; 10:00 -> t (nothing later), a repeat.
SELECT id, effcap.first_contact_resolved(t, '1 day') OVER o AS resolved, effcap.is_repeat(t, '1 day') OVER o AS repeat
FROM (VALUES (1, NULL::timestamptz), (2, NULL), (3, timestamptz '2026-01-01 00:00'),
             (4, timestamptz '2026-01-01 10:00')) x(id, t)
WINDOW o AS (ORDER BY t NULLS FIRST, id) ORDER BY id;
SELECT id, effcap.first_contact_resolved(t, '1 day') OVER o AS resolved, effcap.is_repeat(t, '1 day') OVER o AS repeat
FROM (VALUES (1, timestamptz '2026-01-01 00:00'), (2, timestamptz '2026-01-01 10:00'),
             (3, NULL::timestamptz), (4, NULL)) x(id, t)
WINDOW o AS (ORDER BY t, id) ORDER BY id;
