-- pgTAP: business-hours clocks and time bands agree with plain SQL written
-- with AT TIME ZONE over generated instants; the SLA summary read under
-- targets equals plain SQL over the items at every grain; rollups in any
-- order and in parallel equal the whole.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.61);
SELECT no_plan();

SELECT has_type('effcap', 'sla_summary', 'type sla_summary');
SELECT has_type('effcap', 'sla_stats', 'type sla_stats');
SELECT has_function('effcap', 'sla_summary',
                    ARRAY['text', 'timestamp with time zone', 'timestamp with time zone', 'timestamp with time zone',
                          'boolean', 'jsonb', 'timestamp with time zone']);
SELECT has_function('effcap', 'sla_stats', ARRAY['effcap.sla_summary', 'jsonb']);
SELECT has_function('effcap', 'business_seconds', ARRAY['timestamp with time zone', 'timestamp with time zone', 'jsonb']);
SELECT has_function('effcap', 'time_band', ARRAY['timestamp with time zone', 'jsonb']);
SELECT function_returns('effcap', 'sla_backlog', ARRAY['effcap.sla_summary', 'interval[]'], 'setof record');

-- Business hours: Berlin, Monday to Friday 08:30-12:00 and 13:00-17:30,
-- Saturday 10:00-14:00, two holidays; 400 random spans of up to 40 days
-- over both daylight-saving changes of 2026.
CREATE TEMP TABLE cal AS SELECT '{"time_zone": "Europe/Berlin",
    "hours": {"mon": ["08:30-12:00", "13:00-17:30"], "tue": ["08:30-12:00", "13:00-17:30"],
              "wed": ["08:30-12:00", "13:00-17:30"], "thu": ["08:30-12:00", "13:00-17:30"],
              "fri": ["08:30-12:00", "13:00-17:30"], "sat": ["10:00-14:00"]},
    "exclude": ["2026-04-03", "2026-10-26"]}'::jsonb AS doc;
CREATE TEMP TABLE hours (dow int, opens time, closes time);
INSERT INTO hours SELECT d, o, c FROM generate_series(1, 5) d, (VALUES (time '08:30', time '12:00'), ('13:00', '17:30')) v(o, c);
INSERT INTO hours VALUES (6, '10:00', '14:00');
CREATE TEMP TABLE spans AS
SELECT g, a, a + random() * interval '40 days' AS b
FROM (SELECT g, timestamptz '2026-03-01 00:00Z' + random() * interval '260 days' AS a FROM generate_series(1, 400) g) x;
-- Plain SQL: every local date between the two, its opening spans as
-- instants by AT TIME ZONE, overlapped with [a, b).
CREATE TEMP TABLE want_seconds AS
SELECT g, coalesce(sum(greatest(0, extract(epoch FROM least(b, (d + closes) AT TIME ZONE 'Europe/Berlin')
                                                     - greatest(a, (d + opens) AT TIME ZONE 'Europe/Berlin'))))
                   FILTER (WHERE opens IS NOT NULL), 0) AS want
FROM spans
LEFT JOIN LATERAL (SELECT d::date AS d FROM generate_series((a AT TIME ZONE 'Europe/Berlin')::date,
                                                           (b AT TIME ZONE 'Europe/Berlin')::date, interval '1 day') d) days ON true
LEFT JOIN hours ON hours.dow = extract(isodow FROM days.d) AND days.d NOT IN ('2026-04-03', '2026-10-26')
GROUP BY g;
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE abs(effcap.business_seconds(a, b, doc) - want) > 1e-6))
           FROM spans JOIN want_seconds USING (g), cal),
          '400 compared, 0 differ', 'business_seconds equals plain SQL with AT TIME ZONE over local days');
SELECT is((SELECT count(*) FILTER (WHERE abs(effcap.business_seconds(a, m, doc) + effcap.business_seconds(m, b, doc)
                                             - effcap.business_seconds(a, b, doc)) > 1e-6)
           FROM (SELECT a, b, a + (b - a) * random() AS m FROM spans) s, cal),
          0::bigint, 'business time is additive: [a, m) + [m, b) = [a, b)');
SELECT is((SELECT count(*) FILTER (WHERE effcap.business_seconds(a, b, doc) > extract(epoch FROM b - a) + 1e-6)
           FROM spans, cal),
          0::bigint, 'business time never exceeds elapsed time');

