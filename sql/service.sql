-- Service operations: business-hours clocks, time bands, and the SLA
-- summary of work items with open items censored at as_of.  Every expected
-- value is worked by hand in the comment above it.
SET timezone = 'UTC';
\set cal '{"time_zone": "Europe/Berlin", "hours": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"], "wed": ["09:00-18:00"], "thu": ["09:00-18:00"], "fri": ["09:00-12:30", "13:30-18:00"]}, "exclude": ["2026-12-25"]}'

-- Business hours ---------------------------------------------------------
-- Berlin is UTC+1 in December.  Fri 2026-12-04 17:00 local (16:00Z) to
-- Mon 12-07 10:00 local (09:00Z): Friday 17:00-18:00 and Monday 09:00-10:00,
-- the weekend closed: 2 h = 7200 s.
SELECT effcap.business_seconds('2026-12-04 16:00Z', '2026-12-07 09:00Z', :'cal');
-- The same, as doc/service.md writes it: a calendar open only on Monday and
-- Friday.
SELECT effcap.business_seconds('2026-12-04 16:00Z', '2026-12-07 09:00Z',
  '{"time_zone": "Europe/Berlin", "hours": {"mon": ["09:00-18:00"], "fri": ["09:00-18:00"]}}');
-- Friday's lunch break 12:30-13:30 is closed: 12:00-14:00 local is 1 h.
SELECT effcap.business_seconds('2026-12-04 11:00Z', '2026-12-04 13:00Z', :'cal');
-- Thu 12-24 17:00 local to Mon 12-28 10:00 local: Thursday 1 h, Friday the
-- 25th excluded, Monday 1 h: 7200 s.
SELECT effcap.business_seconds('2026-12-24 16:00Z', '2026-12-28 09:00Z', :'cal');
-- December 2026 local (the 1st is a Tuesday): 23 weekdays, 19 of them
-- Monday to Thursday at 9 h, and the Fridays 4, 11 and 18 at 8 h (the 25th
-- excluded): 19 * 32400 + 3 * 28800 = 702000.
SELECT effcap.business_seconds('2026-11-30 23:00Z', '2026-12-31 23:00Z', :'cal');
-- A Saturday, and an empty span: 0.
SELECT effcap.business_seconds('2026-12-05 08:00Z', '2026-12-05 20:00Z', :'cal'),
       effcap.business_seconds('2026-12-07 10:00Z', '2026-12-07 10:00Z', :'cal');
-- Daylight saving: Berlin moves to UTC+2 on Sunday 2026-03-29.  Fri 03-27
-- 09:00-18:00 local is 08:00-17:00Z; Mon 03-30 09:00-18:00 local is
-- 07:00-16:00Z.  From Fri 12:00Z to Mon 08:00Z: Friday 12:00-17:00Z less the
-- lunch hour 11:30-12:30Z (12:00-12:30Z is in it) = 5 h - 0.5 h = 4.5 h, and
-- Monday 07:00-08:00Z = 1 h: 5.5 h = 19800 s.
SELECT effcap.business_seconds('2026-03-27 12:00Z', '2026-03-30 08:00Z', :'cal');
-- A night span across the spring change: 01:00-05:00 local on Sunday
-- 03-29 has 3 hours (02:00-03:00 does not exist); on Sunday 10-25, when
-- Berlin goes back, it has 5.
SELECT effcap.business_seconds('2026-03-28 12:00Z', '2026-03-30 00:00Z',
       '{"time_zone": "Europe/Berlin", "hours": {"sun": ["01:00-05:00"]}}'),
       effcap.business_seconds('2026-10-24 12:00Z', '2026-10-26 00:00Z',
       '{"time_zone": "Europe/Berlin", "hours": {"sun": ["01:00-05:00"]}}');
-- Whole days and fractions of a second.
SELECT effcap.business_seconds('2026-12-07 09:00:00.25Z', '2026-12-07 09:00:01Z',
       '{"time_zone": "UTC", "hours": {"mon": ["00:00-24:00"]}}');
