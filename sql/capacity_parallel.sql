-- Parallel aggregation: the plan splits each aggregate into partial and
-- finalize steps, and the results equal the serial ones exactly.
SET extra_float_digits = 0;
CREATE TABLE par_contacts AS
SELECT g % 50 AS agent,
       (ARRAY['inbound', 'inbound', 'inbound', 'outbound', 'complaint', 'ticket'])[1 + g % 6] AS work_type,
       (g * 7) % 11 = 0 AS dissatisfied, (g * 13) % 97 = 0 AS invalid, (g * 3) % 7 = 0 AS repeat,
       CASE WHEN g % 31 = 0 THEN 'A' WHEN g % 17 = 0 THEN 'B' WHEN g % 13 = 0 THEN 'C' END AS sale_tier
FROM generate_series(1, 200000) g;
ANALYZE par_contacts;

SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;

EXPLAIN (COSTS OFF)
SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) FROM par_contacts;
EXPLAIN (COSTS OFF)
SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier, '{"target": 900}')
FROM par_contacts;
EXPLAIN (COSTS OFF)
SELECT agent, effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier)
FROM par_contacts GROUP BY agent;

CREATE TEMP TABLE parallel_result AS
SELECT effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier)::text AS s,
       effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)::text AS e,
       effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier,
                                 '{"target": 900}')::text AS r
FROM par_contacts;
CREATE TEMP TABLE parallel_groups AS
SELECT agent, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)::text AS e
FROM par_contacts GROUP BY agent;

SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF)
SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) FROM par_contacts;

SELECT p.s = q.s AS summary_equal, p.e = q.e AS capacity_equal, p.r = q.r AS rules_equal
FROM parallel_result p,
     (SELECT effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier)::text AS s,
             effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)::text AS e,
             effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier,
                                       '{"target": 900}')::text AS r
      FROM par_contacts) q;
SELECT count(*) AS groups, count(*) FILTER (WHERE p.e = q.e) AS equal
FROM parallel_groups p
JOIN (SELECT agent, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)::text AS e
      FROM par_contacts GROUP BY agent) q USING (agent);
-- Every contact was counted once: 200000.
SELECT (e::effcap.capacity).contacts FROM parallel_result;

DROP TABLE par_contacts;
