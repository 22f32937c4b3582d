-- pgTAP: first-contact resolution window functions agree exactly with
-- plain-SQL EXISTS references on generated contact histories, for several
-- windows and as_of values, with ties and exact window edges.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.31);
SELECT no_plan();

SELECT has_function('effcap', 'first_contact_resolved', ARRAY['timestamp with time zone', 'interval']);
SELECT has_function('effcap', 'first_contact_resolved', ARRAY['timestamp with time zone', 'interval', 'timestamp with time zone']);
SELECT has_function('effcap', 'is_repeat', ARRAY['timestamp with time zone', 'interval']);
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE nspname = 'effcap' AND proname IN ('first_contact_resolved', 'is_repeat') AND prokind = 'w'),
          3::bigint, 'the three are window functions');

-- 40000 contacts of 6000 customers over 30 days, on a 30-minute grid so that
-- ties and contacts exactly one window apart are frequent; 2% NULL times.
CREATE TEMP TABLE contacts AS
SELECT g AS id, floor(6000 * random() ^ 1.5)::int AS customer,
       (ARRAY['billing', 'device', 'outage'])[1 + floor(3 * random())::int] AS reason,
       CASE WHEN random() < 0.02 THEN NULL
            ELSE timestamptz '2026-01-01 00:00+00' + floor(1440 * random()) * interval '30 minutes' END AS t
FROM generate_series(1, 40000) g;
CREATE INDEX ON contacts (customer, t);
ANALYZE contacts;

CREATE TEMP TABLE cases (window_text text, as_of timestamptz);
INSERT INTO cases VALUES ('1 day', '2026-01-31 00:00+00'), ('2 days', '2026-01-25 12:00+00'),
                         ('7 days', '2026-01-31 00:00+00'), ('3 days 4 hours 30 minutes', '2026-01-20 00:00+00');

CREATE FUNCTION pg_temp.mismatches(w interval, as_of timestamptz, by_reason boolean) RETURNS bigint LANGUAGE sql AS $$
    WITH got AS (
        SELECT id, t, customer, reason,
               CASE WHEN by_reason
                    THEN effcap.first_contact_resolved(t, w) OVER (PARTITION BY customer, reason ORDER BY t)
                    ELSE effcap.first_contact_resolved(t, w) OVER (PARTITION BY customer ORDER BY t) END AS resolved,
               CASE WHEN by_reason
                    THEN effcap.first_contact_resolved(t, w, as_of) OVER (PARTITION BY customer, reason ORDER BY t)
                    ELSE effcap.first_contact_resolved(t, w, as_of) OVER (PARTITION BY customer ORDER BY t) END AS resolved_as_of,
               CASE WHEN by_reason
                    THEN effcap.is_repeat(t, w) OVER (PARTITION BY customer, reason ORDER BY t)
                    ELSE effcap.is_repeat(t, w) OVER (PARTITION BY customer ORDER BY t) END AS repeat
        FROM contacts
    ), want AS (
        SELECT id,
               CASE WHEN t IS NULL THEN NULL ELSE NOT later END AS resolved,
               CASE WHEN t IS NULL THEN NULL WHEN later THEN false
                    WHEN t + w > as_of THEN NULL ELSE true END AS resolved_as_of,
               CASE WHEN t IS NULL THEN NULL ELSE earlier END AS repeat
        FROM (SELECT c.*,
                     EXISTS (SELECT 1 FROM contacts d WHERE d.customer = c.customer
                               AND (NOT by_reason OR d.reason = c.reason)
                               AND d.t > c.t AND d.t <= c.t + w) AS later,
                     EXISTS (SELECT 1 FROM contacts d WHERE d.customer = c.customer
                               AND (NOT by_reason OR d.reason = c.reason)
                               AND d.t < c.t AND c.t <= d.t + w) AS earlier
              FROM contacts c) x
    )
    SELECT count(*) FROM got JOIN want USING (id)
    WHERE got.resolved IS DISTINCT FROM want.resolved
       OR got.resolved_as_of IS DISTINCT FROM want.resolved_as_of
       OR got.repeat IS DISTINCT FROM want.repeat
$$;

-- The windows are exact durations (no months), so plain timestamptz +
-- interval in UTC is the same arithmetic.
SET LOCAL TimeZone = 'UTC';
SELECT is(pg_temp.mismatches(window_text::interval, as_of, false), 0::bigint,
          format('by customer, window %s, as_of %s: equal to the EXISTS reference', window_text, as_of))
