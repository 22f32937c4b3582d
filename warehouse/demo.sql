-- The demo report: scores the reference call warehouse with effcap.
--
-- Run after CREATE EXTENSION effcap, \i warehouse/schema.sql and
-- SELECT warehouse.generate(...):
--   psql -v ON_ERROR_STOP=1 -X -q -f warehouse/demo.sql

SET client_min_messages = warning;
\pset footer off

-- The stored summaries a nightly job keeps (materialized views).
\warn progress: stored summaries per agent-day and interval
\ir summaries.sql
-- The flat views a BI tool reads.
\ir bi.sql

\echo
\echo '=== effcap demo: effective capacity of the reference call warehouse ==='
\echo
SELECT count(DISTINCT agent_id) AS agents,
       min(day) AS first_day, max(day) AS last_day,
       count(*) AS agent_days,
       sum(contacts) AS handled_contacts,
       round(sum(effective)::numeric) AS effective,
       round(sum(target)::numeric) AS target,
       round((100 * sum(effective) / sum(target))::numeric, 1) AS "completion %",
       round((100 * sum(quality_rate * contacts) / sum(contacts))::numeric, 1) AS "quality %",
       round((100 * sum(fcr_rate * contacts) / sum(contacts))::numeric, 1) AS "FCR %"
FROM warehouse.agent_day_capacity;

-- A month is the sum of its days: the daily rule (tiers, target) applies per
-- agent-day, so monthly effective and target are sums of daily values.
\echo
\echo '--- Teams per month: handled contacts, effective capacity, target (sum of daily targets), completion ---'
SELECT to_char(c.day, 'YYYY-MM') AS month,
       ce.name || ' (' || ce.city || ')' AS center,
       t.name AS team, t.supervisor,
       count(DISTINCT c.agent_id) AS agents,
       sum(c.contacts) AS contacts,
       round(sum(c.effective)::numeric, 1) AS effective,
       round(sum(c.target)::numeric) AS target,
       round((100 * sum(c.effective) / sum(c.target))::numeric, 1) AS "completion %"
FROM warehouse.agent_day_capacity AS c
JOIN warehouse.agents AS a USING (agent_id)
JOIN warehouse.teams AS t USING (team_id)
JOIN warehouse.centers AS ce USING (center_id)
GROUP BY month, ce.center_id, t.team_id
ORDER BY month, ce.center_id, t.team_id;

-- Agent-months.  Effective and target: sums of the days.  The rates do not
-- depend on the daily rule, so they come exactly from the month's rolled-up
-- summary (the same as daily rates weighted by contacts).
CREATE OR REPLACE TEMP VIEW agent_month AS
SELECT m.month,
       row_number() OVER (PARTITION BY m.month ORDER BY m.effective DESC, m.agent_id) AS rank,
       m.agent_id, a.name, t.name AS team, m.days, m.contacts,
       round(m.effective::numeric, 1) AS effective,
       round((100 * r.quality_rate)::numeric, 1) AS "quality %",
       round((100 * r.fcr_rate)::numeric, 1) AS "FCR %",
       r.sales,
       round((100 * m.effective / m.target)::numeric, 1) AS "completion %",
       count(*) OVER (PARTITION BY m.month) AS ranked
FROM (
    SELECT to_char(day, 'YYYY-MM') AS month, agent_id, count(*) AS days,
           sum(contacts) AS contacts, sum(effective) AS effective, sum(target) AS target,
           effcap.rollup(summary) AS summary
    FROM warehouse.agent_day_capacity
    GROUP BY month, agent_id
) AS m
CROSS JOIN LATERAL effcap.effective_capacity(m.summary) AS r
JOIN warehouse.agents AS a USING (agent_id)
JOIN warehouse.teams AS t USING (team_id);

\echo
\echo '--- Top 10 agents of the month by effective capacity ---'
\set columns 'month, rank, agent_id, name, team, days, contacts, effective, "quality %", "FCR %", sales, "completion %"'
SELECT :columns FROM agent_month WHERE rank <= 10 ORDER BY month, rank;

