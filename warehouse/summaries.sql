-- The stored summaries of the reference warehouse, as a nightly job keeps
-- them: materialized views of one summary per agent and day (effective
-- capacity, queue statistics per work type, surveys) and per center and
-- 30-minute interval (inbound queue statistics).  Each is read later under
-- whatever rules, thresholds and weights a report asks for, and rolled up
-- to any grain (doc/pipeline.md).  Included by demo.sql; run after
-- CREATE EXTENSION effcap, \i warehouse/schema.sql and
-- SELECT warehouse.generate(...).  REFRESH MATERIALIZED VIEW CONCURRENTLY
-- keeps them after new data.

DROP MATERIALIZED VIEW IF EXISTS warehouse.agent_day_capacity, warehouse.agent_day_queue,
    warehouse.agent_day_survey, warehouse.center_interval_queue CASCADE;

-- Daily effective capacity per agent.  Only answered contacts are handled
-- contacts.  A handled contact is a repeat when the same customer has another
-- handled contact within 7 days after it: effcap.first_contact_resolved()
-- says whether each contact was resolved at first contact.  Contacts in the
-- last 7 days of the data can only show the repeats seen so far.  The matview
-- stores the rules-independent summary (re-score it with other rules:
-- effcap.effective_capacity(summary, rules)) and the default-rules fields.
CREATE MATERIALIZED VIEW warehouse.agent_day_capacity AS
WITH handled AS (
    SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day,
           work_type, dissatisfied, qa_invalid, sale_tier,
           NOT effcap.first_contact_resolved(started_at, interval '7 days')
               OVER (PARTITION BY customer_id ORDER BY started_at) AS repeat
    FROM warehouse.contacts
    WHERE answered
), daily AS (
    SELECT agent_id, day,
           effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) AS summary
    FROM handled
    GROUP BY agent_id, day
)
SELECT d.agent_id, d.day, d.summary, c.*
FROM daily AS d
CROSS JOIN LATERAL effcap.effective_capacity(d.summary) AS c;

CREATE UNIQUE INDEX ON warehouse.agent_day_capacity (agent_id, day);
ANALYZE warehouse.agent_day_capacity;

-- Daily queue summaries per agent and work type: the contact statistics of
-- the report are read from them (rolled up to team and center months) under
-- whatever threshold and policy the report asks for.
CREATE MATERIALIZED VIEW warehouse.agent_day_queue AS
SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day, work_type,
       effcap.queue_summary(queue_seconds, answered, handle_seconds) AS summary
FROM warehouse.contacts
GROUP BY 1, 2, 3;

CREATE UNIQUE INDEX ON warehouse.agent_day_queue (agent_id, day, work_type);
ANALYZE warehouse.agent_day_queue;

-- Daily survey summaries per agent: CSAT and NPS answers, read later with
-- the weights and satisfied boxes a report asks for.
CREATE MATERIALIZED VIEW warehouse.agent_day_survey AS
SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day,
       effcap.survey_summary(csat_score, nps_score) AS summary
FROM warehouse.contacts
WHERE csat_score IS NOT NULL OR nps_score IS NOT NULL
GROUP BY 1, 2;

CREATE UNIQUE INDEX ON warehouse.agent_day_survey (agent_id, day);
ANALYZE warehouse.agent_day_survey;

-- Inbound queue summaries per center and 30-minute interval (the grain of
-- warehouse.inbound_schedule): service level by interval of the day at any
-- threshold.
CREATE MATERIALIZED VIEW warehouse.center_interval_queue AS
SELECT t.center_id,
       date_bin('30 minutes', c.started_at AT TIME ZONE 'UTC', timestamp '2000-01-01') AS interval_start,
       effcap.queue_summary(c.queue_seconds, c.answered, c.handle_seconds) AS summary
FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
WHERE c.work_type = 'inbound'
GROUP BY 1, 2;

CREATE UNIQUE INDEX ON warehouse.center_interval_queue (center_id, interval_start);
ANALYZE warehouse.center_interval_queue;