-- NULLs give NULL.
SELECT effcap.business_seconds(NULL, '2026-12-07 09:00Z', :'cal') IS NULL,
       effcap.business_seconds('2026-12-07 09:00Z', NULL, :'cal') IS NULL,
       effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', NULL) IS NULL;
-- Errors.
SELECT effcap.business_seconds('2026-12-07 10:00Z', '2026-12-07 09:00Z', :'cal');
SELECT effcap.business_seconds('-infinity', '2026-12-07 09:00Z', :'cal');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '[]');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"hours": {}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "Mars/Olympus", "hours": {}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": 7, "hours": {}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC"}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {"monday": []}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {"mon": "09:00-18:00"}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {"mon": ["9:00-18:00"]}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {"mon": ["09:00-24:30"]}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {"mon": ["18:00-09:00"]}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {"mon": ["09:00-13:00", "12:00-18:00"]}}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {}, "exclude": ["2026-02-30"]}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {}, "exclude": "2026-12-25"}');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z', '{"time_zone": "UTC", "hours": {}, "holidays": []}');
SELECT effcap.business_seconds('1900-01-01 00:00Z', '2200-01-01 00:00Z', :'cal');
SELECT effcap.business_seconds('2026-12-07 09:00Z', '2026-12-07 10:00Z',
       jsonb_build_object('time_zone', 'UTC', 'hours', jsonb_build_object('mon',
           (SELECT jsonb_agg(format('%s:00-%s:30', lpad(h::text, 2, '0'), lpad(h::text, 2, '0'))) FROM generate_series(0, 16) h))));
-- Rows far apart in time, each within the limit: each is read (the cached
-- days start again).  Open every day all day in UTC: 3 days are 259200 s.
SELECT t, effcap.business_seconds(t, t + interval '3 days',
       '{"time_zone": "UTC", "hours": {"mon": ["00:00-24:00"], "tue": ["00:00-24:00"], "wed": ["00:00-24:00"], "thu": ["00:00-24:00"], "fri": ["00:00-24:00"], "sat": ["00:00-24:00"], "sun": ["00:00-24:00"]}}')
FROM unnest(ARRAY['1900-01-01 00:00Z', '2150-06-01 00:00Z', '1900-03-01 00:00Z', '2026-12-01 00:00Z']::timestamptz[]) WITH ORDINALITY u(t, i)
ORDER BY i;

-- Time bands ---------------------------------------------------------------
\set bands '{"time_zone": "Asia/Shanghai", "bands": {"peak": {"mon": ["09:00-12:00", "14:00-17:00"], "tue": ["09:00-12:00"]}, "evening": {"mon": ["19:00-22:00"]}}, "default": "off_peak", "exclude": ["2026-10-01"]}'
-- Shanghai is UTC+8 all year.  Mon 2026-12-07: 01:00Z is 09:00 local (peak
-- starts), 03:59:59.999Z is 11:59:59.999 (peak), 04:00Z is 12:00 (a span's
-- end is not in it: off_peak), 11:30Z is 19:30 (evening); a Sunday is
-- off_peak; Thursday 2026-10-01 is excluded (and not a peak day anyway);
-- Monday 2026-09-28 10:00 local is peak.
SELECT effcap.time_band(t, :'bands')
FROM unnest(ARRAY['2026-12-07 01:00Z', '2026-12-07 03:59:59.999Z', '2026-12-07 04:00Z',
                  '2026-12-07 11:30Z', '2026-12-06 02:00Z', '2026-09-28 02:00Z']::timestamptz[]) WITH ORDINALITY u(t, i)
