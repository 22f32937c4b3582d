-- The demo's service operations (included by demo.sql): the SLA board of
-- the month's work items, the backlog by age, and the answer rates at peak
-- and off-peak hours against seed 003's targets.
--
-- Stored summaries, as a nightly job keeps them: one SLA summary per center,
-- day and class, as of the end of the data; the board rolls them up.
CREATE TEMP TABLE sla_as_of AS
SELECT date_trunc('day', max(opened_at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day' AS as_of
FROM warehouse.work_items;
CREATE TEMP TABLE sla_center_day AS
SELECT t.center_id, (w.opened_at AT TIME ZONE 'UTC')::date AS day, w.class,
       effcap.sla_summary(w.class, w.opened_at, w.responded_at, w.closed_at, w.escalated, warehouse.sla_rules(), o.as_of) AS s
FROM warehouse.work_items w JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id), sla_as_of o
GROUP BY t.center_id, day, w.class;

\echo
\echo '--- SLA board of the month (effcap.sla_stats over rolled-up center-day summaries; seeds 002, 003) ---'
\echo '--- targets: complaint callback 24 h (escalated 4 h), closed in 48 h; ticket answered in 2 h, closed in 3 days; ---'
\echo '--- internal support answered in 15 office minutes, closed in 8 office hours.  Open items are censored: ---'
\echo '--- overdue once past the target, pending before it; "on time" has its 95% Wilson interval. ---'
SELECT class, st.items, st.open_items AS open,
       round((100 * st.response_on_time_rate)::numeric, 1) AS "answered on time %",
       format('%s-%s', round((100 * r.lower)::numeric, 1), round((100 * r.upper)::numeric, 1)) AS "95% interval",
       st.response_overdue AS "unanswered, overdue",
       round((100 * st.resolution_on_time_rate)::numeric, 1) AS "closed on time %",
       st.resolution_overdue AS "open, overdue", st.resolution_pending AS "open, pending",
       round((st.cycle_p50_seconds / 3600)::numeric, 1) AS "cycle p50 h", round((st.cycle_p90_seconds / 3600)::numeric, 1) AS "cycle p90 h",
       round((100 * st.escalation_share)::numeric, 1) AS "escalated %"
FROM (SELECT class, effcap.sla_stats(effcap.rollup(s), warehouse.sla_rules()) AS st FROM sla_center_day GROUP BY class) x,
     LATERAL (SELECT (x.st).*) st,
     LATERAL effcap.wilson_interval(st.response_on_time, st.response_on_time + st.response_breached) r
ORDER BY class;

\echo
\echo '--- Complaints closed within 3 days, by center (effcap.sla_within: a target chosen at read time) ---'
SELECT ce.name AS center,
       round((100 * effcap.sla_within(effcap.rollup(s), 'resolution', '3 days'))::numeric, 1) AS "closed within 3 days %",
       round((100 * effcap.sla_within(effcap.rollup(s), 'resolution', '1 day'))::numeric, 1) AS "within 1 day %"
FROM sla_center_day JOIN warehouse.centers ce USING (center_id)
WHERE class IN ('complaint', 'escalated_complaint')
GROUP BY ce.center_id, ce.name ORDER BY ce.center_id;

\echo
\echo '--- Backlog at the end of the month by age (effcap.sla_backlog; age on each class''s clock) ---'
SELECT CASE WHEN b.age_to IS NULL THEN format('over %s', b.age_from) ELSE format('%s to %s', b.age_from, b.age_to) END AS age,
       b.items
FROM (SELECT effcap.rollup(s) AS s FROM sla_center_day) r,
     effcap.sla_backlog(r.s, '{4 hours, 1 day, 2 days, 3 days}') b;

-- Peak hours of the business clock (UTC): weekdays 10:00-13:00 and
-- 15:00-17:00; everything else is off-peak.
CREATE TEMP TABLE peak_bands AS SELECT '{"time_zone": "UTC", "default": "off_peak",
    "bands": {"peak": {"mon": ["10:00-13:00", "15:00-17:00"], "tue": ["10:00-13:00", "15:00-17:00"],
                       "wed": ["10:00-13:00", "15:00-17:00"], "thu": ["10:00-13:00", "15:00-17:00"],
                       "fri": ["10:00-13:00", "15:00-17:00"]}}}'::jsonb AS bands;

