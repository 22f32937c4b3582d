-- pgTAP: stored summaries kept up to date as rows arrive, late rows
-- included, by INSERT ... ON CONFLICT DO UPDATE with merge(), and as
-- materialized views refreshed concurrently, equal a full recompute after
-- every batch (the recipe of doc/pipeline.md).
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.47);
SELECT no_plan();

-- Contacts of 20 agents in 3 queues over 8 days, loaded in 8 nightly
-- batches: most rows arrive the night after their day, one in five 1 to 3
-- nights later (late rows are the rule in contact centers).
DROP TABLE IF EXISTS calls, agent_day_queue, queue_interval, agent_day_capacity CASCADE;
CREATE TABLE calls AS
SELECT g AS id, 1 + (g / 8) % 20 AS agent, 1 + (g / 160) % 3 AS queue,
       timestamptz '2026-10-01 08:00+00' + (g % 8) * interval '1 day' + (random() * 36000) * interval '1 second' AS offered_at,
       floor(random() ^ 2 * 120 * 4) / 4 AS queue_seconds,
       random() > 0.1 AS answered,
       (ARRAY['inbound', 'outbound', 'complaint'])[1 + g % 3] AS work_type,
       random() < 0.1 AS dissatisfied, random() < 0.02 AS qa_invalid, random() < 0.2 AS repeat,
       CASE WHEN random() < 0.05 THEN 'A' END AS sale_tier,
       (g % 8) + 1 + CASE WHEN random() < 0.2 THEN 1 + floor(random() * 3)::int ELSE 0 END AS batch
FROM generate_series(1, 12000) g;
ALTER TABLE calls ADD COLUMN handle_seconds float8;
UPDATE calls SET handle_seconds = CASE WHEN answered THEN 30 + (id % 600) * 0.5 END;

CREATE TABLE agent_day_queue (agent int, day date, summary effcap.queue_summary, PRIMARY KEY (agent, day));
CREATE TABLE queue_interval (queue int, interval_start timestamptz, summary effcap.queue_summary,
                             PRIMARY KEY (queue, interval_start));
CREATE TABLE agent_day_capacity (agent int, day date, summary effcap.capacity_summary, PRIMARY KEY (agent, day));

-- The materialized view reads what has been loaded; the batches advance.
CREATE TABLE loaded (upto int);
INSERT INTO loaded VALUES (0);
CREATE OR REPLACE VIEW calls_loaded AS SELECT c.* FROM calls c, loaded l WHERE c.batch <= l.upto;
CREATE MATERIALIZED VIEW agent_day_queue_mv AS
SELECT agent, (offered_at AT TIME ZONE 'UTC')::date AS day,
       effcap.queue_summary(queue_seconds, answered, handle_seconds) AS summary
FROM calls_loaded GROUP BY 1, 2;
CREATE UNIQUE INDEX ON agent_day_queue_mv (agent, day);

-- The nightly job of batch b: summarize the rows loaded, merge them in.
CREATE FUNCTION pg_temp.load(b int) RETURNS void LANGUAGE sql AS $$
    INSERT INTO agent_day_queue AS t
    SELECT agent, (offered_at AT TIME ZONE 'UTC')::date,
           effcap.queue_summary(queue_seconds, answered, handle_seconds)
    FROM calls WHERE batch = b GROUP BY 1, 2
    ON CONFLICT (agent, day) DO UPDATE SET summary = effcap.merge(t.summary, excluded.summary);
    INSERT INTO queue_interval AS t
    SELECT queue, date_bin('15 minutes', offered_at, '2026-01-01 00:00+00'),
           effcap.queue_summary(queue_seconds, answered, handle_seconds)
    FROM calls WHERE batch = b AND work_type = 'inbound' GROUP BY 1, 2
    ON CONFLICT (queue, interval_start) DO UPDATE SET summary = effcap.merge(t.summary, excluded.summary);
    INSERT INTO agent_day_capacity AS t
    SELECT agent, (offered_at AT TIME ZONE 'UTC')::date,
           effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier)
    FROM calls WHERE batch = b AND answered GROUP BY 1, 2
    ON CONFLICT (agent, day) DO UPDATE SET summary = effcap.merge(t.summary, excluded.summary);
$$;

-- What a full recompute over the rows loaded so far gives, against what
-- the kept tables hold.
CREATE FUNCTION pg_temp.diff(upto int) RETURNS text LANGUAGE sql AS $$
    WITH want1 AS (
        SELECT agent, (offered_at AT TIME ZONE 'UTC')::date AS day,
               effcap.queue_summary(queue_seconds, answered, handle_seconds)::text AS want
        FROM calls WHERE batch <= upto GROUP BY 1, 2
    ), f1 AS (
        SELECT w.want, k.summary::text AS kept FROM want1 w FULL JOIN agent_day_queue k USING (agent, day)
    ), want2 AS (
        SELECT queue, date_bin('15 minutes', offered_at, '2026-01-01 00:00+00') AS interval_start,
               effcap.queue_summary(queue_seconds, answered, handle_seconds)::text AS want
        FROM calls WHERE batch <= upto AND work_type = 'inbound' GROUP BY 1, 2
    ), f2 AS (
        SELECT w.want, k.summary::text AS kept FROM want2 w FULL JOIN queue_interval k USING (queue, interval_start)
    ), want3 AS (
        SELECT agent, (offered_at AT TIME ZONE 'UTC')::date AS day,
               effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier)::text AS want
        FROM calls WHERE batch <= upto AND answered GROUP BY 1, 2
    ), f3 AS (
        SELECT w.want, k.summary::text AS kept FROM want3 w FULL JOIN agent_day_capacity k USING (agent, day)
    ), f4 AS (
        SELECT w.want, k.summary::text AS kept FROM want1 w FULL JOIN agent_day_queue_mv k USING (agent, day)
    )
    SELECT format('queue %s differ, interval %s differ, capacity %s differ, matview %s differ',
        (SELECT count(*) FROM f1 WHERE kept IS DISTINCT FROM want),
        (SELECT count(*) FROM f2 WHERE kept IS DISTINCT FROM want),
        (SELECT count(*) FROM f3 WHERE kept IS DISTINCT FROM want),
        (SELECT count(*) FROM f4 WHERE kept IS DISTINCT FROM want))
$$;

CREATE FUNCTION pg_temp.night(b int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_temp.load(b);
    UPDATE loaded SET upto = b;
    REFRESH MATERIALIZED VIEW CONCURRENTLY agent_day_queue_mv;
    RETURN pg_temp.diff(b);
END $$;
SELECT is(pg_temp.night(b), 'queue 0 differ, interval 0 differ, capacity 0 differ, matview 0 differ',
          format('after night %s (late rows included) the kept summaries equal a full recompute', b))
FROM generate_series(1, 11) b;
SELECT is((SELECT count(*) FROM agent_day_queue), 160::bigint, 'all 20 agents x 8 days are kept');
SELECT ok((SELECT count(*) FROM calls WHERE batch > (offered_at AT TIME ZONE 'UTC')::date - date '2026-10-01' + 1) > 1000,
          'more than 1000 rows arrived late');

SELECT * FROM finish();
DROP TABLE calls, agent_day_queue, queue_interval, agent_day_capacity, loaded CASCADE;