FROM cases;
SELECT is(pg_temp.mismatches(window_text::interval, as_of, true), 0::bigint,
          format('by customer and reason, window %s: equal to the EXISTS reference', window_text))
FROM cases;

-- The aggregate agrees with the same EXISTS definition, and with and without
-- parallel workers.
CREATE FUNCTION pg_temp.aggregate_mismatch(w interval, as_of timestamptz, key text, by_reason boolean)
RETURNS boolean LANGUAGE sql AS $$
    SELECT (SELECT CASE WHEN key = 'bigint' AND NOT by_reason THEN effcap.fcr_stats(customer::bigint, t, w, as_of)
                        WHEN key = 'bigint' THEN effcap.fcr_stats(customer::bigint, reason, t, w, as_of)
                        WHEN key = 'text' AND NOT by_reason THEN effcap.fcr_stats('c' || customer, t, w, as_of)
                        WHEN key = 'text' THEN effcap.fcr_stats('c' || customer, reason, t, w, as_of)
                        WHEN NOT by_reason THEN effcap.fcr_stats(md5(customer::text)::uuid, t, w, as_of)
                        ELSE effcap.fcr_stats(md5(customer::text)::uuid, reason, t, w, as_of) END
            FROM contacts) IS DISTINCT FROM (
        SELECT ROW(count(*), count(*) FILTER (WHERE NOT later AND t + w <= as_of), count(*) FILTER (WHERE later),
                   count(*) FILTER (WHERE NOT later AND t + w > as_of),
                   (count(*) FILTER (WHERE NOT later AND t + w <= as_of))::float8
                       / nullif(count(*) FILTER (WHERE later OR t + w <= as_of), 0))::effcap.fcr
        FROM (SELECT c.t, EXISTS (SELECT 1 FROM contacts d WHERE d.customer = c.customer
                                    AND (NOT by_reason OR d.reason = c.reason)
                                    AND d.t > c.t AND d.t <= c.t + w) AS later
              FROM contacts c WHERE c.t IS NOT NULL) x)
$$;
SELECT is(pg_temp.aggregate_mismatch(window_text::interval, as_of, k.key, r.by_reason), false,
          format('fcr_stats, %s keys%s, window %s, as_of %s: equal to the EXISTS reference',
                 k.key, CASE WHEN r.by_reason THEN ' and reasons' ELSE '' END, window_text, as_of))
FROM cases, (VALUES ('bigint'), ('text'), ('uuid')) k(key), (VALUES (false), (true)) r(by_reason);
SELECT is((SELECT effcap.fcr_rate(customer, t, '2 days') FROM contacts),
          (SELECT avg((NOT EXISTS (SELECT 1 FROM contacts d WHERE d.customer = c.customer
                                     AND d.t > c.t AND d.t <= c.t + interval '2 days'))::int)::float8
           FROM contacts c WHERE t IS NOT NULL),
          'fcr_rate without as_of: the share of contacts not repeated');
-- The sort does not depend on the keys' range or the rows' order: keys
-- spread over all of bigint (an order-preserving map of the customers) and
-- rows in key order or in time order give the same counts.
SELECT is((SELECT effcap.fcr_stats(((customer - 3000)::numeric * 3074457345618258)::bigint, t, '2 days', '2026-01-30')
           FROM contacts),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30') FROM contacts),
          'fcr_stats: keys spread over the whole bigint range, same counts');
SELECT is((SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30')
           FROM (SELECT * FROM contacts ORDER BY customer, t) o),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30') FROM contacts),
          'fcr_stats: rows already in (customer, time) order, same counts');
SELECT is((SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30')
           FROM (SELECT * FROM contacts ORDER BY t, id) o),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30') FROM contacts),
          'fcr_stats: rows in time order, same counts');
SELECT is((SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30')
           FROM (SELECT * FROM contacts ORDER BY customer DESC, t DESC) o),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30') FROM contacts),
          'fcr_stats: rows in reverse order, same counts');