ORDER BY i;
-- Across daylight saving (New York moves from UTC-5 to UTC-4 on Sunday
-- 2026-03-08), peak 09:00-17:00 local: on Friday 03-06 13:30Z is 08:30
-- local (off) and 14:00Z is 09:00 (peak); on Monday 03-09 13:30Z is 09:30
-- local (peak) and 12:59Z is 08:59 (off).
SELECT effcap.time_band(t, '{"time_zone": "America/New_York", "bands": {"peak": {"mon": ["09:00-17:00"], "fri": ["09:00-17:00"]}}, "default": "off"}')
FROM unnest(ARRAY['2026-03-06 13:30Z', '2026-03-06 14:00Z', '2026-03-09 13:30Z', '2026-03-09 12:59Z']::timestamptz[]) WITH ORDINALITY u(t, i)
ORDER BY i;
SELECT effcap.time_band(NULL, :'bands') IS NULL, effcap.time_band(now(), NULL) IS NULL;
SELECT effcap.time_band('2026-12-07 01:00Z', '{"time_zone": "UTC", "bands": {"peak": {"mon": ["09:00-12:00"]}, "busy": {"mon": ["11:00-13:00"]}}, "default": "off"}');
SELECT effcap.time_band('2026-12-07 01:00Z', '{"time_zone": "UTC", "bands": {"off": {"mon": ["09:00-12:00"]}}, "default": "off"}');
SELECT effcap.time_band('2026-12-07 01:00Z', '{"time_zone": "UTC", "bands": {}}');
SELECT effcap.time_band('2026-12-07 01:00Z', '{"time_zone": "UTC", "bands": {}, "default": ""}');
SELECT effcap.time_band('2026-12-07 01:00Z', '{"time_zone": "UTC", "default": "off"}');
SELECT effcap.time_band('2026-12-07 01:00Z', '{"time_zone": "UTC", "bands": [], "default": "off"}');
SELECT effcap.time_band('infinity', '{"time_zone": "UTC", "bands": {}, "default": "off"}');
SELECT effcap.time_band('2026-12-07 01:00Z', jsonb_build_object('time_zone', 'UTC', 'default', 'off', 'bands',
       (SELECT jsonb_object_agg('b' || i, '{}'::jsonb) FROM generate_series(1, 33) i)));
SELECT effcap.time_band('2026-12-07 01:00Z', jsonb_build_object('time_zone', 'UTC', 'default', 'off', 'bands',
       jsonb_build_object(repeat('b', 64), '{}'::jsonb)));

-- The SLA summary -----------------------------------------------------------
\set rules '{"classes": {"complaint": {"response": "24 hours", "resolution": "48 hours"}, "escalated": {"response": "4 hours", "resolution": 172800}, "internal": {"response": "15 minutes", "calendar": "office"}, "ticket": {"resolution": "3 days"}}, "calendars": {"office": {"time_zone": "Europe/Berlin", "hours": {"mon": ["09:00-18:00"], "tue": ["09:00-18:00"], "wed": ["09:00-18:00"], "thu": ["09:00-18:00"], "fri": ["09:00-18:00"]}, "exclude": ["2026-12-25"]}}}'
CREATE TABLE sla_items (id int, class text, opened timestamptz, responded timestamptz, closed timestamptz, escalated boolean);
-- As of Tue 2026-12-08 00:00Z (01:00 Berlin):
--  1 complaint answered in 10 h (on time), closed in 24 h (on time)
--  2 complaint answered in 25 h (late), closed in 72 h (late), escalated
--  3 complaint still open after 6 days: response and resolution overdue
--  4 complaint opened exactly 24 h before as_of, unanswered: at its
--    response deadline, so pending; resolution pending too
--  5 escalated case answered in exactly 4 h (on time: at the deadline),
--    closed without a separate response at 47 h (on time)
--  6 escalated case closed at 50 h, no response recorded: the closing
--    answers it, at 50 h (late), and the resolution is late too
--  7 internal request opened Fri 17:50 Berlin, answered Mon 09:05 Berlin:
--    10 + 5 = 15 business minutes (on time); still open: waited
--    Friday 10 min + Monday 9 h = 33000 business seconds
--  8 internal request opened Mon 17:55 Berlin, answered Tue 09:00:01:
--    5 min + 0 = 300 s... as_of is Tue 01:00 Berlin: not answered yet,
--    waited 300 s: pending
--  9 ticket closed after exactly 3 days (on time); no response target
-- 10 ticket opened 5 days before as_of, responded after as_of: at as_of
--    unanswered and open, 432000 s: resolution overdue
-- 11 ticket with a NULL class and 12 with a NULL opened_at are skipped
INSERT INTO sla_items VALUES
 (1, 'complaint', '2026-12-01 00:00Z', '2026-12-01 10:00Z', '2026-12-02 00:00Z', false),
 (2, 'complaint', '2026-12-01 00:00Z', '2026-12-02 01:00Z', '2026-12-04 00:00Z', true),
 (3, 'complaint', '2026-12-02 00:00Z', NULL, NULL, false),
 (4, 'complaint', '2026-12-07 00:00Z', NULL, NULL, NULL),
 (5, 'escalated', '2026-12-03 00:00Z', '2026-12-03 04:00Z', '2026-12-04 23:00Z', true),
 (6, 'escalated', '2026-12-03 00:00Z', NULL, '2026-12-05 02:00Z', true),
 (7, 'internal', '2026-12-04 16:50Z', '2026-12-07 08:05Z', NULL, false),
 (8, 'internal', '2026-12-07 16:55Z', '2026-12-08 08:00:01Z', NULL, false),
 (9, 'ticket', '2026-12-01 00:00Z', '2026-12-01 01:00Z', '2026-12-04 00:00Z', false),
 (10, 'ticket', '2026-12-03 00:00Z', '2026-12-09 00:00Z', NULL, false),
 (11, NULL, '2026-12-03 00:00Z', NULL, NULL, false),
 (12, 'ticket', NULL, NULL, NULL, false);
