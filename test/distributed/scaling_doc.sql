-- The SQL of doc/scaling.md, run as written on the Citus cluster (after
-- citus.sql, whose local copy of the contacts it reuses): the blocks are
-- cut out of the page by tools/run-distributed.sh and read here as :docsql.
\ir lib/session.sql
SET citus.shard_count = 4;
SET citus.coordinator_aggregation_strategy = 'disabled';
DROP TABLE IF EXISTS contacts, contacts_by_customer, agent_day CASCADE;
CREATE TABLE contacts AS SELECT * FROM contacts_local;
CREATE TABLE contacts_by_customer AS SELECT * FROM contacts_local;
SELECT create_distributed_table('contacts', 'agent_id') \g /dev/null
SELECT create_distributed_table('contacts_by_customer', 'customer_id') \g /dev/null

\o /dev/null
\i :docsql
\o

SELECT plan(2);
SELECT is((SELECT count(*) FROM (
              SELECT agent_id, day, queue::text, survey::text FROM agent_day
              EXCEPT
              SELECT agent_id, day, effcap.queue_summary(queue_seconds, answered, handle_seconds)::text,
                     effcap.survey_summary(csat_score, nps_score, source)::text
              FROM contacts_local GROUP BY agent_id, day) x), 0::bigint,
          'doc/scaling.md: the distributed agent-day summaries equal those of the local copy');
SELECT is((SELECT count(*) FROM agent_day),
          (SELECT count(*) FROM (SELECT DISTINCT agent_id, day FROM contacts_local) x),
          'doc/scaling.md: one stored summary per agent-day');
SELECT * FROM finish();
