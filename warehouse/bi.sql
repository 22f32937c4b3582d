-- The BI layer of the reference warehouse: flat views over the stored
-- summaries of summaries.sql that a BI tool (Metabase, Superset, Grafana,
-- Tableau) can point at.  One scalar per column: ids and names, dates and
-- timestamps, counts as bigint, rates as fractions 0..1 and durations as
-- seconds, both float8; no composite and no summary values, which BI
-- drivers cannot show.  Every rate is read from summaries rolled up to the
-- view's grain, never averaged from finer rates.  Included by demo.sql
-- after summaries.sql (doc/bi.md).

-- An agent's day: effective capacity (the default rules), inbound queue
-- statistics at 20 s (abandons ignored) and surveys.
CREATE OR REPLACE VIEW warehouse.bi_agent_day AS
SELECT c.agent_id, a.name AS agent, t.team_id, t.name AS team, t.center_id, ce.name AS center, c.day,
       c.contacts, c.effective, c.target, c.completion_rate, c.quality_rate, c.fcr_rate, c.sales,
       q.offered, q.answered, q.abandoned, q.service_level AS service_level_20s, q.asa_seconds, q.aht_seconds,
       s.csat_answers, s.csat, s.csat_mean, s.nps
FROM warehouse.agent_day_capacity c
JOIN warehouse.agents a USING (agent_id)
JOIN warehouse.teams t USING (team_id)
JOIN warehouse.centers ce USING (center_id)
LEFT JOIN LATERAL (
    SELECT st.* FROM warehouse.agent_day_queue aq,
                     effcap.contact_stats(aq.summary, '{"threshold_seconds": 20, "policy": "abandons_ignored"}') st
    WHERE aq.agent_id = c.agent_id AND aq.day = c.day AND aq.work_type = 'inbound') q ON true
LEFT JOIN LATERAL (
    SELECT ci.trials AS csat_answers, effcap.csat(v.summary) AS csat, effcap.csat_mean(v.summary) AS csat_mean,
           effcap.nps(v.summary) AS nps
    FROM warehouse.agent_day_survey v, effcap.csat_interval(v.summary) ci
    WHERE v.agent_id = c.agent_id AND v.day = c.day) s ON true;

COMMENT ON VIEW warehouse.bi_agent_day IS
'One row per agent and day, flat: effective capacity under the default rules, inbound queue statistics at 20 s (abandons ignored; durations in seconds), CSAT (top-box share), its mean score and NPS.';

-- An agent's month: effective and target are sums of the days (the daily
-- rule applies per day); the rates come from the month's rolled-up
-- summary, with the 95% Wilson interval of FCR.
CREATE OR REPLACE VIEW warehouse.bi_agent_month AS
SELECT m.agent_id, a.name AS agent, t.team_id, t.name AS team, t.center_id, ce.name AS center, m.month,
       m.days, m.contacts, m.effective, m.target, m.effective / nullif(m.target, 0) AS completion_rate,
       r.quality_rate, r.fcr_rate, f.lower AS fcr_lower_95, f.upper AS fcr_upper_95, r.sales
FROM (SELECT agent_id, date_trunc('month', day)::date AS month, count(*) AS days, sum(contacts)::bigint AS contacts,
             sum(effective) AS effective, sum(target) AS target, effcap.rollup(summary) AS summary
      FROM warehouse.agent_day_capacity GROUP BY 1, 2) m
CROSS JOIN LATERAL effcap.effective_capacity(m.summary) r
CROSS JOIN LATERAL effcap.wilson_interval(round(r.fcr_rate * r.contacts)::bigint, r.contacts) f
JOIN warehouse.agents a USING (agent_id)
JOIN warehouse.teams t USING (team_id)
JOIN warehouse.centers ce USING (center_id);

COMMENT ON VIEW warehouse.bi_agent_month IS
'One row per agent and month, flat: days worked, contacts, effective capacity and target (sums of the days), completion_rate, quality and FCR rates of the month''s rolled-up summary with FCR''s 95% Wilson interval, sales.';

