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
    -- groups whose rows on some shard are all skipped: empty partial states travel
    ('queue_summary, some shards empty', 'queue_summary',
     'effcap.queue_summary(CASE WHEN agent_id % 3 = 0 THEN queue_seconds END, answered, handle_seconds)', false),
    ('handle_summary, some shards empty', 'handle_summary',
     'effcap.handle_summary(CASE WHEN agent_id % 3 = 0 THEN work_type END, handle_seconds)', false),
    ('fcr_rate', 'fcr_rate', $$effcap.fcr_rate(customer_id, started_at, interval '7 days') FILTER (WHERE answered)$$, true),
    ('fcr_rate by reason, as of', 'fcr_rate',
     $$effcap.fcr_rate(customer_id, work_type, started_at, interval '7 days', timestamptz '2026-10-08 00:00+00') FILTER (WHERE answered)$$, true),
    ('fcr_stats', 'fcr_stats', $$effcap.fcr_stats(customer_id, started_at, interval '3 days') FILTER (WHERE answered)$$, true);