\echo
\echo '--- Bottom 10 agents of the month by effective capacity ---'
SELECT :columns FROM agent_month WHERE rank > ranked - 10 ORDER BY month, rank;
-- First-contact resolution, charged to the agent (and center) of each
-- contact: resolved when the customer does not contact again within 7 days.
-- Contacts in the last 7 days of the data cannot be judged yet: pending.
CREATE OR REPLACE TEMP VIEW handled_fcr AS
SELECT c.agent_id, t.center_id,
       effcap.first_contact_resolved(c.started_at, interval '7 days', e.data_end)
           OVER (PARTITION BY c.customer_id ORDER BY c.started_at) AS resolved,
       effcap.is_repeat(c.started_at, interval '7 days')
           OVER (PARTITION BY c.customer_id ORDER BY c.started_at) AS repeat_inquiry
FROM warehouse.contacts AS c
JOIN warehouse.agents AS a USING (agent_id)
JOIN warehouse.teams AS t USING (team_id)
CROSS JOIN (SELECT max(started_at) AS data_end FROM warehouse.contacts) AS e
WHERE c.answered;

\echo
\echo '--- First-contact resolution by center (7-day window; pending = too recent to judge) ---'
\echo 'Each contact is judged over its customer''s whole history (first_contact_resolved over the'
\echo 'customer''s partition), then counted per center with effcap.fcr_stats(resolved).'
SELECT ce.name AS center, (s).contacts, (s).resolved, (s).repeated, (s).pending,
       round((100 * (s).rate)::numeric, 1) AS "FCR %", "repeat inquiries %"
FROM (SELECT center_id, effcap.fcr_stats(resolved) AS s,
             round((100.0 * count(*) FILTER (WHERE repeat_inquiry) / count(*))::numeric, 1) AS "repeat inquiries %"
      FROM handled_fcr GROUP BY center_id) AS x
JOIN warehouse.centers AS ce USING (center_id)
ORDER BY ce.center_id;

\echo
\echo 'The same for the whole warehouse with the fcr_stats aggregate (contacts, resolved, repeated, pending, rate):'
SELECT effcap.fcr_stats(customer_id, started_at, interval '7 days',
                        (SELECT max(started_at) FROM warehouse.contacts)) AS fcr
FROM warehouse.contacts WHERE answered;

\echo
\echo '--- Agents with the best and the worst first-contact resolution (charged to the first contact) ---'
\echo 'With the 95% Wilson interval of each agent''s FCR; "vs center" says above or below only where'
\echo 'the interval lies wholly above or below the center''s FCR (otherwise the gap may be noise).'
CREATE TEMP TABLE agent_fcr AS
SELECT a.agent_id, a.name, t.name AS team, t.center_id, f.s, effcap.wilson_interval(f.s) AS w
FROM (SELECT agent_id, effcap.fcr_stats(resolved) AS s FROM handled_fcr GROUP BY agent_id) AS f
JOIN warehouse.agents AS a USING (agent_id)
JOIN warehouse.teams AS t USING (team_id);
CREATE TEMP TABLE center_fcr AS SELECT center_id, (effcap.fcr_stats(resolved)).rate AS center_rate FROM handled_fcr GROUP BY center_id;
SELECT rank, agent_id, name, team, judged, "FCR %", "95% interval", "vs center"
FROM (SELECT x.agent_id, x.name, x.team, (x.s).contacts - (x.s).pending AS judged,
             round((100 * (x.s).rate)::numeric, 1) AS "FCR %",
             format('%s - %s', round((100 * (x.w).lower)::numeric, 1), round((100 * (x.w).upper)::numeric, 1)) AS "95% interval",
             CASE WHEN (x.w).lower > c.center_rate THEN 'above' WHEN (x.w).upper < c.center_rate THEN 'below' ELSE '' END AS "vs center",
             row_number() OVER (ORDER BY (x.s).rate DESC NULLS LAST, x.agent_id) AS rank,
             count(*) OVER () AS ranked
      FROM agent_fcr x JOIN center_fcr c USING (center_id)) AS x
WHERE rank <= 5 OR rank > ranked - 5
ORDER BY rank;
SELECT count(*) AS agents,
       count(*) FILTER (WHERE (x.w).lower > c.center_rate) AS "surely above their center",
       count(*) FILTER (WHERE (x.w).upper < c.center_rate) AS "surely below their center"