-- Time bands: peak Monday-Friday 09:00-12:00 and 14:00-17:00, evening
-- 18:00-21:00 every day, in New York; 2000 random instants of 2026.
CREATE TEMP TABLE bands AS SELECT '{"time_zone": "America/New_York", "default": "off_peak",
    "bands": {"peak": {"mon": ["09:00-12:00", "14:00-17:00"], "tue": ["09:00-12:00", "14:00-17:00"],
                       "wed": ["09:00-12:00", "14:00-17:00"], "thu": ["09:00-12:00", "14:00-17:00"],
                       "fri": ["09:00-12:00", "14:00-17:00"]},
              "evening": {"sun": ["18:00-21:00"], "mon": ["18:00-21:00"], "tue": ["18:00-21:00"],
                          "wed": ["18:00-21:00"], "thu": ["18:00-21:00"], "fri": ["18:00-21:00"],
                          "sat": ["18:00-21:00"]}},
    "exclude": ["2026-07-03"]}'::jsonb AS doc;
SELECT is((SELECT count(*) FILTER (WHERE effcap.time_band(t, doc) IS DISTINCT FROM want)
           FROM (SELECT t, CASE
                     WHEN (t AT TIME ZONE 'America/New_York')::date = '2026-07-03' THEN 'off_peak'
                     WHEN extract(isodow FROM t AT TIME ZONE 'America/New_York') <= 5
                          AND ((t AT TIME ZONE 'America/New_York')::time >= '09:00' AND (t AT TIME ZONE 'America/New_York')::time < '12:00'
                               OR (t AT TIME ZONE 'America/New_York')::time >= '14:00' AND (t AT TIME ZONE 'America/New_York')::time < '17:00')
                          THEN 'peak'
                     WHEN (t AT TIME ZONE 'America/New_York')::time >= '18:00' AND (t AT TIME ZONE 'America/New_York')::time < '21:00'
                          THEN 'evening'
                     ELSE 'off_peak' END AS want
                 FROM (SELECT timestamptz '2026-01-01 00:00Z' + random() * interval '365 days' AS t
                       FROM generate_series(1, 2000)) r) x, bands),
          0::bigint, 'time_band equals a plain SQL CASE on the local weekday and time');

-- Work items: 6000 of three 24/7 classes over 30 days, opened by 20
-- agents; about a third still unanswered or open at as_of; responses and
-- closures on a one-second grid around the targets.
CREATE TEMP TABLE rules AS SELECT '{"classes": {
    "complaint": {"response": "24 hours", "resolution": "48 hours"},
    "escalated": {"response": "4 hours", "resolution": "48 hours"},
    "ticket": {"response": "2 hours", "resolution": "3 days"}}}'::jsonb AS doc;
CREATE TEMP TABLE items AS
SELECT g, 1 + g % 20 AS agent, (ARRAY['complaint', 'escalated', 'ticket'])[1 + g % 3] AS class, opened,
       CASE WHEN random() < 0.85 THEN opened + floor(random() * 200000) * interval '1 second' END AS responded,
       CASE WHEN random() < 0.7 THEN opened + floor(random() * 400000) * interval '1 second' END AS closed,
       random() < 0.1 AS escalated
FROM (SELECT g, timestamptz '2026-11-01 00:00Z' + floor(random() * 30 * 86400) * interval '1 second' AS opened
      FROM generate_series(1, 6000) g) x;
UPDATE items SET responded = closed WHERE responded > closed;
CREATE TEMP TABLE as_of AS SELECT timestamptz '2026-12-01 00:00Z' AS t;
CREATE TEMP TABLE agent_day AS
SELECT agent, (opened AT TIME ZONE 'UTC')::date AS day,
       effcap.sla_summary(class, opened, responded, closed, escalated, doc, t) AS s
FROM items, rules, as_of GROUP BY agent, day;
-- Plain SQL: each item's stage times as of as_of, judged against its
-- class's targets.
CREATE TEMP VIEW judged AS
SELECT i.agent, i.class, i.escalated,
       CASE WHEN least(responded, closed) <= t THEN least(responded, closed) - opened END AS response_time,
       CASE WHEN closed <= t THEN closed - opened END AS cycle_time,
       t - opened AS age,
       CASE class WHEN 'complaint' THEN interval '24 hours' WHEN 'escalated' THEN interval '4 hours' ELSE interval '2 hours' END AS response_target,
       CASE class WHEN 'ticket' THEN interval '3 days' ELSE interval '48 hours' END AS resolution_target
FROM items i, as_of;
CREATE TEMP TABLE want_stats AS
SELECT agent, count(*) AS items, count(*) FILTER (WHERE escalated) AS escalated,
       count(*) FILTER (WHERE cycle_time IS NULL) AS open_items,
       count(*) FILTER (WHERE response_time <= response_target) AS response_on_time,
       count(*) FILTER (WHERE response_time > response_target) AS response_late,
       count(*) FILTER (WHERE response_time IS NULL AND age > response_target) AS response_overdue,
       count(*) FILTER (WHERE response_time IS NULL AND age <= response_target) AS response_pending,
       count(*) FILTER (WHERE cycle_time <= resolution_target) AS resolution_on_time,
       count(*) FILTER (WHERE cycle_time > resolution_target) AS resolution_late,
       count(*) FILTER (WHERE cycle_time IS NULL AND age > resolution_target) AS resolution_overdue,
       count(*) FILTER (WHERE cycle_time IS NULL AND age <= resolution_target) AS resolution_pending,
       count(cycle_time) AS closed,
       avg(extract(epoch FROM cycle_time)) AS cycle_mean,
       ceil(percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM cycle_time))) AS p50,
       ceil(percentile_disc(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM cycle_time))) AS p90
