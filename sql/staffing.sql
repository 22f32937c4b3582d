-- Workforce planning: Erlang B and C and required_agents against published
-- vectors (worked by hand in the comments), NULLs and every error.
\pset null '(null)'

-- 100 calls in 30 minutes, AHT 180 s: A = 100 x 180 / 1800 = 10 erlangs.
-- 14 agents: waiting 0.174132; service level within 20 s
-- 1 - 0.174132 exp(-(14 - 10) 20 / 180) = 0.888350; ASA 0.174132 x 180 / 4
-- = 7.836 s; occupancy 10 / 14 = 0.714286.
SELECT traffic, agents, round(waiting_probability::numeric, 6) AS waiting,
       round(service_level::numeric, 6) AS sl, round(asa_seconds::numeric, 3) AS asa,
       round(occupancy::numeric, 6) AS occupancy, abandon_probability
FROM effcap.erlang_c(100, 1800, 180, 14, 20);
-- The fewest agents for 80% in 20 s: 13 give 0.795595 (less), 14 give 0.888350.
SELECT traffic, raw_agents, agents, positions, round(service_level::numeric, 6) AS sl,
       round(waiting_probability::numeric, 6) AS waiting, round(asa_seconds::numeric, 3) AS asa,
       round(occupancy::numeric, 6) AS occupancy
FROM effcap.required_agents(100, 1800, 180, 0.8, 20);
-- Shrinkage 30%: 14 / 0.7 = 20 positions (not 21: the binary quotient
-- 20.000000000000004 counts as 20).
SELECT raw_agents, agents, positions FROM effcap.required_agents(100, 1800, 180, 0.8, 20, shrinkage => 0.30);
-- Occupancy at most 70%: 10 / 0.7 = 14.29, so 15 agents; 15 / 0.7 = 21.4, so 22 positions.
SELECT raw_agents, agents, positions, round(occupancy::numeric, 6) AS occupancy
FROM effcap.required_agents(100, 1800, 180, 0.8, 20, max_occupancy => 0.70, shrinkage => 0.30);

-- 400 calls in 30 minutes, AHT 360 s: A = 80; 88 agents: service level
-- 0.81804, waiting 0.2838, ASA 12.77 s, occupancy 0.9091; 88 / 0.7 = 125.7,
-- so 126 positions.
SELECT traffic, raw_agents, positions, round(service_level::numeric, 5) AS sl,
       round(waiting_probability::numeric, 4) AS waiting, round(asa_seconds::numeric, 2) AS asa,
       round(occupancy::numeric, 4) AS occupancy
FROM effcap.required_agents(400, 1800, 360, 0.8, 20, shrinkage => 0.30);

-- Erlang B by hand: A = 2, N = 2: (2^2 / 2) / (1 + 2 + 2) = 0.4.
-- Erlang C: 2 x 0.4 / (2 - 2 x 0.6) = 1 at A = N (no steady state: NULL);
-- A = 1, N = 2: B = 0.5 / 2.5 = 0.2, C = 2 x 0.2 / (2 - 0.8) = 1/3.
SELECT effcap.erlang_b(2, 2) AS b, effcap.erlang_c(2, 2) AS c_unstable,
       round(effcap.erlang_c(1, 2)::numeric, 12) AS c, effcap.erlang_b(0, 3) AS b_no_traffic,
       effcap.erlang_c(0, 1) AS c_no_traffic;
-- Traffic at or above the agents: no steady state.
SELECT traffic, agents, waiting_probability, service_level, asa_seconds, occupancy
FROM effcap.erlang_c(100, 1800, 180, 10);

-- An ASA target instead: at most 10 s.  13 agents: waiting 0.285270, ASA
-- 0.285270 x 180 / 3 = 17.12 s; 14: 7.836 s -> 14.
SELECT raw_agents, round(asa_seconds::numeric, 3) AS asa
FROM effcap.required_agents(100, 1800, 180, NULL, 20, asa_seconds => 10);
-- Both: the stricter wins (95% in 20 s needs 16: 15 give 0.941453, 16 give
-- 0.970560; ASA 10 s needs 14).
SELECT raw_agents, round(service_level::numeric, 4) AS sl
FROM effcap.required_agents(100, 1800, 180, 0.95, 20, asa_seconds => 10);

