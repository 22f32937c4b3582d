-- pgTAP: Erlang B and C against the textbook sums computed independently
-- in SQL (in logarithms, so that A^N / N! does not overflow) over a grid of
-- traffic, agents and thresholds, traffic in the thousands included; and
-- required_agents is the fewest agents meeting its targets, with occupancy
-- and shrinkage rounded as documented.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT no_plan();

SELECT has_type('effcap', 'queue_model', 'type queue_model');
SELECT has_type('effcap', 'staffing', 'type staffing');
SELECT has_function('effcap', 'erlang_b', ARRAY['double precision', 'integer']);
SELECT has_function('effcap', 'erlang_c', ARRAY['double precision', 'integer']);
SELECT has_function('effcap', 'erlang_c', ARRAY['double precision', 'double precision', 'double precision', 'integer',
                                                'double precision']);
SELECT has_function('effcap', 'erlang_a', ARRAY['double precision', 'double precision', 'double precision', 'integer',
                                                'double precision', 'double precision']);
SELECT has_function('effcap', 'required_agents', ARRAY['double precision', 'double precision', 'double precision',
                    'double precision', 'double precision', 'double precision', 'double precision', 'double precision',
                    'double precision']);
SELECT is((SELECT provolatile::text || proparallel::text || proisstrict::text FROM pg_proc
           WHERE oid = 'effcap.required_agents(float8, float8, float8, float8, float8, float8, float8, float8, float8)'::regprocedure),
          'isfalse', 'required_agents is IMMUTABLE, PARALLEL SAFE and not STRICT (its defaults are NULL)');

-- The grid: traffic from half an erlang to 3,000, agents from just above
-- the traffic to well above it.
CREATE TEMP TABLE grid AS
SELECT a::float8 AS a, n
FROM (VALUES (0.5), (3), (10), (80), (250.5), (1200), (3000)) t(a),
     LATERAL (SELECT DISTINCT floor(a)::int + d AS n FROM unnest(ARRAY[1, 2, 5, 20, (a / 10)::int + 3]) d) x;
-- ln(A^k / k!) for k = 0..N.
CREATE TEMP TABLE terms AS
SELECT g.a, g.n, k, k * ln(g.a) - sum(CASE WHEN k = 0 THEN 0 ELSE ln(k) END)
                                      OVER (PARTITION BY g.a, g.n ORDER BY k) AS lt
FROM grid g, generate_series(0, g.n) k;
-- exp() that gives 0 where PostgreSQL's reports an underflow.
CREATE FUNCTION pg_temp.exp0(x float8) RETURNS float8 LANGUAGE sql IMMUTABLE
    AS 'SELECT CASE WHEN x < -700 THEN 0 ELSE exp(x) END';
-- Erlang B = t_N / sum_{k<=N} t_k; Erlang C = t_N N/(N-A) / (sum_{k<N} t_k + t_N N/(N-A)).
CREATE TEMP TABLE direct AS
SELECT a, n,
       pg_temp.exp0(max(lt) FILTER (WHERE k = n) - (m + ln(sum(pg_temp.exp0(lt - m))))) AS b,
       pg_temp.exp0(lc - (greatest(m, lc) + ln(sum(pg_temp.exp0(lt - greatest(m, lc))) FILTER (WHERE k < n) + pg_temp.exp0(lc - greatest(m, lc))))) AS c
FROM (SELECT t.*, max(lt) OVER (PARTITION BY a, n) AS m,
             max(lt) FILTER (WHERE k = n) OVER (PARTITION BY a, n) + ln(n / (n - a)) AS lc
      FROM terms t) x
GROUP BY a, n, m, lc;

SELECT is((SELECT count(*) FROM direct WHERE abs(effcap.erlang_b(a, n) - b) > 1e-9 * b), 0::bigint,
          format('erlang_b equals the direct sum at %s (traffic, agents) points, to 1e-9', (SELECT count(*) FROM direct)));
SELECT is((SELECT count(*) FROM direct WHERE abs(effcap.erlang_c(a, n) - c) > 1e-9 * c), 0::bigint,
          'erlang_c equals the direct sum, to 1e-9');
-- The interval model: service level, ASA and occupancy from the direct C,
-- at 10, 20 and 60 s, an interval of 1,800 s and AHT 300 s (calls = A x 6).
SELECT is((SELECT count(*) FROM direct d, unnest(ARRAY[10, 20, 60]) t,
                 LATERAL effcap.erlang_c(d.a * 6, 1800, 300, d.n, t) m
           WHERE abs(m.service_level - (1 - d.c * exp(-(d.n - d.a) * t / 300))) > 1e-9
              OR abs(m.asa_seconds - d.c * 300 / (d.n - d.a)) > 1e-9 * greatest(1, m.asa_seconds)
              OR abs(m.waiting_probability - d.c) > 1e-9 * d.c
              OR abs(m.occupancy - d.a / d.n) > 1e-15 OR m.abandon_probability <> 0 OR m.agents <> d.n
              OR abs(m.traffic - d.a) > 1e-12 * d.a),
          0::bigint, 'erlang_c(calls, interval, aht, agents, threshold) gives the textbook service level, ASA and occupancy');