-- One far-away customer puts all the others into one top radix bucket, so
-- they are sorted by the lower passes (in-place, then the stable
-- least-significant-digit pass with its fix-up of time order, as these
-- rows arrive in random time order): the counts are those of the contacts
-- plus one resolved contact.
SELECT is((SELECT format('%s/%s/%s', (s).contacts, (s).resolved, (s).repeated)
           FROM (SELECT effcap.fcr_stats(customer, t, '2 days') s
                 FROM (SELECT customer::bigint AS customer, t FROM contacts
                       UNION ALL SELECT 1099511627776, timestamptz '2026-01-05 00:00+00') x) y),
          (SELECT format('%s/%s/%s', (s).contacts + 1, (s).resolved + 1, (s).repeated)
           FROM (SELECT effcap.fcr_stats(customer, t, '2 days') s FROM contacts) y),
          'fcr_stats: customers sorted by the lower radix passes, same counts');
CREATE TABLE fcr_parallel AS SELECT customer::bigint AS customer, reason, t FROM contacts;
ANALYZE fcr_parallel;
CREATE TEMP TABLE fcr_serial AS
SELECT customer % 10 AS k, effcap.fcr_stats(customer, t, '36 hours', '2026-01-30')::text
                           || effcap.fcr_stats('c' || customer, reason, t, '36 hours')::text AS s
FROM fcr_parallel GROUP BY 1;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT count(*) FROM fcr_serial JOIN (
              SELECT customer % 10 AS k, effcap.fcr_stats(customer, t, '36 hours', '2026-01-30')::text
                                         || effcap.fcr_stats('c' || customer, reason, t, '36 hours')::text AS s
              FROM fcr_parallel GROUP BY 1) p USING (k) WHERE p.s = fcr_serial.s),
          10::bigint, 'fcr_stats (bigint keys, and text keys with reasons): parallel and serial plans agree');
RESET max_parallel_workers_per_gather;

-- The data exercise what matters.
SELECT ok((SELECT count(*) FROM contacts a JOIN contacts b ON a.customer = b.customer AND a.id < b.id AND a.t = b.t) > 100,
          'many ties');
SELECT ok((SELECT count(*) FROM contacts a JOIN contacts b ON a.customer = b.customer AND b.t = a.t + interval '2 days') > 50,
          'many contacts exactly one window apart');
SELECT ok((SELECT count(*) FILTER (WHERE r IS NULL AND t IS NOT NULL) > 100 FROM
              (SELECT t, effcap.first_contact_resolved(t, '7 days', '2026-01-31 00:00+00') OVER (PARTITION BY customer ORDER BY t) r
               FROM contacts) x), 'many pending contacts at the data edge');

-- A contact takes 8 bytes while its customer fits in 32 bits and its time
-- is a whole second from 2000 to 2136, else 16, and a group can turn to 16
-- midway.  The counts do not depend on the layout: times shifted alike (and
-- as_of with them) by a fraction of a second, to before 2000, or across the
-- end of 32-bit seconds (2136-02-07 06:28:16); customers across 2^32.
SELECT is((SELECT effcap.fcr_stats(customer, t + d, '2 days', timestamptz '2026-01-30 00:00+00' + d) FROM contacts),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30') FROM contacts),
          format('fcr_stats: times shifted by %s, same counts', d))
FROM (VALUES (interval '0.25 s'), (interval '-10000 days'),
             (timestamptz '2136-02-07 06:28:16+00' - timestamptz '2026-01-15 00:00+00')) v(d);
SELECT is((SELECT effcap.fcr_stats(customer + 4294964295, t, '2 days', '2026-01-30') FROM contacts),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-30') FROM contacts),
          'fcr_stats: customers on both sides of 2^32, same counts');
-- Half the rows, taken at random, a fraction of a second later: the group
-- turns to 16-byte pairs midway, and the counts are still those of the
-- EXISTS reference, for every key type.
UPDATE contacts SET t = t + interval '0.5 s' WHERE random() < 0.5;
SELECT is(pg_temp.aggregate_mismatch('2 days', '2026-01-25 12:00+00', k.key, r.by_reason), false,
          format('fcr_stats, %s keys%s, some times with fractions: equal to the EXISTS reference',
                 k.key, CASE WHEN r.by_reason THEN ' and reasons' ELSE '' END))
FROM (VALUES ('bigint'), ('text'), ('uuid')) k(key), (VALUES (false), (true)) r(by_reason);
SELECT is(pg_temp.mismatches('2 days', '2026-01-25 12:00+00', false), 0::bigint,
          'window functions, some times with fractions: equal to the EXISTS reference');


