-- The demo's workforce plan (included by demo.sql): next week's inbound
-- staffing for one center from the warehouse's own history, against the
-- flat schedule in warehouse.inbound_schedule.
--
-- Interval volumes on the business clock (UTC), 30-minute intervals: the
-- history volume_forecast and forecast_backtest read.
CREATE TEMP TABLE inbound_volume AS
SELECT t.center_id,
       date_bin('30 minutes', c.started_at AT TIME ZONE 'UTC', timestamp '2000-01-01') AS interval_start,
       count(*)::float8 AS offered, avg(c.handle_seconds) AS aht_seconds
FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
WHERE c.work_type = 'inbound'
GROUP BY 1, 2;

-- Next week's plan: each interval's forecast calls and AHT (four-week
-- seasonal average), the agents Erlang C needs for 80% in 20 s, and the
-- positions at 30% shrinkage; against the schedule.
CREATE TEMP TABLE plan AS
SELECT s.center_id, f.interval_start, f.offered, f.aht_seconds,
       coalesce(r.agents, 0) AS required, coalesce(r.positions, 0) AS positions,
       coalesce(sc.scheduled_agents, 0) AS scheduled
FROM (SELECT center_id, effcap.volume_forecast(interval_start, offered, aht_seconds,
                                               '{"interval_seconds": 1800}') AS fc
      FROM inbound_volume GROUP BY center_id) s
CROSS JOIN LATERAL unnest(s.fc) AS f
CROSS JOIN LATERAL effcap.required_agents(f.offered, 1800, f.aht_seconds, 0.8, 20, shrinkage => 0.3) AS r
LEFT JOIN warehouse.inbound_schedule sc ON sc.center_id = s.center_id AND sc.interval_start = f.interval_start;

\echo
\echo '--- Next week''s inbound staffing, center North (forecast: 4-week seasonal average; Erlang C, 80% in 20 s) ---'
\echo 'Per day: the forecast calls, the busiest interval with the agents it needs against the flat schedule,'
\echo 'and the day''s staffing mismatch, sum |scheduled - required| / sum required (seed 002).'
SELECT to_char(day, 'Dy DD Mon') AS day, round(calls) AS "forecast calls", to_char(peak, 'HH24:MI') AS "peak interval",
       peak_required AS required, peak_scheduled AS scheduled,
       round(100 * (m).mismatch_rate::numeric, 1) AS "mismatch %",
       round(100 * (m).under_rate::numeric, 1) AS "short %", round(100 * (m).over_rate::numeric, 1) AS "idle %"
FROM (SELECT p.interval_start::date AS day, sum(p.offered) AS calls,
             (array_agg(p.interval_start ORDER BY p.required DESC, p.interval_start))[1] AS peak,
             max(p.required) AS peak_required,
             (array_agg(p.scheduled ORDER BY p.required DESC, p.interval_start))[1] AS peak_scheduled,
             effcap.staffing_mismatch(p.scheduled, p.required) AS m
      FROM plan p JOIN warehouse.centers c USING (center_id)
      WHERE c.name = 'North'
      GROUP BY 1) d
ORDER BY d.day;

-- Before and after, on the last week of the history: the flat schedule, and
-- a plan made from the weeks before that week, each against the agents the
-- week's actual calls needed.
CREATE TEMP TABLE actual_need AS
SELECT v.center_id, v.interval_start, r.agents AS required
FROM inbound_volume v
CROSS JOIN LATERAL effcap.required_agents(v.offered, 1800, v.aht_seconds, 0.8, 20) AS r
WHERE v.interval_start >= (SELECT max(interval_start)::date - 6 FROM inbound_volume);
CREATE TEMP TABLE planned_need AS
SELECT s.center_id, f.interval_start, coalesce(r.agents, 0) AS required
FROM (SELECT center_id, effcap.volume_forecast(interval_start, offered, aht_seconds,
                                               '{"interval_seconds": 1800}') AS fc
      FROM inbound_volume
      WHERE interval_start < (SELECT max(interval_start)::date - 6 FROM inbound_volume)
      GROUP BY center_id) s
CROSS JOIN LATERAL unnest(s.fc) AS f
CROSS JOIN LATERAL effcap.required_agents(f.offered, 1800, f.aht_seconds, 0.8, 20) AS r;

\echo
\echo '--- Staffing mismatch over the last week of the history, all centers ---'
SELECT label AS "staffed by", round(100 * (m).mismatch_rate::numeric, 1) AS "mismatch %",
       round(100 * (m).under_rate::numeric, 1) AS "short %", round(100 * (m).over_rate::numeric, 1) AS "idle %"
FROM (SELECT 1 AS o, 'the flat schedule (before)' AS label,
             effcap.staffing_mismatch(coalesce(sc.scheduled_agents, 0), a.required) AS m
      FROM actual_need a LEFT JOIN warehouse.inbound_schedule sc USING (center_id, interval_start)
      UNION ALL
      SELECT 2, 'effcap''s plan from the weeks before (after)',
             effcap.staffing_mismatch(coalesce(p.required, 0), a.required)
      FROM actual_need a LEFT JOIN planned_need p USING (center_id, interval_start)) x
ORDER BY o;

\echo
\echo 'Forecast accuracy, the last two weeks forecast from the weeks before each (forecast_backtest):'
SELECT method, round(100 * sum(b.abs_error)::numeric / sum(b.actual)::numeric, 1) AS "WAPE %"
FROM (VALUES ('seasonal_average'), ('holt_winters')) m(method),
     LATERAL (SELECT center_id, effcap.forecast_backtest(interval_start, offered,
                     jsonb_build_object('interval_seconds', 1800, 'method', m.method, 'backtest_weeks', 2)) AS bt
              FROM inbound_volume GROUP BY center_id) s,
     unnest(s.bt) AS b
GROUP BY method ORDER BY method DESC;