CREATE TABLE sla_summaries AS
SELECT class, effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-08 00:00Z') AS s
FROM sla_items GROUP BY class;
SELECT class, s FROM sla_summaries ORDER BY class;
-- Response, judged against each class's target (ticket has none): on time
-- 1, 5, 7 = 3; late 2, 6 = 2; overdue 3; pending 4, 8 = 2; breached 3;
-- rate 3 / (3 + 2 + 1) = 0.5.
-- Resolution (internal has no target): on time 1, 5, 9 = 3; late 2, 6 =
-- 2; overdue 3 (6 days > 48 h) and 10 (5 days > 3 days) = 2; pending 4 =
-- 1; rate 3 / 7.  Items 10 (11 and 12 skipped: the NULL class group gets
-- a NULL summary), escalated 2, 5, 6 = 3 (share 0.3); open 3, 4, 7, 8, 10
-- = 5; closed 1, 2, 5, 6, 9 = 5, cycle times 86400, 259200, 169200,
-- 180000, 259200: mean 954000 / 5 = 190800, p50 the 3rd = 180000, p90 the
-- 5th = 259200.
SELECT (effcap.sla_stats(effcap.rollup(s), :'rules')).* FROM sla_summaries;
-- The one-step build equals the rollup of the per-class summaries, in any
-- order, and merge() agrees.
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-08 00:00Z')::text
       = (SELECT effcap.rollup(s ORDER BY class DESC)::text FROM sla_summaries)
FROM sla_items;
SELECT effcap.merge(a.s, b.s)::text = (SELECT effcap.rollup(s)::text FROM sla_summaries WHERE class IN ('complaint', 'ticket'))
FROM sla_summaries a, sla_summaries b WHERE a.class = 'ticket' AND b.class = 'complaint';
-- Targets chosen at read time: closure within 3 days of every class's
-- clock.  Closed: 86400, 259200, 169200, 180000, 259200 (ticket) all <=
-- 259200: 5 on time; open: 3 (518400) and 10 (432000) past it, 4 (86400),
-- 7 (33000) and 8 (300) pending: 5 / 7.
SELECT effcap.sla_within(effcap.rollup(s), 'resolution', '3 days') FROM sla_summaries;
-- Response within 1 hour: answered 1 (36000), 2 (90000), 5 (14400), 6
-- (180000), 7 (900), 9 (3600): 7 and 9 on time, 4 late; waiting 3, 4 and
-- 10 past 1 h (overdue), 8 (300) pending: 2 / (2 + 4 + 3) = 2/9.
SELECT effcap.sla_within(effcap.rollup(s), 'response', '1 hour') FROM sla_summaries;
SELECT effcap.sla_within(s, 'response', '0 seconds') FROM sla_summaries WHERE class = 'internal';
-- Cycle percentiles: closed 86400, 169200, 180000, 259200, 259200.
SELECT effcap.sla_cycle_percentile(effcap.rollup(s), f)
FROM sla_summaries, unnest(ARRAY[0.2, 0.4, 0.5, 0.8, 1]) f GROUP BY f ORDER BY f;
SELECT effcap.sla_cycle_percentile(s, 0.5) IS NULL FROM sla_summaries WHERE class = 'internal';
-- Backlog by age in bands (from, to]: 8 (300 s) in [0, 4 h]; 7 (33000 s)
-- and 4 (86400 s, exactly 1 day) in (4 h, 1 day]; 10 (432000 s, exactly 5
-- days) in (1 day, 5 days]; 3 (518400 s) in the last.
SELECT b.* FROM (SELECT effcap.rollup(s) AS s FROM sla_summaries) r,
       effcap.sla_backlog(r.s, '{4 hours, 1 day, 5 days}') b;