SELECT is((SELECT count(*) FROM grid g WHERE g.a >= 1 AND (effcap.erlang_c(g.a, floor(g.a)::int) IS NOT NULL
                                         OR (effcap.erlang_c(g.a * 6, 1800, 300, floor(g.a)::int)).service_level IS NOT NULL)),
          0::bigint, 'at agents <= traffic (no steady state) the measures are NULL');

-- required_agents: the fewest agents over a grid of volumes and targets.
CREATE TEMP TABLE plans AS
SELECT calls, aht, target, threshold, occ, shrink, r.*
FROM unnest(ARRAY[1, 10, 100, 400, 2000, 20000]) calls, unnest(ARRAY[120, 300]) aht,
     (VALUES (0.8, 20), (0.9, 30), (0.7, 60), (0.95, 10)) t(target, threshold),
     (VALUES (NULL::float8, 0), (0.85, 0.3), (0.7, 0.35)) o(occ, shrink),
     LATERAL effcap.required_agents(calls, 1800, aht, target, threshold, occ, shrink) r;
SELECT is((SELECT count(*) FROM plans p
           WHERE (effcap.erlang_c(calls, 1800, aht, raw_agents, threshold)).service_level < target
              OR (raw_agents - 1 > traffic
                  AND (effcap.erlang_c(calls, 1800, aht, raw_agents - 1, threshold)).service_level >= target)),
          0::bigint, format('raw_agents is the fewest meeting the target, in %s plans', (SELECT count(*) FROM plans)));
-- Occupancy and shrinkage in exact arithmetic (numeric).
SELECT is((SELECT count(*) FROM plans
           WHERE agents <> greatest(raw_agents, CASE WHEN occ IS NULL THEN 0
                                                     ELSE ceil(round(traffic::numeric, 9) / occ::numeric) END)
              OR positions <> ceil(agents / (1 - shrink::numeric))),
          0::bigint, 'agents respect the occupancy cap and positions the shrinkage, rounded up in exact arithmetic');
SELECT is((SELECT count(*) FROM plans
           WHERE abs(service_level - (effcap.erlang_c(calls, 1800, aht, agents, threshold)).service_level) > 0
              OR abs(asa_seconds - (effcap.erlang_c(calls, 1800, aht, agents, threshold)).asa_seconds) > 0
              OR abs(occupancy - traffic / agents) > 1e-15),
          0::bigint, 'the achieved measures are those of agents (after the cap)');
SELECT is((SELECT count(*) FROM plans WHERE NOT (fractional_agents > raw_agents - 1 AND fractional_agents <= raw_agents)),
          0::bigint, 'fractional_agents lies in (raw_agents - 1, raw_agents]');
-- An ASA target: the fewest agents whose ASA is at most it.
SELECT is((SELECT count(*) FROM unnest(ARRAY[10, 100, 2000]) calls, unnest(ARRAY[5, 15, 60]) asa,
                 LATERAL effcap.required_agents(calls, 1800, 300, NULL, 20, asa_seconds => asa) r
           WHERE (effcap.erlang_c(calls, 1800, 300, r.raw_agents)).asa_seconds > asa
              OR (r.raw_agents - 1 > r.traffic AND (effcap.erlang_c(calls, 1800, 300, r.raw_agents - 1)).asa_seconds <= asa)),
          0::bigint, 'with an ASA target, raw_agents is the fewest whose ASA is at most it');

-- Erlang A against the birth-death probabilities summed directly in SQL:
-- ln(pi_s / pi_{s-1}) is ln(A / s) up to the agents and
-- ln(lambda / (N mu + (s - N) theta)) above; overloaded queues (fewer
-- agents than the traffic) included.
CREATE TEMP TABLE grid_a AS
SELECT calls::float8, aht::float8, n, patience::float8
FROM (VALUES (100, 180, 14, 300), (100, 180, 10, 60), (100, 180, 5, 3600), (400, 360, 70, 120),
             (400, 360, 90, 600), (2000, 300, 330, 180), (30, 600, 4, 900), (5, 60, 1, 30)) v(calls, aht, n, patience);
CREATE TEMP TABLE bd AS
SELECT calls, aht, n, patience, s,
       sum(CASE WHEN s = 0 THEN 0 WHEN s <= n THEN ln(calls * aht / 1800 / s)
                ELSE ln((calls / 1800) / (n / aht + (s - n) / patience)) END)
           OVER (PARTITION BY calls, aht, n, patience ORDER BY s) AS lp