-- Fractional agents: 13 + (0.8 - 0.795595) / (0.888350 - 0.795595) = 13.047493.
SELECT round(fractional_agents::numeric, 6) AS fractional FROM effcap.required_agents(100, 1800, 180);

-- No calls need nobody; NULL calls, interval or AHT give NULL.
SELECT * FROM effcap.required_agents(0, 1800, 180);
SELECT effcap.required_agents(NULL, 1800, 180) IS NULL AS null_calls,
       effcap.required_agents(100, NULL, 180) IS NULL AS null_interval,
       effcap.required_agents(100, 1800, NULL) IS NULL AS null_aht,
       effcap.erlang_c(NULL::float8, 1) IS NULL AS strict_c, effcap.erlang_b(1, NULL) IS NULL AS strict_b;

-- A national center's peak: 20,000 calls in 30 minutes at AHT 300 s, A =
-- 3,333.3 erlangs; the recursion neither overflows nor loses the answer.
SELECT raw_agents > 3333 AND raw_agents < 3400 AS plausible, service_level >= 0.8 AS meets,
       (effcap.erlang_c(20000, 1800, 300, raw_agents - 1)).service_level < 0.8 AS fewest
FROM effcap.required_agents(20000, 1800, 300);

-- The README's example.
SELECT raw_agents, positions, round(service_level::numeric, 6) AS sl, round(asa_seconds::numeric, 3) AS asa
FROM effcap.required_agents(100, 1800, 180, 0.8, 20, shrinkage => 0.30);

-- doc/staffing.md's first example: occupancy at most 85% needs 10 / 0.85 =
-- 11.8, so 12 agents, fewer than the 14 the target needs; 14 / 0.7 = 20.
SELECT raw_agents, agents, positions, round(service_level::numeric, 3) AS sl
FROM effcap.required_agents(100, 1800, 180, service_level => 0.8, threshold_seconds => 20,
                            max_occupancy => 0.85, shrinkage => 0.30);
-- Its example over stored queue summaries: 09:00 has 40 calls of 180 s in
-- 15 minutes (A = 8: 11 agents give 0.824480, 10 fewer than 80%), 09:15
-- has 20 calls of 240 s (A = 5.33: 8 agents give 0.823151).
CREATE TEMP TABLE queue_interval AS
SELECT 1 AS queue_id, timestamptz '2026-10-05 09:00+00' + i * interval '15 minutes' AS interval_start,
       effcap.queue_summary(5, true, CASE i WHEN 0 THEN 180 ELSE 240 END) AS summary
FROM generate_series(0, 1) i, generate_series(1, 60) g WHERE g <= CASE i WHEN 0 THEN 40 ELSE 20 END
GROUP BY i;
SELECT to_char(interval_start AT TIME ZONE 'UTC', 'HH24:MI') AS at_utc, raw_agents, agents, positions,
       round(traffic::numeric, 6) AS traffic, round(service_level::numeric, 6) AS sl
FROM (SELECT interval_start, (effcap.required_agents((s).offered, 900, (s).aht_seconds, 0.8, 20)).*
      FROM (SELECT interval_start, effcap.contact_stats(effcap.rollup(summary)) AS s
            FROM queue_interval WHERE interval_start >= '2026-10-05' AND interval_start < '2026-10-06'
            GROUP BY interval_start) x
      ORDER BY interval_start) doc;

-- Erlang A: 100 calls in 30 minutes, AHT 3 minutes, mean patience 5
-- minutes, 14 agents: waiting 0.145260, abandoning 0.013984, answered
-- within 20 s over all calls 0.916792 (the published vector).
SELECT round(waiting_probability::numeric, 6) AS waiting, round(abandon_probability::numeric, 6) AS abandon,
       round(service_level::numeric, 6) AS sl
FROM effcap.erlang_a(100, 1800, 180, 14, 300, 20);
-- At a threshold of 0 only those who do not wait are answered in time;
-- with patience far beyond any wait it is Erlang C (0.174132, 0.888350,
-- 7.836 s, 0.714286); no calls: nobody waits.
SELECT (m).service_level = 1 - (m).waiting_probability AS sl_at_zero FROM (SELECT effcap.erlang_a(100, 1800, 180, 14, 300, 0) AS m) x;
SELECT round(waiting_probability::numeric, 6) AS waiting, round(service_level::numeric, 6) AS sl,
       round(asa_seconds::numeric, 3) AS asa, round(occupancy::numeric, 6) AS occupancy
