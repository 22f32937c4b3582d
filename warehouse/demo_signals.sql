-- The demo's change flags (included by demo.sql): sudden drops in the
-- agents' weekly inbound AHT, and NPS per center with its margin.
--
-- Weekly inbound AHT per agent, weeks counted from the first day of the
-- data.
CREATE TEMP TABLE agent_week AS
SELECT c.agent_id, (c.started_at AT TIME ZONE 'UTC')::date - f.first_day AS day_no,
       ((c.started_at AT TIME ZONE 'UTC')::date - f.first_day) / 7 AS week,
       c.handle_seconds
FROM warehouse.contacts c
CROSS JOIN (SELECT min((started_at AT TIME ZONE 'UTC')::date) AS first_day FROM warehouse.contacts) f
WHERE c.work_type = 'inbound' AND c.answered;
CREATE TEMP TABLE weekly_aht AS
SELECT agent_id, week, f.first_day + 7 * week AS week_start, count(*) AS calls, avg(handle_seconds) AS aht
FROM agent_week CROSS JOIN (SELECT min((started_at AT TIME ZONE 'UTC')::date) AS first_day FROM warehouse.contacts) f
WHERE day_no < 28                      -- whole weeks only
GROUP BY agent_id, week, f.first_day;

\echo
\echo '--- Sudden drops in handle time (seed 003): weekly inbound AHT 20% or more below the agent''s own ---'
\echo '--- median of the weeks before (effcap.sudden_drop), with the robust z-score (effcap.robust_zscore) ---'
SELECT agent_id, a.name AS agent, week_start AS "week of", calls, round(aht) AS "AHT s", round(baseline) AS "baseline s",
       round((100 * (aht / baseline - 1))::numeric, 1) AS "change %", round(m::numeric, 1) AS "robust z"
FROM (SELECT agent_id, week_start, calls, aht,
             effcap.trailing_median(aht, 3, 2) OVER w AS baseline,
             effcap.sudden_drop(aht, 3, 0.2, 2) OVER w AS dropped,
             effcap.robust_zscore(aht, 3, 3) OVER w AS m
      FROM weekly_aht WINDOW w AS (PARTITION BY agent_id ORDER BY week)) x
JOIN warehouse.agents a USING (agent_id)
WHERE dropped
ORDER BY aht / baseline, agent_id;

\echo
\echo '--- NPS by center with its 95% margin (effcap.nps_interval) ---'
SELECT ce.name AS center, i.answers, round(i.nps::numeric, 1) AS "NPS", round(i.margin::numeric, 1) AS "± margin",
       format('%s to %s', round(i.lower::numeric, 1), round(i.upper::numeric, 1)) AS "95% interval"
FROM (SELECT t.center_id, count(*) FILTER (WHERE c.nps_score >= 9) AS pro,
             count(*) FILTER (WHERE c.nps_score BETWEEN 7 AND 8) AS pas,
             count(*) FILTER (WHERE c.nps_score <= 6) AS det
      FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
      GROUP BY t.center_id) n
CROSS JOIN LATERAL effcap.nps_interval(n.pro, n.pas, n.det) i
JOIN warehouse.centers ce USING (center_id)
ORDER BY ce.center_id;
