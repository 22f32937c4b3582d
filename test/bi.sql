-- pgTAP: the BI layer (warehouse/bi.sql) over the stored summaries
-- (warehouse/summaries.sql): every column of every view is one scalar a BI
-- driver can show, and what the views read from rolled-up summaries equals
-- effcap's one-step aggregates over the raw rows.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT no_plan();
\i warehouse/schema.sql
SELECT lives_ok($$SELECT warehouse.generate(48, 14, 30, 3)$$, 'a warehouse of 48 agents and 14 days');
\i warehouse/summaries.sql
\i warehouse/bi.sql

SELECT set_eq($$SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = 'warehouse'::regnamespace
                AND c.relkind = 'v' AND c.relname LIKE 'bi\_%'$$,
              ARRAY['bi_agent_day', 'bi_agent_month', 'bi_team_month', 'bi_center_interval', 'bi_center_time_of_day'],
              'the five BI views');
SELECT is_empty($$SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
                  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
                  WHERE c.relnamespace = 'warehouse'::regnamespace AND c.relname LIKE 'bi\_%' AND a.attnum > 0
                    AND a.atttypid NOT IN ('int4'::regtype, 'int8'::regtype, 'float8'::regtype, 'text'::regtype,
                                           'date'::regtype, 'timestamp'::regtype, 'time'::regtype)$$,
                'every column is an integer, a float8, text, a date, a timestamp or a time: no composite, summary, numeric or interval');
SELECT is_empty($$SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'warehouse'::regnamespace
                  AND c.relname LIKE 'bi\_%' AND obj_description(c.oid, 'pg_class') IS NULL$$,
                'every BI view has a comment');

-- Team-months against the one-step aggregates over the raw contacts.
SELECT is((SELECT count(*) FROM warehouse.bi_team_month b JOIN (
              SELECT a.team_id, date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date AS month,
                     effcap.service_level(c.queue_seconds, c.answered, 20, 'abandons_ignored') AS sl20,
                     effcap.service_level(c.queue_seconds, c.answered, 30, 'abandons_ignored') AS sl30
              FROM warehouse.contacts c JOIN warehouse.agents a USING (agent_id)
              WHERE c.work_type = 'inbound' GROUP BY 1, 2) r USING (team_id, month)
           WHERE b.service_level_20s = r.sl20 AND b.service_level_30s = r.sl30),
          (SELECT count(*) FROM warehouse.bi_team_month),
          'bi_team_month: service level at 20 s and 30 s equal the one-step aggregates over the raw inbound contacts');
SELECT is((SELECT count(*) FROM warehouse.bi_team_month b JOIN (
              SELECT a.team_id, date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date AS month,
                     effcap.nps(c.nps_score) AS nps, sum(c.csat_score) FILTER (WHERE c.csat_score IS NOT NULL)::float8
                                                        / count(c.csat_score) AS csat_mean
              FROM warehouse.contacts c JOIN warehouse.agents a USING (agent_id) GROUP BY 1, 2) r USING (team_id, month)
           WHERE b.nps = r.nps AND abs(b.csat_mean - r.csat_mean) < 1e-12),
          (SELECT count(*) FROM warehouse.bi_team_month),
          'bi_team_month: NPS equals the one-step nps, the mean CSAT score the plain average');
SELECT is((SELECT count(*) FROM warehouse.bi_agent_month b JOIN (
              SELECT agent_id, date_trunc('month', day)::date AS month, sum(effective) AS effective, sum(target) AS target
              FROM warehouse.agent_day_capacity GROUP BY 1, 2) r USING (agent_id, month)
           WHERE b.effective = r.effective AND b.target = r.target AND b.completion_rate = r.effective / r.target
             AND b.fcr_lower_95 <= b.fcr_rate AND b.fcr_rate <= b.fcr_upper_95),
          (SELECT count(*) FROM warehouse.bi_agent_month),
          'bi_agent_month: effective and target are sums of the days; the FCR interval holds the rate');
SELECT is((SELECT sum(offered)::bigint FROM warehouse.bi_center_interval),
          (SELECT count(*) FROM warehouse.contacts WHERE work_type = 'inbound'),
          'bi_center_interval: every inbound contact offered once');
SELECT is((SELECT count(*) FROM warehouse.bi_center_time_of_day b JOIN (
              SELECT t.center_id, date_bin('30 minutes', c.started_at AT TIME ZONE 'UTC', timestamp '2000-01-01')::time AS time_of_day,
                     effcap.service_level(c.queue_seconds, c.answered, 30, 'abandons_ignored') AS sl30
              FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
              WHERE c.work_type = 'inbound' GROUP BY 1, 2) r USING (center_id, time_of_day)
           WHERE b.service_level_30s = r.sl30),
          (SELECT count(*) FROM warehouse.bi_center_time_of_day),
          'bi_center_time_of_day: service level at 30 s equals the one-step aggregate per center and time of day');
SELECT is((SELECT count(*) FROM warehouse.bi_agent_day b JOIN (
              SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day,
                     (effcap.contact_stats(queue_seconds, answered, handle_seconds, '{"threshold_seconds": 20, "policy": "abandons_ignored"}')).*
              FROM warehouse.contacts WHERE work_type = 'inbound' GROUP BY 1, 2) r USING (agent_id, day)
           WHERE b.offered = r.offered AND b.service_level_20s IS NOT DISTINCT FROM r.service_level
             AND b.asa_seconds IS NOT DISTINCT FROM r.asa_seconds AND b.aht_seconds IS NOT DISTINCT FROM r.aht_seconds),
          (SELECT count(*) FROM warehouse.bi_agent_day WHERE offered IS NOT NULL),
          'bi_agent_day: the inbound statistics equal the one-step contact_stats of the agent''s day');

-- doc/bi.md's own-view example, as written there, over a queue_interval
-- table as doc/pipeline.md keeps it (here the centers' inbound intervals):
-- a week's service level at 20 and 30 s equals the one-step aggregate.
CREATE TEMP TABLE queue_interval AS
SELECT center_id AS queue_id, interval_start AT TIME ZONE 'UTC' AS interval_start, summary
FROM warehouse.center_interval_queue;
SET TimeZone = 'UTC';
CREATE VIEW bi_queue_week AS
SELECT w.queue_id, w.week, st.offered, st.service_level AS service_level_20s,
       effcap.service_level(w.summary, 30, 'abandons_ignored') AS service_level_30s,
       st.asa_seconds, st.aht_seconds
FROM (SELECT queue_id, date_trunc('week', interval_start)::date AS week, effcap.rollup(summary) AS summary
      FROM queue_interval GROUP BY 1, 2) w
CROSS JOIN LATERAL effcap.contact_stats(w.summary, '{"threshold_seconds": 20, "policy": "abandons_ignored"}') st;
SELECT is((SELECT count(*) FROM bi_queue_week b JOIN (
              SELECT t.center_id AS queue_id, date_trunc('week', c.started_at)::date AS week,
                     effcap.service_level(c.queue_seconds, c.answered, 20, 'abandons_ignored') AS sl20,
                     effcap.service_level(c.queue_seconds, c.answered, 30, 'abandons_ignored') AS sl30
              FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
              WHERE c.work_type = 'inbound' GROUP BY 1, 2) r USING (queue_id, week)
           WHERE b.service_level_20s = r.sl20 AND b.service_level_30s = r.sl30),
          (SELECT count(*) FROM bi_queue_week), 'doc/bi.md''s bi_queue_week equals the one-step aggregates by week');
RESET TimeZone;

SELECT * FROM finish();
ROLLBACK;