FROM effcap.erlang_a(100, 1800, 180, 14, 1e9, 20);
SELECT * FROM effcap.erlang_a(0, 1800, 180, 3, 300);
-- A threshold far beyond any wait: every call that is answered at all is
-- answered within it (the service level is 1 - abandoning).
SELECT abs(service_level - (1 - abandon_probability)) < 1e-12 AS all_answered_in_time
FROM effcap.erlang_a(100, 1800, 180, 14, 300, 1e300);
-- With fewer agents than the traffic the queue still settles: half the
-- calls of 10 erlangs on 5 agents abandon (the agents answer 5 erlangs).
SELECT round(abandon_probability::numeric, 6) AS abandon, occupancy FROM effcap.erlang_a(100, 1800, 180, 5, 3600);

-- required_agents with a patience of 5 minutes (Erlang A): 100 calls in
-- 30 minutes, AHT 180 s, 80% within 20 s.  12 agents answer 0.772279
-- within 20 s and 13 agents 0.858178 (abandoning 0.024963), so 13, where
-- Erlang C needs 14.  Worked out apart from effcap: the birth-death
-- probabilities in exact fractions, and each queue position's chance to be
-- answered within 20 s from the closed-form CDF of a sum of exponentials
-- with distinct rates, in 80-digit decimals (the same gives the published
-- 0.145260, 0.013984 and 0.916792 at 14 agents).
SELECT raw_agents, round(service_level::numeric, 6) AS sl, round(abandon_probability::numeric, 6) AS abandon,
       (effcap.erlang_a(100, 1800, 180, raw_agents - 1, 300)).service_level < 0.8 AS fewer_fail
FROM effcap.required_agents(100, 1800, 180, 0.8, 20, patience_seconds => 300);

-- Errors.
\set VERBOSITY terse
SELECT effcap.required_agents(-1, 1800, 180);
SELECT effcap.required_agents(100, 0, 180);
SELECT effcap.required_agents(100, 1800, -5);
SELECT effcap.required_agents('NaN', 1800, 180);
SELECT effcap.required_agents(100, 'Infinity', 180);
SELECT effcap.required_agents(100, 1800, 180, 1);
SELECT effcap.required_agents(100, 1800, 180, 0);
SELECT effcap.required_agents(100, 1800, 180, 0.8, NULL);
SELECT effcap.required_agents(100, 1800, 180, 0.8, -1);
SELECT effcap.required_agents(100, 1800, 180, 0.8, 20, max_occupancy => 0);
SELECT effcap.required_agents(100, 1800, 180, 0.8, 20, max_occupancy => 1.5);
SELECT effcap.required_agents(100, 1800, 180, 0.8, 20, shrinkage => 1);
SELECT effcap.required_agents(100, 1800, 180, 0.8, 20, asa_seconds => 0);
SELECT effcap.required_agents(100, 1800, 180, NULL, 20);
SELECT effcap.required_agents(1e12, 1, 180);
SELECT effcap.erlang_b(-1, 3);
SELECT effcap.erlang_b(1, 0);
SELECT effcap.erlang_c(1, 1000000000);
SELECT effcap.erlang_c(100, 1800, 180, 14, -1);
SELECT effcap.erlang_a(100, 1800, 180, 14, 0);
SELECT effcap.erlang_a(100, 1800, 180, 14, 'NaN');
SELECT effcap.erlang_a(100, 1800, 180, 14, 300, -1);
SELECT effcap.erlang_a(100, 1800, 180, 0, 300);
SELECT effcap.erlang_a(1e6, 1, 1, 1, 1e9);
SELECT effcap.required_agents(100, 1800, 180, patience_seconds => 0);
-- Traffic a hair under the agents with a patience of 30 million years:
-- the queue would need billions of lengths to settle.
SELECT effcap.erlang_a(0.99999999, 1, 1, 1, 1e15);
-- An occupancy cap, or shrinkage, that asks for more agents than a model takes.
SELECT effcap.required_agents(100, 1800, 180, 0.8, 20, max_occupancy => 1e-9);
SELECT effcap.required_agents(100, 1800, 180, 0.8, 20, shrinkage => 0.9999999999);