SELECT count(*) FROM effcap.sla_backlog(NULL, '{1 day}');
-- The clock of a business-hours class is the 64-bit hash of its calendar's
-- canonical JSON text (0 is kept for 24/7), worked out here in SQL with
-- hashtextextended over the same text.
SELECT (s::text::jsonb)->'classes'->'internal'->>'clock'
       = lpad(to_hex(hashtextextended(((:'rules')::jsonb->'calendars'->'office')::text, 0)), 16, '0') AS clock_is_the_hash
FROM sla_summaries WHERE class = 'internal';
-- A summary with nothing open keeps no as_of and is final.
SELECT s, (effcap.sla_stats(s, :'rules')).as_of IS NULL FROM sla_summaries WHERE class = 'escalated';
-- It combines with a summary of another as_of; two with open items do not.
SELECT (effcap.sla_stats(effcap.merge(s, (SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-20 00:00Z')
                                              FROM sla_items WHERE id = 3)), :'rules')).as_of
FROM sla_summaries WHERE class = 'escalated';
SELECT effcap.merge(s, (SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-20 00:00Z')
                         FROM sla_items WHERE id = 3))
FROM sla_summaries WHERE class = 'complaint';
-- Censoring: the same rows as of the moment item 4's response deadline
-- passes by one microsecond make it overdue.
SELECT response_overdue, response_pending
FROM effcap.sla_stats((SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-08 00:00:00.000001Z')
                       FROM sla_items WHERE id = 4), :'rules');
-- NULL escalated counts as not escalated; an empty group gives NULL.
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-08 00:00Z') IS NULL
FROM sla_items WHERE id > 10;
SELECT effcap.sla_stats(NULL, :'rules') IS NULL, effcap.sla_within(NULL, 'response', '1 hour') IS NULL,
       effcap.sla_cycle_percentile(NULL, 0.5) IS NULL;
-- Moving frames: a running rollup over the classes in name order.
SELECT class, (effcap.sla_stats(effcap.rollup(s) OVER (ORDER BY class ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), :'rules')).items
FROM sla_summaries ORDER BY class;
SELECT id, (effcap.sla_stats(effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-08 00:00Z')
            OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), :'rules')).items
FROM sla_items WHERE id <= 10 ORDER BY id;
-- Text and binary forms round-trip exactly (COPY BINARY sends and receives).
SELECT count(*) FILTER (WHERE s::text::effcap.sla_summary::text = s::text) AS text_round_trips FROM sla_summaries;
COPY (SELECT class, s FROM sla_summaries) TO '/tmp/effcap_regress_sla.bin' (FORMAT binary);
CREATE TABLE sla_copied (class text, s effcap.sla_summary);
COPY sla_copied FROM '/tmp/effcap_regress_sla.bin' (FORMAT binary);
SELECT count(*) AS binary_round_trips FROM sla_copied c JOIN sla_summaries o USING (class) WHERE c.s::text = o.s::text;