FROM grid_a, generate_series(0, n + 3000) s;
CREATE TEMP TABLE bd_measures AS
SELECT calls, aht, n, patience,
       sum(pg_temp.exp0(lp - m)) FILTER (WHERE s >= n) / sum(pg_temp.exp0(lp - m)) AS waiting,
       (1 / patience) * sum((s - n) * pg_temp.exp0(lp - m)) FILTER (WHERE s > n)
           / ((calls / 1800) * sum(pg_temp.exp0(lp - m))) AS abandon
FROM (SELECT *, max(lp) OVER (PARTITION BY calls, aht, n, patience) AS m FROM bd) x
GROUP BY 1, 2, 3, 4;
SELECT is((SELECT count(*) FROM bd_measures d, LATERAL effcap.erlang_a(calls, 1800, aht, n, patience) e
           WHERE abs(e.waiting_probability - d.waiting) > 1e-9
              OR abs(e.abandon_probability - d.abandon) > 1e-9 * greatest(d.abandon, 1e-3)
              OR abs(e.occupancy - least(1, calls * aht / 1800 * (1 - d.abandon) / n)) > 1e-9),
          (0)::bigint, format('erlang_a: waiting, abandoning and occupancy equal the birth-death sums at %s points',
                              (SELECT count(*) FROM bd_measures)));
-- Its service level: 1 - waiting at a threshold of 0, rising with the
-- threshold, never above the share answered at all; and with patience
-- far beyond any wait, Erlang C's (service level and ASA).  Far: 1e14 s;
-- near a critical load (251 agents for 250.5 erlangs) the queue runs to
-- 20,000 callers, and a patience of 1e10 s still shortens it measurably
-- (ASA 576.93 s against Erlang C's 576.97 s).
SELECT is((SELECT count(*) FROM grid_a g,
                 LATERAL effcap.erlang_a(calls, 1800, aht, n, patience, 0) t0,
                 LATERAL effcap.erlang_a(calls, 1800, aht, n, patience, 10) t10,
                 LATERAL effcap.erlang_a(calls, 1800, aht, n, patience, 60) t60
           WHERE abs(t0.service_level - (1 - t0.waiting_probability)) > 1e-12
              OR t10.service_level < t0.service_level OR t60.service_level < t10.service_level
              OR t60.service_level > 1 - t60.abandon_probability + 1e-12),
          0::bigint, 'erlang_a service level: 1 - waiting at 0 s, rising with the threshold, at most the answered share');
SELECT is((SELECT count(*) FROM direct d, unnest(ARRAY[10, 20, 60]) t,
                 LATERAL effcap.erlang_a(d.a * 6, 1800, 300, d.n, 1e14, t) a
           WHERE d.a <= 250.5
             AND (abs(a.service_level - (1 - d.c * exp(-(d.n - d.a) * t / 300))) > 1e-6
                  OR abs(a.asa_seconds - d.c * 300 / (d.n - d.a)) > 1e-6 * greatest(1, a.asa_seconds))),
          0::bigint, 'erlang_a with patience far beyond any wait is Erlang C');

-- required_agents with a patience: Erlang A, the fewest agents whose
-- Erlang A service level (or answered ASA) meets the target, over a grid
-- that includes queues with fewer agents than the traffic.
CREATE TEMP TABLE plans_a AS
SELECT calls, aht, patience, target, threshold, r.*
FROM unnest(ARRAY[1, 10, 100, 400, 2000]) calls, unnest(ARRAY[120, 300]) aht, unnest(ARRAY[30, 300, 3600]) patience,
     (VALUES (0.8, 20), (0.5, 60), (0.95, 10)) t(target, threshold),
     LATERAL effcap.required_agents(calls, 1800, aht, target, threshold, patience_seconds => patience) r;
SELECT is((SELECT count(*) FROM plans_a
           WHERE (effcap.erlang_a(calls, 1800, aht, raw_agents, patience, threshold)).service_level < target
              OR (raw_agents > 1
                  AND (effcap.erlang_a(calls, 1800, aht, raw_agents - 1, patience, threshold)).service_level >= target)
              OR abs(abandon_probability - (effcap.erlang_a(calls, 1800, aht, agents, patience, threshold)).abandon_probability) > 0),
          0::bigint, format('with a patience, raw_agents is the fewest meeting the Erlang A target, in %s plans',
                            (SELECT count(*) FROM plans_a)));
SELECT ok((SELECT bool_and(a.raw_agents <= c.raw_agents)
           FROM unnest(ARRAY[100, 400, 2000]) calls,
                LATERAL effcap.required_agents(calls, 1800, 300, 0.8, 20, patience_seconds => 300) a,
                LATERAL effcap.required_agents(calls, 1800, 300, 0.8, 20) c),
          'with callers of 5 minutes patience, Erlang A needs no more agents than Erlang C for 80% in 20 s');

SELECT * FROM finish();
ROLLBACK;