FROM judged GROUP BY agent;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE
              (g.items, g.escalated, g.open_items, g.response_on_time, g.response_late, g.response_overdue,
               g.response_pending, g.resolution_on_time, g.resolution_late, g.resolution_overdue,
               g.resolution_pending, g.closed, g.cycle_p50_seconds, g.cycle_p90_seconds)
              IS DISTINCT FROM
              (w.items, w.escalated, w.open_items, w.response_on_time, w.response_late, w.response_overdue,
               w.response_pending, w.resolution_on_time, w.resolution_late, w.resolution_overdue,
               w.resolution_pending, w.closed, w.p50::float8, w.p90::float8)
              OR abs(g.cycle_mean_seconds - w.cycle_mean) > 1e-6))
           FROM (SELECT agent, (effcap.sla_stats(effcap.rollup(s), (SELECT doc FROM rules))).* FROM agent_day GROUP BY agent) g
           JOIN want_stats w USING (agent)),
          '20 compared, 0 differ', 'sla_stats of rolled-up agent-days equals plain SQL over the items');
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE got IS DISTINCT FROM want)) FROM (
              SELECT agent, d, effcap.sla_within(effcap.rollup(s), 'resolution', d * interval '1 day') AS got
              FROM agent_day, unnest(ARRAY[1, 2, 3, 5]) d GROUP BY agent, d) g
           JOIN (SELECT agent, d, (count(*) FILTER (WHERE cycle_time <= d * interval '1 day'))::float8
                                  / nullif(count(*) FILTER (WHERE cycle_time IS NOT NULL OR age > d * interval '1 day'), 0) AS want
                 FROM judged, unnest(ARRAY[1, 2, 3, 5]) d GROUP BY agent, d) w USING (agent, d)),
          '80 compared, 0 differ', 'closure within N days at read time equals plain SQL, open items censored');
SELECT is((SELECT array_agg(items ORDER BY age_from)
           FROM effcap.sla_backlog((SELECT effcap.rollup(s) FROM agent_day), '{1 day, 3 days, 7 days}')),
          (SELECT array_agg(n ORDER BY band) FROM (
               SELECT CASE WHEN age <= '1 day' THEN 0 WHEN age <= '3 days' THEN 1 WHEN age <= '7 days' THEN 2 ELSE 3 END AS band,
                      count(*) AS n
               FROM judged WHERE cycle_time IS NULL GROUP BY 1) b),
          'the backlog by age equals plain SQL over the open items');
SELECT is((SELECT effcap.rollup(s ORDER BY random())::text FROM agent_day),
          (SELECT effcap.sla_summary(class, opened, responded, closed, escalated, doc, t)::text FROM items, rules, as_of),
          'rollup of agent-days in random order equals the summary of all items');
SELECT is((SELECT count(*) FROM (SELECT day, effcap.merge(a.s, b.s)::text AS m,
                                        (SELECT effcap.rollup(s)::text FROM agent_day c WHERE c.day = a.day AND c.agent IN (1, 2)) AS r
                                 FROM agent_day a JOIN agent_day b USING (day) WHERE a.agent = 1 AND b.agent = 2) x
           WHERE m IS DISTINCT FROM r),
          0::bigint, 'merge of two agents'' days equals their rollup');
-- A moving frame of 7 days equals the rollup of those days.
SELECT is((SELECT count(*) FROM (
              SELECT day, effcap.rollup(s) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)::text AS moving,
                     (SELECT effcap.rollup(s)::text FROM agent_day b WHERE b.agent = 3 AND b.day BETWEEN a.day - 6 AND a.day) AS whole
              FROM agent_day a WHERE agent = 3) x WHERE moving IS DISTINCT FROM whole),
          0::bigint, 'a moving 7-day rollup (inverse transitions) equals the rollup of the frame');
CREATE TABLE sla_days AS SELECT * FROM agent_day;
ANALYZE sla_days;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT effcap.rollup(s)::text FROM sla_days),
          (SELECT effcap.sla_summary(class, opened, responded, closed, escalated, doc, t)::text FROM items, rules, as_of),
          'rollup with parallel workers equals the summary of all items');
RESET max_parallel_workers_per_gather;