-- A team's month: capacity, inbound service level at 20 and 30 s read from
-- the same stored queue summaries, surveys.
CREATE OR REPLACE VIEW warehouse.bi_team_month AS
SELECT t.team_id, t.name AS team, t.center_id, ce.name AS center, c.month, c.agents, c.contacts,
       c.effective, c.target, c.effective / nullif(c.target, 0) AS completion_rate, r.quality_rate, r.fcr_rate,
       q.offered, q.answered, q.abandoned, q.service_level AS service_level_20s,
       effcap.service_level(q.summary, 30, 'abandons_ignored') AS service_level_30s, q.asa_seconds, q.aht_seconds,
       effcap.csat(v.summary) AS csat, effcap.csat_mean(v.summary) AS csat_mean, effcap.nps(v.summary) AS nps
FROM (SELECT a.team_id, date_trunc('month', d.day)::date AS month, count(DISTINCT d.agent_id) AS agents,
             sum(d.contacts)::bigint AS contacts, sum(d.effective) AS effective, sum(d.target) AS target,
             effcap.rollup(d.summary) AS summary
      FROM warehouse.agent_day_capacity d JOIN warehouse.agents a USING (agent_id) GROUP BY 1, 2) c
CROSS JOIN LATERAL effcap.effective_capacity(c.summary) r
JOIN warehouse.teams t USING (team_id)
JOIN warehouse.centers ce USING (center_id)
LEFT JOIN LATERAL (
    SELECT x.summary, st.*
    FROM (SELECT effcap.rollup(aq.summary) AS summary
          FROM warehouse.agent_day_queue aq JOIN warehouse.agents a USING (agent_id)
          WHERE a.team_id = c.team_id AND aq.work_type = 'inbound' AND date_trunc('month', aq.day) = c.month) x,
         effcap.contact_stats(x.summary, '{"threshold_seconds": 20, "policy": "abandons_ignored"}') st) q ON true
LEFT JOIN LATERAL (
    SELECT effcap.rollup(sv.summary) AS summary
    FROM warehouse.agent_day_survey sv JOIN warehouse.agents a USING (agent_id)
    WHERE a.team_id = c.team_id AND date_trunc('month', sv.day) = c.month) v ON true;

COMMENT ON VIEW warehouse.bi_team_month IS
'One row per team and month, flat: agents, contacts, effective capacity, target and completion, quality and FCR rates; inbound offered, answered, abandoned, service level at 20 s and at 30 s (abandons ignored), ASA and AHT in seconds; CSAT, its mean score and NPS.';

-- A center's inbound traffic per 30-minute interval, and per interval of the
-- day over all days: service level at 20 and at 30 s from the same stored
-- interval summaries.
CREATE OR REPLACE VIEW warehouse.bi_center_interval AS
SELECT i.center_id, ce.name AS center, i.interval_start, st.offered, st.answered, st.abandoned,
       st.service_level AS service_level_20s, effcap.service_level(i.summary, 30, 'abandons_ignored') AS service_level_30s,
       st.asa_seconds, st.aht_seconds
FROM warehouse.center_interval_queue i
JOIN warehouse.centers ce USING (center_id)
CROSS JOIN LATERAL effcap.contact_stats(i.summary, '{"threshold_seconds": 20, "policy": "abandons_ignored"}') st;

COMMENT ON VIEW warehouse.bi_center_interval IS
'One row per center and 30-minute interval (UTC), inbound, flat: offered, answered, abandoned, service level at 20 s and at 30 s (abandons ignored), ASA and AHT in seconds.';

CREATE OR REPLACE VIEW warehouse.bi_center_time_of_day AS
SELECT x.center_id, ce.name AS center, x.time_of_day, st.offered, st.answered,
       st.service_level AS service_level_20s, effcap.service_level(x.summary, 30, 'abandons_ignored') AS service_level_30s,
       st.asa_seconds
FROM (SELECT center_id, interval_start::time AS time_of_day, effcap.rollup(summary) AS summary
      FROM warehouse.center_interval_queue GROUP BY 1, 2) x
JOIN warehouse.centers ce USING (center_id)
CROSS JOIN LATERAL effcap.contact_stats(x.summary, '{"threshold_seconds": 20, "policy": "abandons_ignored"}') st;

COMMENT ON VIEW warehouse.bi_center_time_of_day IS
'One row per center and 30-minute interval of the day (UTC), all days rolled up, inbound, flat: offered, answered, service level at 20 s and at 30 s (abandons ignored), ASA in seconds.';