-- Errors of the build.
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', NULL) FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, NULL, '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary('refund', opened, responded, closed, escalated, :'rules', '2026-12-08 00:00Z') FROM sla_items WHERE id = 1;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-01 12:00Z') FROM sla_items WHERE id = 3;
SELECT effcap.sla_summary(class, opened, '2026-11-30 00:00Z', closed, escalated, :'rules', '2026-12-08 00:00Z') FROM sla_items WHERE id = 1;
SELECT effcap.sla_summary(class, opened, responded, '2026-11-30 00:00Z', escalated, :'rules', '2026-12-08 00:00Z') FROM sla_items WHERE id = 1;
SELECT effcap.sla_summary(class, opened, 'infinity', closed, escalated, :'rules', '2026-12-08 00:00Z') FROM sla_items WHERE id = 1;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', 'infinity') FROM sla_items WHERE id = 1;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '10000-01-01 00:00Z') FROM sla_items WHERE id = 1;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, :'rules', '2026-12-08 00:00Z'::timestamptz + id * interval '1 second')
FROM sla_items WHERE id IN (1, 2);
SELECT effcap.sla_summary(c, '2026-12-01 00:00Z', NULL, NULL, false, jsonb_build_object('classes', jsonb_build_object(c, '{}'::jsonb)), '2026-12-08 00:00Z')
FROM (SELECT repeat('c', 64) c) x;
SELECT effcap.sla_summary('c' || i, '2026-12-01 00:00Z', NULL, NULL, false,
                          (SELECT jsonb_build_object('classes', jsonb_object_agg('c' || j, '{}'::jsonb)) FROM generate_series(1, 65) j),
                          '2026-12-08 00:00Z')
FROM generate_series(1, 65) i;
-- Rules.
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"response": "1 fortnight"}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"response": "1 month"}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"response": "hours"}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"response": 1.5}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"response": -60}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"calendar": "office"}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"target": "1 hour"}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {}}, "calendars": {"office": {"hours": {}}}}', '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated,
       jsonb_build_object('classes', '{}'::jsonb, 'calendars',
           (SELECT jsonb_object_agg('c' || i, '{"time_zone": "UTC", "hours": {}}'::jsonb) FROM generate_series(1, 33) i)),
       '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated,
       jsonb_build_object('classes', (SELECT jsonb_object_agg('c' || i, '{}'::jsonb) FROM generate_series(1, 257) i)),
       '2026-12-08 00:00Z') FROM sla_items;
SELECT effcap.sla_summary(class, opened, responded, closed, escalated, '{"classes": {"ticket": {"calendar": 7}}}', '2026-12-08 00:00Z') FROM sla_items;
-- Durations in words: "1 hour 30 minutes" is 5400 s; a class without
-- targets is counted but not judged.
SELECT j.response_on_time, j.response_late, u.response_on_time_rate IS NULL AS unjudged
FROM effcap.sla_stats((SELECT effcap.rollup(s) FROM sla_summaries WHERE class = 'ticket'),
                      '{"classes": {"ticket": {"response": "1 hour 30 minutes"}}}') j,
     effcap.sla_stats((SELECT effcap.rollup(s) FROM sla_summaries WHERE class = 'ticket'),
                      '{"classes": {"ticket": {}}}') u;
-- Errors of reading.
SELECT effcap.sla_stats(s, '{"classes": {}}') FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_stats(s, '{"classes": {"internal": {"response": "15 minutes"}}}') FROM sla_summaries WHERE class = 'internal';
SELECT effcap.sla_stats(s, NULL) FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_within(s, 'closure', '1 day') FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_within(s, NULL, '1 day') FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_within(s, 'response', '1 month') FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_within(s, 'response', '1.5 seconds') FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_within(s, 'response', '-1 hour') FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_within(s, 'response', NULL) FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_cycle_percentile(s, 0) FROM sla_summaries WHERE class = 'ticket';
SELECT effcap.sla_cycle_percentile(s, NULL) FROM sla_summaries WHERE class = 'ticket';
SELECT count(*) FROM sla_summaries, effcap.sla_backlog(s, NULL) WHERE class = 'ticket';
SELECT b.* FROM sla_summaries, effcap.sla_backlog(s, '{2 days, 1 day}') b WHERE class = 'ticket';
SELECT b.* FROM sla_summaries, effcap.sla_backlog(s, '{0 seconds}') b WHERE class = 'ticket';
SELECT b.* FROM sla_summaries, effcap.sla_backlog(s, '{1 mon}') b WHERE class = 'ticket';
SELECT b.* FROM sla_summaries, effcap.sla_backlog(s, ARRAY[NULL]::interval[]) b WHERE class = 'ticket';
SELECT b.* FROM sla_summaries, effcap.sla_backlog(s, '{{1 day}}') b WHERE class = 'ticket';
-- Rolling up summaries measured on different clocks of one class.
SELECT effcap.merge(s, (SELECT effcap.sla_summary(class, opened, responded, closed, escalated,
                               '{"classes": {"internal": {"response": "15 minutes"}}}', '2026-12-08 00:00Z')
                        FROM sla_items WHERE id = 7))