------------------------------------------------------------------------------
-- FCR per agent, center, day: judged over the customer's whole history, then
-- counted per group with fcr_stats(resolved), it equals the EXISTS
-- reference for every grouping; the (customer, time) aggregate grouped the
-- same way does not (customers move between agents, centers and days), so
-- the trap is real and the remedy fixes it.
------------------------------------------------------------------------------
CREATE TEMP TABLE judged AS
SELECT id, customer, t, (id * 7919) % 50 AS agent, ((id * 7919) % 50) % 4 AS center,
       (t AT TIME ZONE 'UTC')::date AS day,
       effcap.first_contact_resolved(t, '2 days', '2026-01-25 12:00+00')
           OVER (PARTITION BY customer ORDER BY t) AS resolved
FROM contacts WHERE t IS NOT NULL;
CREATE TEMP TABLE judged_ref AS
SELECT j.*, CASE WHEN EXISTS (SELECT 1 FROM contacts d WHERE d.customer = j.customer
                                AND d.t > j.t AND d.t <= j.t + interval '2 days') THEN false
                 WHEN j.t + interval '2 days' > timestamptz '2026-01-25 12:00+00' THEN NULL
                 ELSE true END AS want
FROM judged j;
CREATE FUNCTION pg_temp.attribution_mismatches(grouped_by text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
    EXECUTE format($q$
        SELECT count(*) FROM (
            SELECT %1$s, effcap.fcr_stats(resolved) AS got,
                   row(count(*), count(*) FILTER (WHERE want), count(*) FILTER (WHERE NOT want),
                       count(*) FILTER (WHERE want IS NULL),
                       count(*) FILTER (WHERE want)::float8 / nullif(count(*) FILTER (WHERE want IS NOT NULL), 0)
                      )::effcap.fcr AS want
            FROM judged_ref GROUP BY %1$s) g
        WHERE got IS DISTINCT FROM want$q$, grouped_by) INTO n;
    RETURN n;
END $$;
SELECT is(pg_temp.attribution_mismatches(g), 0::bigint, format('attributed FCR by %s equals the EXISTS reference', g))
FROM unnest(ARRAY['agent', 'center', 'day', 'agent, day', 'center, day']) g;
SELECT cmp_ok((SELECT count(*) FROM (
                   SELECT agent, effcap.fcr_stats(resolved) AS attributed,
                          effcap.fcr_stats(customer, t, '2 days', '2026-01-25 12:00+00') AS naive
                   FROM judged GROUP BY agent) g WHERE attributed <> naive), '=', 50::bigint,
              'grouped by agent, the (customer, time) aggregate differs from the attributed FCR for every agent');
SELECT cmp_ok((SELECT avg((naive).rate - (attributed).rate) FROM (
                   SELECT agent, effcap.fcr_stats(resolved) AS attributed,
                          effcap.fcr_stats(customer, t, '2 days', '2026-01-25 12:00+00') AS naive
                   FROM judged GROUP BY agent) g), '>', 0.1::float8,
              'and it flatters: the naive rate is more than 10 points higher on average');
SELECT is((SELECT effcap.fcr_stats(resolved) FROM judged),
          (SELECT effcap.fcr_stats(customer, t, '2 days', '2026-01-25 12:00+00') FROM judged),
          'over the whole table (every contact of every customer) the two agree');
-- The moving-aggregate mode over a sliding frame equals counts over the frame.
SELECT is((SELECT count(*) FROM (
              SELECT effcap.fcr_stats(resolved) OVER w AS got,
                     count(*) OVER w AS n, count(*) FILTER (WHERE resolved) OVER w AS r,
                     count(*) FILTER (WHERE NOT resolved) OVER w AS rep,
                     count(*) FILTER (WHERE resolved IS NULL) OVER w AS p
              FROM judged WINDOW w AS (ORDER BY id ROWS BETWEEN 40 PRECEDING AND 10 FOLLOWING)) x
           WHERE (got).contacts <> n OR (got).resolved <> r OR (got).repeated <> rep OR (got).pending <> p),
          0::bigint, 'fcr_stats(resolved) over a sliding frame equals plain counts over the frame');

SELECT * FROM finish();
ROLLBACK;
