-- The data of the demo's HTML report (included by demo.sql at its end, in
-- the same session, so the scorecards' and the plan's temp tables are
-- there): one JSON document written to the file psql's variable
-- report_json names; report/build.js turns it into the report.  Without
-- report_json nothing is written.  Each chart's data is a key; a chart
-- whose capability is missing would have none, and the report leaves its
-- section out.
\if :{?report_json}
\pset format unaligned
\pset tuples_only on
\o :report_json
WITH month AS (
    -- the month with the most agent-days: the report's month
    SELECT date_trunc('month', day)::date AS month FROM warehouse.agent_day_capacity
    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1
)
SELECT jsonb_pretty(jsonb_build_object(
    'title', 'effcap demo report',
    'month', (SELECT to_char(month, 'YYYY-MM') FROM month),
    'agents', (SELECT count(*) FROM warehouse.agents),
    'contacts', (SELECT count(*) FROM warehouse.contacts),
    -- seed 001's supervisor radar: the best and the worst three teams
    'radar', (
        SELECT jsonb_build_object(
            'dimensions', jsonb_build_array('service quality', 'operational efficiency', 'business capability', 'team management'),
            'teams', jsonb_agg(jsonb_build_object(
                'name', r.team || ' (' || r.supervisor || ', ' || r.center || ')', 'rank', r.rank, 'total', r.total,
                'group', CASE WHEN r.rank <= 3 THEN 'best' ELSE 'worst' END,
                'values', jsonb_build_array(r."service quality", r."operational efficiency",
                                            r."business capability", r."team management")) ORDER BY r.rank))
        FROM supervisor_ranking r, month m
        WHERE r.month = to_char(m.month, 'YYYY-MM') AND (r.rank <= 3 OR r.rank > r.ranked - 3)),
    -- agents' monthly completion rates (effective / target), in bins of 5 points
    'completion', (
        SELECT jsonb_build_object('target', 1.0, 'bin_width', 0.05,
                                  'agents', count(*), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY completion_rate),
                                  'bins', (SELECT jsonb_agg(jsonb_build_object('from', lo, 'agents', n) ORDER BY lo)
                                           FROM (SELECT floor(completion_rate / 0.05) * 0.05 AS lo, count(*) AS n
                                                 FROM warehouse.bi_agent_month b, month m WHERE b.month = m.month
                                                 GROUP BY 1) x))
        FROM warehouse.bi_agent_month b, month m WHERE b.month = m.month),
    -- FCR of the 15 agents with the lowest and the 15 with the highest rate,
    -- with 95% Wilson intervals
    'fcr', (
        SELECT jsonb_agg(jsonb_build_object('agent', agent, 'contacts', contacts, 'rate', fcr_rate,
                                            'lower', fcr_lower_95, 'upper', fcr_upper_95) ORDER BY fcr_rate, agent_id)
        FROM (SELECT b.*, row_number() OVER (ORDER BY fcr_rate, agent_id) AS lo,
                     row_number() OVER (ORDER BY fcr_rate DESC, agent_id DESC) AS hi
              FROM warehouse.bi_agent_month b, month m WHERE b.month = m.month) x
        WHERE lo <= 15 OR hi <= 15),
    -- inbound service level by half hour of the day, all centers and days,
    -- at 20 s and at 30 s from the same stored interval summaries
    'service_level', (
        SELECT jsonb_build_object('target', 0.8,
                                  'times', jsonb_agg(to_char(t, 'HH24:MI') ORDER BY t),
                                  'within_20s', jsonb_agg(effcap.service_level(s, 20, 'abandons_ignored') ORDER BY t),
                                  'within_30s', jsonb_agg(effcap.service_level(s, 30, 'abandons_ignored') ORDER BY t))
        FROM (SELECT interval_start::time AS t, effcap.rollup(summary) AS s
              FROM warehouse.center_interval_queue GROUP BY 1) x),
    -- next week's required agents against the flat schedule, center North
    'staffing', (
        SELECT jsonb_build_object('center', 'North',
                                  'intervals', jsonb_agg(to_char(p.interval_start, 'Dy HH24:MI') ORDER BY p.interval_start),
                                  'required', jsonb_agg(p.required ORDER BY p.interval_start),
                                  'scheduled', jsonb_agg(p.scheduled ORDER BY p.interval_start))
        FROM plan p JOIN warehouse.centers c USING (center_id)
        WHERE c.name = 'North')
));
\o
\pset format aligned
\pset tuples_only off
\endif