FROM sla_summaries WHERE class = 'internal';
-- Text input: checked like every summary type.
SELECT '{"version": 1, "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 0, "response": {"done": {"5": 1}, "waiting": {}}, "resolution": {"done": {}, "waiting": {}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 2, "cycle_us": 5000000, "response": {"done": {"5": 1}, "waiting": {}}, "resolution": {"done": {"5": 1}, "waiting": {}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 6000000, "response": {"done": {"5": 1}, "waiting": {}}, "resolution": {"done": {"5": 1}, "waiting": {}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 0, "response": {"done": {}, "waiting": {"5": 1}}, "resolution": {"done": {}, "waiting": {"5": 1}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "as_of": "now", "classes": {}}'::effcap.sla_summary;
SELECT '{"version": 1, "as_of": "2026-12-08 00:00:00", "classes": {}}'::effcap.sla_summary;
SELECT '{"version": 1, "as_of": "2026-12-08 00:00:00+00", "classes": {}}'::effcap.sla_summary;
SELECT '{"version": 1, "as_of": "12026-12-08 00:00:00+00", "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 0, "response": {"done": {}, "waiting": {"5": 1}}, "resolution": {"done": {}, "waiting": {"5": 1}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "0000000000000000", "items": 1, "escalated": 0, "cycle_us": 5000000, "response": {"done": {"5": 1}, "waiting": {}}, "resolution": {"done": {"5": 1}, "waiting": {}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "00000000000000G1", "items": 1, "escalated": 0, "cycle_us": 5000000, "response": {"done": {"5": 1}, "waiting": {}}, "resolution": {"done": {"5": 1}, "waiting": {}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 5000000, "response": {"done": {"5": 1}}, "resolution": {"done": {"5": 1}, "waiting": {}}}}}'::effcap.sla_summary;
SELECT '{"version": 1, "classes": {"a": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 5000000, "response": {"done": {"5": 1}, "waiting": {}}, "resolution": {"done": {"5": 1}, "waiting": {}}, "extra": 1}}}'::effcap.sla_summary;
-- Classes come out in name order.
SELECT '{"version": 1, "classes": {"b": {"clock": "24/7", "items": 1, "escalated": 0, "cycle_us": 1, "response": {"done": {"1": 1}, "waiting": {}}, "resolution": {"done": {"1": 1}, "waiting": {}}}, "a": {"clock": "24/7", "items": 1, "escalated": 1, "cycle_us": 0, "response": {"done": {"0": 1}, "waiting": {}}, "resolution": {"done": {"0": 1}, "waiting": {}}}}}'::effcap.sla_summary;

-- Complaint statistics --------------------------------------------------------
-- Eight contacts: 6 has a NULL complaint flag (skipped); 3, 4 and 5 are
-- complaints, 3 escalated, 4 major and recurring.  Contacts 7, complaints
-- 3: rate 3/7 = 0.428571..., 428.571... per 1,000; escalated 1 (1/3),
-- major 1, recurring 1 (1/3).
CREATE TABLE complaint_rows (id int, grp int, complaint boolean, escalated boolean, major boolean, recurring boolean);
INSERT INTO complaint_rows VALUES
 (1, 1, false, NULL, NULL, NULL), (2, 1, false, false, false, false), (3, 1, true, true, false, false),
 (4, 2, true, false, true, true), (5, 2, true, NULL, NULL, NULL), (6, 2, NULL, true, true, true),
 (7, 3, false, NULL, NULL, NULL), (8, 3, false, NULL, NULL, NULL);