-- A business-hours class: the stored clock times are business_seconds
-- rounded up.
CREATE TEMP TABLE office_rules AS SELECT jsonb_build_object('classes', jsonb_build_object('internal',
    jsonb_build_object('response', '15 minutes', 'calendar', 'office')), 'calendars', jsonb_build_object('office', doc)) AS doc
FROM cal;
SELECT is((SELECT sum(on_time) FROM (
               SELECT (effcap.sla_stats(effcap.sla_summary('internal', a, a + (b - a) / 50, NULL, false, o.doc, b), o.doc)).response_on_time AS on_time
               FROM spans, office_rules o GROUP BY g, o.doc) x),
          (SELECT count(*) FILTER (WHERE ceil(effcap.business_seconds(a, a + (b - a) / 50, doc)) <= 900) FROM spans, cal)::numeric,
          'a business-hours class is judged on business_seconds');

-- Complaint statistics and survey response: 20000 contacts of 40 agents
-- over 30 days, 8% complaints, recurrence by the repeat window over each
-- customer's complaints; surveys sent on answered contacts by channel.
CREATE TEMP TABLE contacts AS
SELECT g, 1 + g % 40 AS agent, 1 + (g / 40) % 30 AS day, 1 + floor(random() * 3000)::int AS customer,
       timestamptz '2026-11-01 00:00Z' + random() * interval '30 days' AS at,
       random() < 0.08 AS complaint, random() AS u, (ARRAY['passive', 'active'])[1 + (g / 40) % 2] AS channel,
       CASE WHEN random() < 0.9 THEN random() < 0.3 END AS answered
FROM generate_series(1, 20000) g;
CREATE TEMP TABLE flagged AS
SELECT c.*, complaint AND u < 0.15 AS escalated, complaint AND u > 0.97 AS major,
       CASE WHEN complaint THEN effcap.is_repeat(at, interval '30 days') OVER (PARTITION BY customer, complaint ORDER BY at) END AS recurring
FROM contacts c;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE got IS DISTINCT FROM want))
           FROM (SELECT agent, effcap.complaint_stats(complaint, escalated, major, recurring) AS got,
                        ROW(count(*), count(*) FILTER (WHERE complaint),
                            (count(*) FILTER (WHERE complaint))::float8 / count(*),
                            1000 * (count(*) FILTER (WHERE complaint))::float8 / count(*),
                            count(*) FILTER (WHERE escalated),
                            (count(*) FILTER (WHERE escalated))::float8 / nullif(count(*) FILTER (WHERE complaint), 0),
                            count(*) FILTER (WHERE major), count(*) FILTER (WHERE recurring),
                            (count(*) FILTER (WHERE recurring))::float8 / nullif(count(*) FILTER (WHERE complaint), 0))::effcap.complaint_stats AS want
                 FROM flagged GROUP BY agent) x),
          '40 compared, 0 differ', 'complaint_stats equals plain SQL counts per agent');
CREATE TEMP TABLE complaint_days AS
SELECT agent, day, effcap.complaint_stats(complaint, escalated, major, recurring) AS st FROM flagged GROUP BY agent, day;
SELECT is((SELECT effcap.rollup(st ORDER BY random()) FROM complaint_days),
          (SELECT effcap.complaint_stats(complaint, escalated, major, recurring) FROM flagged),
          'rollup of stored agent-days in random order equals complaint_stats of all contacts');
SELECT is((SELECT count(*) FROM (SELECT agent, effcap.rollup(st) AS r FROM complaint_days GROUP BY agent) x
           JOIN (SELECT agent, effcap.complaint_stats(complaint, escalated, major, recurring) AS w FROM flagged GROUP BY agent) y
           USING (agent) WHERE r IS DISTINCT FROM w),
          0::bigint, 'the agent-month rolled up from days equals the one-step agent-month');
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE got IS DISTINCT FROM want))
           FROM (SELECT channel, agent, effcap.response_rate(answered) AS got,
                        effcap.wilson_interval(count(*) FILTER (WHERE answered), count(answered)) AS want
                 FROM contacts GROUP BY channel, agent) x),
          '80 compared, 0 differ', 'response_rate equals wilson_interval of plain SQL counts, per channel and agent');
CREATE TABLE complaint_par AS SELECT * FROM flagged;
ANALYZE complaint_par;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT effcap.complaint_stats(complaint, escalated, major, recurring) FROM complaint_par),
          (SELECT effcap.complaint_stats(complaint, escalated, major, recurring) FROM flagged),
          'complaint_stats with parallel workers equals the serial result');
SELECT is((SELECT effcap.response_rate(answered) FROM complaint_par),
          (SELECT effcap.response_rate(answered) FROM flagged),
          'response_rate with parallel workers equals the serial result');
RESET max_parallel_workers_per_gather;

SELECT * FROM finish();
ROLLBACK;