FROM agent_fcr x JOIN center_fcr c USING (center_id);

\echo
\echo 'Why not effcap.fcr_stats(customer_id, started_at, ...) GROUP BY agent_id? It sees only the'
\echo 'agent''s own contacts, so a repeat handled by another agent looks resolved.  Mean agent FCR:'
SELECT round((100 * avg((attributed).rate))::numeric, 1) AS "attributed %",
       round((100 * avg((grouped).rate))::numeric, 1) AS "grouped by agent (wrong) %",
       round((100 * max((grouped).rate - (attributed).rate))::numeric, 1) AS "largest gap (points)"
FROM (SELECT c.agent_id,
             effcap.fcr_stats(customer_id, started_at, interval '7 days', e.data_end) AS grouped
      FROM warehouse.contacts AS c
      CROSS JOIN (SELECT max(started_at) AS data_end FROM warehouse.contacts) AS e
      WHERE c.answered GROUP BY c.agent_id) AS g
JOIN (SELECT agent_id, effcap.fcr_stats(resolved) AS attributed FROM handled_fcr GROUP BY agent_id) AS a
USING (agent_id);

-- The scorecards and contact statistics.
\warn progress: scorecards
\ir demo_scorecards.sql

-- Change flags and margins.
\warn progress: change flags
\ir demo_signals.sql

-- Next week's workforce plan and the staffing mismatch.
\warn progress: the staffing plan
\ir demo_plan.sql

-- Tickets, complaints and internal requests against their SLAs; peak and
-- off-peak answer rates.
\warn progress: SLA board
\ir demo_service.sql

-- Next month's teams, the commission of the top sellers, the coaching list.
\warn progress: teams and commission
\ir demo_incentives.sql

-- The data of the HTML report, when psql's variable report_json names a file.
\warn progress: report data
\ir report_data.sql

\echo
\echo '--- Where the data lives ---'
\echo 'Schema warehouse: centers, teams, agents, customers, contacts (one row per offered contact).'
\echo 'Materialized view warehouse.agent_day_capacity: one row per agent and day, with the'
\echo 'stored summary and the effective-capacity fields under the default rules.'
\echo 'Materialized views warehouse.agent_day_queue (one queue summary per agent, day and work type)'
\echo 'and warehouse.agent_day_survey (one survey summary per agent and day).'
\echo 'Table warehouse.inbound_schedule: agents scheduled per center and 30-minute interval.'
\echo 'Table warehouse.work_items: complaint cases, tickets and internal requests; their SLA rules are'
\echo 'warehouse.sla_rules().'
\echo 'Table warehouse.sales: sales and refunds per contact; seed 003''s commission plan is'
\echo 'warehouse.commission_plan(''marginal'') or (''whole_amount'').'
\echo 'Try:'
\echo '  -- service level of each team at 15 s, from the stored daily summaries'
\echo '  SELECT team_id, effcap.service_level(effcap.rollup(summary), 15, ''abandons_ignored'')'
\echo '  FROM warehouse.agent_day_queue JOIN warehouse.agents USING (agent_id)'
\echo '  WHERE work_type = ''inbound'' GROUP BY team_id ORDER BY team_id LIMIT 5;'
\echo '  SELECT * FROM warehouse.agent_day_capacity WHERE agent_id = 1 ORDER BY day;'
\echo '  -- re-score the stored summaries with a daily target of 50'
\echo '  SELECT agent_id, sum((effcap.effective_capacity(summary,'
\echo '           effcap.default_capacity_rules() || ''{"target": 50}'')).effective)'
\echo '  FROM warehouse.agent_day_capacity GROUP BY agent_id ORDER BY 2 DESC LIMIT 5;'
\echo '  -- merge the stored days of team 1 into one summary and read its rates'
\echo '  SELECT quality_rate, fcr_rate, sales FROM effcap.effective_capacity('
\echo '           (SELECT effcap.rollup(summary) FROM warehouse.agent_day_capacity'
\echo '            JOIN warehouse.agents USING (agent_id) WHERE team_id = 1));'
\echo '  REFRESH MATERIALIZED VIEW warehouse.agent_day_capacity;  -- after warehouse.generate(...)'