SELECT (effcap.complaint_stats(complaint, escalated, major, recurring)).* FROM complaint_rows;
-- Stored per group and rolled up: the same row.
CREATE TABLE complaint_groups AS
SELECT grp, effcap.complaint_stats(complaint, escalated, major, recurring) AS st FROM complaint_rows GROUP BY grp;
SELECT grp, (st).contacts, (st).complaints, (st).complaint_rate FROM complaint_groups ORDER BY grp;
SELECT effcap.rollup(st ORDER BY grp DESC) = (SELECT effcap.complaint_stats(complaint, escalated, major, recurring) FROM complaint_rows)
FROM complaint_groups;
SELECT effcap.rollup(st) FROM complaint_groups WHERE false;
SELECT effcap.rollup(NULL::effcap.complaint_stats);
-- A moving frame of two groups.
SELECT grp, (effcap.rollup(st) OVER (ORDER BY grp ROWS 1 PRECEDING)).complaints FROM complaint_groups ORDER BY grp;
SELECT id, (effcap.complaint_stats(complaint, escalated, major, recurring) OVER (ORDER BY id ROWS 2 PRECEDING)).complaints
FROM complaint_rows ORDER BY id;
-- Recurrence with the repeat-contact window function: customer a complains
-- on 1 and 10 October (the second within 30 days of the first: recurring),
-- b on 1 October and 15 November (45 days: not).
SELECT (effcap.complaint_stats(true, false, false, r)).*
FROM (SELECT effcap.is_repeat(t, interval '30 days') OVER (PARTITION BY c ORDER BY t) AS r
      FROM (VALUES ('a', timestamptz '2026-10-01 09:00Z'), ('a', '2026-10-10 09:00Z'),
                   ('b', '2026-10-01 09:00Z'), ('b', '2026-11-15 09:00Z')) v(c, t)) x;
-- Errors.
SELECT effcap.complaint_stats(false, true, NULL, NULL);
SELECT effcap.complaint_stats(false, NULL, true, NULL);
SELECT effcap.complaint_stats(false, NULL, NULL, true);
SELECT effcap.rollup(ROW(NULL, 1, NULL, NULL, 0, NULL, 0, 0, NULL)::effcap.complaint_stats);
SELECT effcap.rollup(ROW(1, 2, NULL, NULL, 0, NULL, 0, 0, NULL)::effcap.complaint_stats);
SELECT effcap.rollup(ROW(5, 2, NULL, NULL, 3, NULL, 0, 0, NULL)::effcap.complaint_stats);
SELECT effcap.rollup(ROW(5, 2, NULL, NULL, -1, NULL, 0, 0, NULL)::effcap.complaint_stats);
SELECT effcap.complaint_stats_final('{6000000000000, 1, 2, 0, 0, 0}');
SELECT effcap.complaint_stats_final('{5000000000000, 1, 1, 0, 0, 0}');

-- Survey response rate ------------------------------------------------------
-- Sent 5, one with NULL (not known whether sent: skipped): 3 of 4
-- answered, 0.75, and its 95% Wilson interval [0.3006, 0.9544] (worked by
-- the formula of doc/signals.md with z = 1.959964).
SELECT (r).successes, (r).trials, (r).rate, round((r).lower::numeric, 4) AS lower, round((r).upper::numeric, 4) AS upper,
       r = effcap.wilson_interval(3, 4) AS "= wilson_interval(3, 4)"
FROM (SELECT effcap.response_rate(a) AS r FROM unnest(ARRAY[true, false, true, NULL, true]) a) x;
-- By channel, and nothing sent: rate and bounds NULL.
SELECT ch, (effcap.response_rate(a)).rate
FROM (VALUES ('passive', true), ('passive', false), ('active', true)) v(ch, a) GROUP BY ch ORDER BY ch;
SELECT (effcap.response_rate(a)).* FROM (SELECT NULL::boolean a) x;
SELECT effcap.response_rate_final('{7000000000000, 2, 3}');

DROP TABLE complaint_rows, complaint_groups;

DROP TABLE sla_items, sla_summaries, sla_copied;
