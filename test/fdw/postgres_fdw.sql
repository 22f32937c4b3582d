-- effcap sharded by hand with postgres_fdw: a table partitioned by center
-- whose partitions are foreign tables on two shard servers (the foreign
-- servers list effcap in their extensions, so its functions and aggregates
-- may be sent there).  With enable_partitionwise_aggregate, a query grouped
-- by the partition key sends every effcap aggregate to the shards (the
-- remote SQL holds the call) and gives the result of the same query on a
-- local copy.  Across shards (postgres_fdw never sends a partial
-- aggregate): the shards build summaries per center, the coordinator rolls
-- them up.  Run by make test-distributed on the servers of
-- tools/with-nodes.sh (tools/run-distributed.sh sets :node1 and :node2).
\ir ../distributed/lib/session.sql

\ir ../distributed/lib/contacts.sql
\ir ../distributed/lib/queries.sql

-- The shards: effcap, and a table of the contacts' columns.
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
SELECT format('CREATE TABLE contacts_part (%s)',
              string_agg(quote_ident(attname) || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)) AS part_ddl
FROM pg_attribute WHERE attrelid = 'contacts_local'::regclass AND attnum > 0 AND NOT attisdropped \gset
SELECT dblink_exec(format('host=127.0.0.1 port=%s dbname=postgres user=postgres', p),
                   'DROP TABLE IF EXISTS contacts_part; CREATE EXTENSION IF NOT EXISTS effcap; ' || :'part_ddl')
FROM unnest(ARRAY[:'node1', :'node2']) p \g /dev/null

-- The coordinator: a table partitioned by center, one foreign partition per shard.
DROP TABLE IF EXISTS contacts CASCADE;
DROP SERVER IF EXISTS shard1, shard2 CASCADE;
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', port :'node1', dbname 'postgres', extensions 'effcap');
CREATE SERVER shard2 FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '127.0.0.1', port :'node2', dbname 'postgres', extensions 'effcap');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard2 OPTIONS (user 'postgres');
CREATE TABLE contacts (LIKE contacts_local) PARTITION BY LIST (center_id);
CREATE FOREIGN TABLE contacts_s1 PARTITION OF contacts FOR VALUES IN (1, 2)
    SERVER shard1 OPTIONS (table_name 'contacts_part');
CREATE FOREIGN TABLE contacts_s2 PARTITION OF contacts FOR VALUES IN (3, 4)
    SERVER shard2 OPTIONS (table_name 'contacts_part');
INSERT INTO contacts SELECT * FROM contacts_local;
ANALYZE contacts_s1;
ANALYZE contacts_s2;
SET enable_partitionwise_aggregate = on;

\ir ../distributed/lib/aggregates.sql

-- One aggregate grouped by the partition key: how many partitions received
-- the call in their remote SQL, how many groups, how many differ from the
-- local copy.
CREATE FUNCTION pg_temp.fdw_check(agg text, expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    sel text := 'SELECT center_id::text, (' || expr || ')::text FROM ';
    plan text := pg_temp.plan_of(sel || 'contacts GROUP BY center_id');
    got text := pg_temp.rows_of(sel || 'contacts GROUP BY center_id');
    want text := pg_temp.rows_of(sel || 'contacts_local GROUP BY center_id');
BEGIN
    RETURN format('sent to %s shards, %s groups, %s',
                  (SELECT count(*) FROM regexp_matches(plan, 'Remote SQL: SELECT [^\n]*effcap\.' || agg || '\(', 'g')),
                  cardinality(string_to_array(want, E'\n')),
                  CASE WHEN got = want THEN 'equal' ELSE 'different' END);
END $$;

SELECT no_plan();

SELECT is((SELECT count(*) FROM contacts), (SELECT count(*) FROM contacts_local),
          'the partitioned table holds every contact, on the two shards');
SELECT is((SELECT string_agg(t.extversion, ',')
           FROM unnest(ARRAY[:'node1', :'node2']) p,
                LATERAL dblink(format('host=127.0.0.1 port=%s dbname=postgres user=postgres', p),
                               $$SELECT extversion FROM pg_extension WHERE extname = 'effcap'$$) AS t(extversion text)),
          (SELECT extversion || ',' || extversion FROM pg_extension WHERE extname = 'effcap'),
          'both shards run the coordinator''s effcap');

-- Every aggregate, grouped by the partition key: sent whole to the shards.
-- Except where an argument is text that is not a remote column as it is:
-- postgres_fdw (PostgreSQL 15) does not send a collatable value it cannot
-- trace to a remote column (a constant: service_level(..., policy); a
-- computed text: customer_id::text, md5(customer_id::text)::uuid), so those
-- calls are computed on the coordinator from the fetched rows.
-- contact_stats(..., options) carries the policy in jsonb and is sent.
-- The forecasts return an array of an effcap composite type: postgres_fdw
-- sends an expression only when its type is built in or an extension's
-- member, and an array type is not recorded as a member, so they are
-- computed on the coordinator too.
SELECT is(pg_temp.fdw_check(a.agg, a.expr),
          format('sent to %s shards, %s groups, equal', CASE WHEN c.local_text THEN 0 ELSE 2 END,
                 (SELECT count(DISTINCT center_id) FROM contacts_local)),
          format('%s grouped by the partition key: %s, results equal', a.label,
                 CASE WHEN c.local_text AND a.agg IN ('volume_forecast', 'forecast_backtest')
                      THEN 'not sent (it returns an array of an effcap type)'
                      WHEN c.local_text THEN 'not sent (text not from a remote column)' ELSE 'computed on the shards' END))
FROM aggs a, LATERAL (SELECT a.label = 'service_level with policy' OR a.expr ~ 'customer_id::text'
                             OR a.agg IN ('volume_forecast', 'forecast_backtest')) c(local_text)
ORDER BY a.label;

-- Across shards: each shard sends one summary per center, the coordinator
-- rolls them up; equal to the summary of all contacts, from 4 rows fetched
-- instead of every contact.
\set across 'SELECT effcap.rollup(s)::text FROM (SELECT center_id, %s AS s FROM %s GROUP BY center_id) x'
SELECT is(pg_temp.rows_of(format('SELECT 0::text, (' || :'across' || ')', e, 'contacts')),
          pg_temp.rows_of(format('SELECT 0::text, (SELECT %s::text FROM contacts_local)', e)),
          format('%s of the whole table: summaries per center from the shards, rolled up here', s))
FROM (VALUES ('queue_summary', 'effcap.queue_summary(queue_seconds, answered, handle_seconds)'),
             ('survey_summary', 'effcap.survey_summary(csat_score, nps_score, source)'),
             ('handle_summary', 'effcap.handle_summary(work_type, handle_seconds)'),
             ('capacity_summary', 'effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) FILTER (WHERE answered)')) v(s, e);
SELECT is((SELECT count(*) FROM regexp_matches(pg_temp.plan_of(format(:'across', 'effcap.queue_summary(queue_seconds, answered, handle_seconds)', 'contacts')),
                                               'Remote SQL: SELECT [^\n]*effcap\.queue_summary\(', 'g')),
          2::bigint, 'the per-center summaries are computed on the shards (the remote SQL holds queue_summary)');

-- The query of doc/scaling.md's postgres_fdw part, run as written: one row
-- per agent (its output counted by wc).
\o :docout
\i :docsql_fdw
\o
\set doc_lines `wc -l < :docout`
SELECT is(:doc_lines::bigint, (SELECT count(DISTINCT agent_id) FROM contacts_local),
          'the postgres_fdw query of doc/scaling.md gives a row per agent');

SELECT * FROM finish();
