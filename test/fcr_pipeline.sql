-- pgTAP: daily FCR kept incrementally (doc/pipeline.md): as each day of
-- contacts arrives, only the days whose judgement can still change (the last
-- repeat window before the previous data edge, and the new day) are judged
-- again; after every day the kept table equals a full recompute.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.53);
SELECT no_plan();
SET TimeZone = 'UTC';

-- A month of contacts: 2000 customers who call back often, through any of
-- 20 agents in 2 centers.
DROP TABLE IF EXISTS month_contacts, contacts, fcr_daily, load_log CASCADE;
CREATE TABLE month_contacts AS
SELECT g AS contact_id, floor(2000 * random() ^ 2)::int AS customer_id, 1 + floor(random() * 20)::int AS agent_id,
       timestamptz '2026-10-01 00:00+00' + floor(random() * 30 * 86400) * interval '1 second' AS started_at
FROM generate_series(1, 20000) g;
CREATE TABLE contacts (LIKE month_contacts);
CREATE TABLE fcr_daily (agent_id int, center_id int, day date, contacts bigint, resolved bigint,
                        repeated bigint, pending bigint, PRIMARY KEY (agent_id, day));
CREATE TABLE load_log (day date, edge timestamptz, reread bigint);

-- The nightly refresh after a day is loaded: the data edge moves to the end
-- of that day; the days from (previous edge - 7 days) on are judged again,
-- each contact over its customer's history from that day on (a judgement
-- looks forward only), charged to its agent and day.
CREATE FUNCTION pg_temp.refresh(new_edge timestamptz, prev_edge timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    since timestamptz := date_trunc('day', prev_edge - interval '7 days');
    n bigint;
BEGIN
    DELETE FROM fcr_daily WHERE day >= since::date;
    INSERT INTO fcr_daily
    SELECT agent_id, 1 + agent_id % 2, day, (s).contacts, (s).resolved, (s).repeated, (s).pending
    FROM (SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day, effcap.fcr_stats(resolved) AS s
          FROM (SELECT agent_id, started_at,
                       effcap.first_contact_resolved(started_at, interval '7 days', new_edge)
                           OVER (PARTITION BY customer_id ORDER BY started_at) AS resolved
                FROM contacts WHERE started_at >= since) j
          GROUP BY 1, 2) x;
    SELECT count(*) INTO n FROM contacts WHERE started_at >= since;
    RETURN n;
END $$;

-- A full recompute over everything loaded, as the reference.
CREATE FUNCTION pg_temp.differences(edge timestamptz) RETURNS text LANGUAGE sql AS $$
    WITH full_recompute AS (
        SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day, effcap.fcr_stats(resolved) AS s
        FROM (SELECT agent_id, started_at,
                     effcap.first_contact_resolved(started_at, interval '7 days', edge)
                         OVER (PARTITION BY customer_id ORDER BY started_at) AS resolved
              FROM contacts) j
        GROUP BY 1, 2
    )
    SELECT format('%s agent-days, %s differ', count(*),
                  count(*) FILTER (WHERE row((f.s).contacts, (f.s).resolved, (f.s).repeated, (f.s).pending)
                                   IS DISTINCT FROM row(k.contacts, k.resolved, k.repeated, k.pending)))
    FROM full_recompute f FULL JOIN fcr_daily k USING (agent_id, day)
$$;

CREATE FUNCTION pg_temp.load_day(d date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    edge timestamptz := (d + 1)::timestamp AT TIME ZONE 'UTC';
    prev timestamptz := d::timestamp AT TIME ZONE 'UTC';
    n bigint;
BEGIN
    INSERT INTO contacts SELECT * FROM month_contacts
    WHERE started_at >= prev AND started_at < edge;
    n := pg_temp.refresh(edge, prev);
    INSERT INTO load_log VALUES (d, edge, n);
    RETURN pg_temp.differences(edge);
END $$;

SELECT is(substring(pg_temp.load_day(d::date) from ', (.*)$'), '0 differ',
          format('after loading %s the kept daily FCR equals a full recompute', d::date))
FROM generate_series(date '2026-10-01', date '2026-10-30', '1 day') g(d);

SELECT is((SELECT count(*) FROM fcr_daily), (SELECT count(DISTINCT (agent_id, (started_at AT TIME ZONE 'UTC')::date)) FROM contacts),
          'every agent-day is kept');
SELECT cmp_ok((SELECT max(reread)::float8 / (SELECT count(*) FROM contacts) FROM load_log WHERE day >= '2026-10-20'),
              '<', 0.35::float8, 'a refresh judges at most the last 8 days again, not the month (under 35 % of the contacts)');
SELECT ok((SELECT sum(pending) FROM fcr_daily WHERE day >= '2026-10-24') > 0
          AND (SELECT sum(pending) FROM fcr_daily WHERE day < '2026-10-24') = 0,
          'contacts of the last 7 days are pending, earlier ones are judged');
SELECT ok((SELECT sum(repeated) FROM fcr_daily) > 1000, 'customers call back: many repeats');
-- Per center (the agent's center), rolled up from the kept agent-days.
SELECT is((SELECT string_agg(format('%s:%s/%s', center_id, resolved, contacts - pending), ' ' ORDER BY center_id)
           FROM (SELECT center_id, sum(resolved) AS resolved, sum(contacts) AS contacts, sum(pending) AS pending
                 FROM fcr_daily GROUP BY center_id) c),
          (SELECT string_agg(format('%s:%s/%s', center_id, (s).resolved, (s).contacts - (s).pending), ' ' ORDER BY center_id)
           FROM (SELECT 1 + agent_id % 2 AS center_id, effcap.fcr_stats(resolved) AS s
                 FROM (SELECT agent_id, effcap.first_contact_resolved(started_at, interval '7 days', timestamptz '2026-10-31 00:00+00')
                                  OVER (PARTITION BY customer_id ORDER BY started_at) AS resolved
                       FROM contacts) j GROUP BY 1) c),
          'center FCR summed from the kept agent-days equals the center FCR of all contacts');

SELECT * FROM finish();
DROP TABLE month_contacts, contacts, fcr_daily, load_log CASCADE;