\echo
\echo '--- Answer rate at peak and off-peak hours by center (effcap.time_band over queue summaries; seed 003: ---'
\echo '--- at least 85% at peak, 90% off-peak).  "meets" only when the whole 95% interval clears the target. ---'
SELECT ce.name AS center, band, cs.offered, round((100 * cs.answer_rate)::numeric, 1) AS "answer rate %",
       target AS "target %", format('%s-%s', round((100 * r.lower)::numeric, 1), round((100 * r.upper)::numeric, 1)) AS "95% interval",
       CASE WHEN r.lower >= target / 100.0 THEN 'meets' WHEN r.upper < target / 100.0 THEN 'misses' ELSE 'unclear' END AS verdict
FROM (SELECT t.center_id, effcap.time_band(c.started_at, b.bands) AS band,
             effcap.contact_stats(effcap.queue_summary(c.queue_seconds, c.answered, c.handle_seconds)) AS cs
      FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id), peak_bands b
      WHERE c.work_type = 'inbound'
      GROUP BY t.center_id, band) x
CROSS JOIN LATERAL (SELECT (x.cs).*) cs
CROSS JOIN LATERAL (SELECT CASE x.band WHEN 'peak' THEN 85 ELSE 90 END AS target) g
CROSS JOIN LATERAL effcap.wilson_interval(cs.answered, cs.offered) r
JOIN warehouse.centers ce USING (center_id)
ORDER BY ce.center_id, band DESC;

-- Complaints per center: contacts of the month, complaint cases among them,
-- escalated and major ones, and recurrence: a complaint by a customer who
-- complained within the 30 days before (effcap.is_repeat over each
-- customer's complaints).
CREATE TEMP TABLE complaint_flags AS
SELECT c.contact_id, t.center_id, w.item_id IS NOT NULL AS complaint, coalesce(w.escalated, false) AS escalated,
       coalesce(w.major, false) AS major,
       CASE WHEN w.item_id IS NOT NULL THEN
           effcap.is_repeat(c.started_at, interval '30 days') OVER (PARTITION BY c.customer_id, w.item_id IS NOT NULL ORDER BY c.started_at)
       END AS recurring
FROM warehouse.contacts c
JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
LEFT JOIN warehouse.work_items w ON w.contact_id = c.contact_id AND w.class IN ('complaint', 'escalated_complaint');

\echo
\echo '--- Complaints by center (effcap.complaint_stats): per 1,000 contacts, escalated, major, and recurring ---'
\echo '--- (the customer complained in the 30 days before) ---'
SELECT ce.name AS center, st.contacts, st.complaints, round(st.per_1000_contacts::numeric, 1) AS "per 1,000",
       round((100 * st.escalated_share)::numeric, 1) AS "escalated %", st.major,
       round((100 * st.recurrence_rate)::numeric, 1) AS "recurring %"
FROM (SELECT center_id, effcap.complaint_stats(complaint, escalated, major, recurring) AS st
      FROM complaint_flags GROUP BY center_id) x
CROSS JOIN LATERAL (SELECT (x.st).*) st
JOIN warehouse.centers ce USING (center_id)
ORDER BY ce.center_id;

\echo
\echo '--- Survey response rate by channel (effcap.response_rate; seed 003''s effective-rating rate) ---'
SELECT channel, r.trials AS surveyed, r.successes AS answered, round((100 * r.rate)::numeric, 1) AS "response %",
       format('%s-%s', round((100 * r.lower)::numeric, 1), round((100 * r.upper)::numeric, 1)) AS "95% interval"
FROM (SELECT channel, effcap.response_rate(answered) AS rr FROM warehouse.survey_invitations GROUP BY channel) x
CROSS JOIN LATERAL (SELECT (x.rr).*) r
ORDER BY channel DESC;
