-- The contacts every distributed test uses, as a local table
-- contacts_local (included by citus.sql and postgres_fdw.sql).
-- A reference warehouse of 40 agents over 10 days, flattened as the
-- benchmark flattens it (the repeat flag and the center precomputed).
\ir ../../../warehouse/schema.sql
SELECT warehouse.generate(40, 10, 30) \g /dev/null
DROP TABLE IF EXISTS contacts_local CASCADE;
CREATE TABLE contacts_local AS
SELECT c.contact_id, c.customer_id, c.agent_id, t.center_id,
       (c.started_at AT TIME ZONE 'UTC')::date AS day, c.started_at, c.work_type,
       c.queue_seconds, c.answered, c.handle_seconds, c.dissatisfied, c.qa_invalid, c.sale_tier,
       c.csat_score, c.nps_score,
       CASE WHEN c.contact_id % 3 = 0 THEN 'active' ELSE 'passive' END AS source,
       CASE WHEN c.contact_id % 4 = 0 THEN 0.5 ELSE 1 END::float8 AS weight,
       coalesce(NOT effcap.first_contact_resolved(c.started_at, interval '7 days')
                    OVER (PARTITION BY c.customer_id ORDER BY c.started_at), false) AS repeat
FROM warehouse.contacts c JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id);
