-- Every aggregate effcap ships over the contacts, as a temp table aggs:
-- label, aggregate name, the call, whether its state is internal (included
-- by citus.sql and postgres_fdw.sql).
CREATE TEMP TABLE aggs (label text, agg text, expr text, internal boolean);
INSERT INTO aggs VALUES
    ('effective_capacity', 'effective_capacity',
     'effcap.effective_capacity(work_type, dissatisfied, qa_invalid, repeat, sale_tier) FILTER (WHERE answered)', false),
    ('effective_capacity with rules', 'effective_capacity',
     $$effcap.effective_capacity(work_type, dissatisfied, qa_invalid, repeat, sale_tier, '{"repeat_penalty": 1}') FILTER (WHERE answered)$$, false),
    ('capacity_summary', 'capacity_summary',
     'effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) FILTER (WHERE answered)', false),
    ('contact_stats', 'contact_stats', 'effcap.contact_stats(queue_seconds, answered, handle_seconds)', false),
    ('contact_stats with options', 'contact_stats',
     $$effcap.contact_stats(queue_seconds, answered, handle_seconds, '{"threshold_seconds": 30, "short_abandon_seconds": 5, "policy": "abandons_ignored"}')$$, false),
    ('service_level', 'service_level', 'effcap.service_level(queue_seconds, answered, 20)', false),
    ('service_level with policy', 'service_level', $$effcap.service_level(queue_seconds, answered, 30, 'abandons_positive')$$, false),
    ('csat', 'csat', 'effcap.csat(csat_score)', false),
    ('csat on a scale', 'csat', 'effcap.csat(csat_score, 5)', false),
    ('csat weighted', 'csat', 'effcap.csat(csat_score, 5, weight)', false),
    ('nps', 'nps', 'effcap.nps(nps_score)', false),
    ('aht_compliance', 'aht_compliance', 'effcap.aht_compliance(handle_seconds, 600, 3) FILTER (WHERE answered)', false),
    ('survey_summary', 'survey_summary', 'effcap.survey_summary(csat_score, nps_score)', false),
    ('survey_summary by source', 'survey_summary', 'effcap.survey_summary(csat_score, nps_score, source)', false),
    ('survey_summary on a scale', 'survey_summary', 'effcap.survey_summary(csat_score, 5, nps_score, source)', false),
    ('queue_summary', 'queue_summary', 'effcap.queue_summary(queue_seconds, answered, handle_seconds)', false),
    ('handle_summary', 'handle_summary', 'effcap.handle_summary(work_type, handle_seconds)', false),
    -- contacts read as work items: answered at once, closed then unless
    -- the customer was dissatisfied (the rest still open at as_of); one
    -- class on a business-hours clock.  (Immutable arguments: postgres_fdw
    -- sends no timestamptz arithmetic, which depends on the time zone.)
    ('sla_summary', 'sla_summary',
     $$effcap.sla_summary(work_type, started_at, CASE WHEN answered THEN started_at END,
                          CASE WHEN answered AND NOT dissatisfied THEN started_at END,
                          qa_invalid, '{"classes": {"inbound": {"response": "5 minutes"}, "outbound": {}, "ticket": {"resolution": "20 minutes"}, "complaint": {"response": "10 minutes", "calendar": "o"}}, "calendars": {"o": {"time_zone": "Europe/Berlin", "hours": {"mon": ["09:00-17:00"], "thu": ["09:00-17:00"]}}}}',
                          '2026-10-11 00:00+00')$$, false),
    ('complaint_stats', 'complaint_stats',
     $$effcap.complaint_stats(work_type = 'complaint', work_type = 'complaint' AND qa_invalid,
                              work_type = 'complaint' AND dissatisfied, NULL)$$, false),
    ('response_rate', 'response_rate', 'effcap.response_rate(csat_score IS NOT NULL) FILTER (WHERE answered)', false),
    -- a sale of each tier at a fixed amount; seed 003's brackets
    ('sales_commission', 'sales_commission',
     $$effcap.sales_commission(CASE sale_tier WHEN 'A' THEN 9000.50 WHEN 'B' THEN 3750.25 WHEN 'C' THEN 1400 END,
                               '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}, {"from": 100000, "rate": 0.015, "bonus": 200}, {"from": 200000, "rate": 0.02, "bonus": 500}]}')$$, false),
    -- groups whose rows on some shard are all skipped: empty partial states travel
    ('queue_summary, some shards empty', 'queue_summary',
     'effcap.queue_summary(CASE WHEN agent_id % 3 = 0 THEN queue_seconds END, answered, handle_seconds)', false),
    ('handle_summary, some shards empty', 'handle_summary',
     'effcap.handle_summary(CASE WHEN agent_id % 3 = 0 THEN work_type END, handle_seconds)', false),
    -- workforce planning: daily volumes (each contact offered once) and a
    -- made-up schedule against a made-up need
    ('volume_forecast', 'volume_forecast',
     $$effcap.volume_forecast(day::timestamp, 1, handle_seconds, '{"interval_seconds": 86400}')$$, true),
    ('forecast_backtest', 'forecast_backtest',
     $$effcap.forecast_backtest(day::timestamp, 1, '{"interval_seconds": 86400, "weeks": 1}')$$, true),
    ('staffing_mismatch', 'staffing_mismatch', 'effcap.staffing_mismatch(agent_id % 7, (contact_id % 5)::int)', false);
-- The (customer, time) FCR aggregates: rate and stats, customers as bigint,
-- text and uuid, with and without a reason and an as_of.
INSERT INTO aggs
SELECT format('%s of %s customers%s%s', f, c, CASE WHEN r THEN ', by reason' ELSE '' END, CASE WHEN a THEN ', as of' ELSE '' END),
       f,
       format('effcap.%s(%s, %sstarted_at, interval ''7 days''%s) FILTER (WHERE answered)', f, e,
              CASE WHEN r THEN 'work_type, ' ELSE '' END,
              CASE WHEN a THEN ', timestamptz ''2026-10-08 00:00+00''' ELSE '' END),
       true
FROM unnest(ARRAY['fcr_rate', 'fcr_stats']) f,
     (VALUES ('bigint', 'customer_id'), ('text', 'customer_id::text'), ('uuid', 'md5(customer_id::text)::uuid')) t(c, e),
     unnest(ARRAY[false, true]) r, unnest(ARRAY[false, true]) a;

