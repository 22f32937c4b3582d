-- pgTAP: stepped commission agrees with plain SQL over the brackets on
-- generated amounts, under both readings and boundaries; it never falls
-- as the amount grows; the whole-amount reading never pays less than the
-- marginal one when rates rise.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.29);
SELECT no_plan();

SELECT has_type('effcap', 'commission', 'type commission');
SELECT has_function('effcap', 'tiered_commission', ARRAY['numeric', 'jsonb']);
SELECT has_function('effcap', 'commission_detail', ARRAY['numeric', 'jsonb']);
SELECT has_function('effcap', 'validate_commission_plan', ARRAY['jsonb']);
SELECT is((SELECT string_agg(DISTINCT provolatile::text || proparallel::text || proisstrict::text, ',') FROM pg_proc
           WHERE proname IN ('tiered_commission', 'commission_detail', 'validate_commission_plan')
             AND pronamespace = 'effcap'::regnamespace),
          'istrue', 'IMMUTABLE, PARALLEL SAFE and STRICT');

-- Seed 003's brackets, and amounts around every bound: a bound itself and
-- a cent either side, and random amounts with cents and fractions of a cent.
CREATE TEMP TABLE brackets (i int, lo numeric, hi numeric, rate numeric, bonus numeric);
INSERT INTO brackets VALUES (1, 0, 100000, 0.01, 0), (2, 100000, 200000, 0.015, 200), (3, 200000, NULL, 0.02, 500);
CREATE TEMP TABLE plans AS
SELECT reading, boundary, jsonb_build_object('reading', reading, 'boundary', boundary, 'brackets',
           (SELECT jsonb_agg(jsonb_build_object('from', lo, 'rate', rate, 'bonus', bonus) ORDER BY i) FROM brackets)) AS plan
FROM unnest(ARRAY['marginal', 'whole_amount']) reading, unnest(ARRAY['lower', 'upper']) boundary;
CREATE TEMP TABLE amounts AS
SELECT round((random() * 400000)::numeric, 2 + (g % 3)) AS amount FROM generate_series(1, 2000) g
UNION ALL SELECT b + d FROM unnest(ARRAY[0, 100000, 200000]::numeric[]) b, unnest(ARRAY[-0.01, 0, 0.01]::numeric[]) d WHERE b + d >= 0;
-- Plain SQL: the slices of the amount in each bracket; the bracket reached
-- is the last whose lower bound the amount reaches (passes, under "upper").
CREATE TEMP TABLE want AS
SELECT a.amount, p.reading, p.boundary,
       CASE p.reading
           WHEN 'marginal' THEN (SELECT sum(b.rate * greatest(0, least(a.amount, coalesce(b.hi, a.amount)) - b.lo)) FROM brackets b)
           ELSE a.amount * coalesce((SELECT b.rate FROM brackets b
                                     WHERE CASE p.boundary WHEN 'lower' THEN a.amount >= b.lo ELSE a.amount > b.lo END
                                     ORDER BY b.i DESC LIMIT 1), 0) END AS commission,
       (SELECT coalesce(sum(b.bonus), 0) FROM brackets b
        WHERE CASE p.boundary WHEN 'lower' THEN a.amount >= b.lo ELSE a.amount > b.lo END) AS bonus
FROM amounts a, plans p;
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE (d).commission <> w.commission OR (d).bonus <> w.bonus))
           FROM want w JOIN plans p USING (reading, boundary),
                LATERAL (SELECT effcap.commission_detail(w.amount, p.plan) AS d) x),
          (SELECT format('%s compared, 0 differ', count(*)) FROM want),
          'commission and bonus equal plain SQL over the brackets, exactly, both readings and boundaries');
SELECT is((SELECT count(*) FROM (
              SELECT p.reading, p.boundary, effcap.tiered_commission(a.amount, p.plan) AS c,
                     lag(effcap.tiered_commission(a.amount, p.plan)) OVER (PARTITION BY p.reading, p.boundary ORDER BY a.amount) AS prev
              FROM amounts a, plans p) x WHERE c < prev),
          0::bigint, 'the commission never falls as the amount grows');
SELECT is((SELECT count(*) FROM amounts a, plans m, plans w
           WHERE m.reading = 'marginal' AND w.reading = 'whole_amount' AND m.boundary = w.boundary
             AND effcap.tiered_commission(a.amount, w.plan) < effcap.tiered_commission(a.amount, m.plan)),
          0::bigint, 'with rising rates, the whole-amount reading never pays less than the marginal one');
SELECT is((SELECT count(*) FROM amounts a, plans p
           WHERE p.reading = 'marginal' AND p.boundary = 'lower'
             AND effcap.tiered_commission(a.amount, p.plan)
                 <> effcap.tiered_commission(a.amount, (SELECT plan FROM plans WHERE reading = 'marginal' AND boundary = 'upper'))),
          0::bigint, 'the marginal commission does not depend on the boundary');

-- The aggregate form equals commission_detail of the plain sum, per agent
-- and plan, on 20,000 sales of 60 agents with refunds; the same in a
-- parallel plan (partial sums combined); as a running window over days it
-- equals the per-day cumulative sum's commission.
SELECT has_function('effcap', 'sales_commission', ARRAY['numeric', 'jsonb']);
CREATE TEMP TABLE sales AS
SELECT 1 + g % 60 AS agent, 1 + g % 30 AS day,
       CASE WHEN g % 17 = 0 THEN -round((random() * 500)::numeric, 2) ELSE round((random() * 2000)::numeric, 2) END AS amount
FROM generate_series(1, 20000) g;
CREATE TEMP TABLE sales_want AS
SELECT s.agent, p.reading, p.boundary, effcap.commission_detail(sum(s.amount), p.plan) AS d
FROM sales s, plans p GROUP BY s.agent, p.reading, p.boundary, p.plan;
SELECT is((SELECT count(*) FROM (
              SELECT s.agent, p.reading, p.boundary, effcap.sales_commission(s.amount, p.plan) AS d
              FROM sales s, plans p GROUP BY s.agent, p.reading, p.boundary) g
           JOIN sales_want w USING (agent, reading, boundary) WHERE g.d IS NOT DISTINCT FROM w.d),
          240::bigint, 'sales_commission equals commission_detail of the sum for 60 agents under 4 plans');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
ALTER TABLE sales SET (parallel_workers = 2);
CREATE TABLE sales_par AS SELECT * FROM sales;
ALTER TABLE sales_par SET (parallel_workers = 2);
SELECT is((SELECT (effcap.sales_commission(amount, (SELECT plan FROM plans WHERE reading = 'whole_amount' AND boundary = 'upper'))).commission
           FROM sales_par),
          (SELECT (effcap.commission_detail(sum(amount), (SELECT plan FROM plans WHERE reading = 'whole_amount' AND boundary = 'upper'))).commission
           FROM sales_par),
          'sales_commission over a parallel plan equals the commission of the plain sum');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
SELECT is((SELECT count(*) FROM (
              SELECT day, effcap.sales_commission(amount, p.plan) OVER (ORDER BY day RANGE BETWEEN 6 PRECEDING AND CURRENT ROW) AS got,
                     effcap.commission_detail(sum(amount) OVER (ORDER BY day RANGE BETWEEN 6 PRECEDING AND CURRENT ROW), p.plan) AS want
              FROM (SELECT day, sum(amount) AS amount FROM sales WHERE agent <= 3 GROUP BY day) d,
                   (SELECT plan FROM plans WHERE reading = 'marginal' AND boundary = 'lower') p) x
           WHERE got IS DISTINCT FROM want),
          0::bigint, 'over a moving 7-day frame sales_commission equals the commission of the frame''s sum');
SELECT is((SELECT count(*) FROM (
              SELECT effcap.sales_commission(amount, p.plan) OVER w AS got,
                     effcap.commission_detail(sum(amount) OVER w, p.plan) AS want
              FROM (SELECT g AS day, CASE WHEN g % 3 = 0 OR g BETWEEN 10 AND 14 THEN NULL ELSE g * 1000.5 END AS amount
                    FROM generate_series(1, 40) g) d,
                   (SELECT plan FROM plans WHERE reading = 'whole_amount' AND boundary = 'lower') p
              WINDOW w AS (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)) x
           WHERE got IS DISTINCT FROM want),
          0::bigint, 'with NULL days (some frames all NULL) the moving sales_commission equals the commission of sum() over the frame');

-- Teams: 503 agents with random effective capacity in 4 centers, 7 teams a
-- center.  Every agent in exactly one team of 1..7; sizes at most one
-- apart; team totals far closer than under a random assignment.
SELECT has_function('effcap', 'snake_team', ARRAY['integer']);
SELECT has_function('effcap', 'tiered_team', ARRAY['integer']);
CREATE TEMP TABLE staff AS
SELECT g AS agent_id, 1 + g % 4 AS center, round((random() * 200)::numeric, 1) AS effective FROM generate_series(1, 503) g;
CREATE TEMP TABLE drafted AS
SELECT agent_id, center, effective,
       effcap.snake_team(7) OVER (PARTITION BY center ORDER BY effective DESC, agent_id) AS snake,
       effcap.tiered_team(7) OVER (PARTITION BY center ORDER BY effective DESC, agent_id) AS tiered,
       1 + (row_number() OVER (PARTITION BY center ORDER BY random()) - 1) % 7 AS random_team
FROM staff;
SELECT is((SELECT count(*) FROM drafted WHERE snake BETWEEN 1 AND 7 AND tiered BETWEEN 1 AND 7),
          503::bigint, 'every agent is in exactly one team of 1 to 7, both drafts');
SELECT is((SELECT count(*) FROM (SELECT center, max(n) - min(n) AS d FROM (
               SELECT center, snake, count(*) AS n FROM drafted GROUP BY center, snake) x GROUP BY center) y WHERE d > 1)
          + (SELECT count(*) FROM (SELECT center, max(n) - min(n) AS d FROM (
               SELECT center, tiered, count(*) AS n FROM drafted GROUP BY center, tiered) x GROUP BY center) y WHERE d > 1),
          0::bigint, 'team sizes differ by at most one in every center, both drafts');
CREATE TEMP VIEW spreads AS
SELECT center,
       (SELECT max(s) - min(s) FROM (SELECT sum(effective) s FROM drafted d WHERE d.center = c.center GROUP BY snake) x) AS snake,
       (SELECT max(s) - min(s) FROM (SELECT sum(effective) s FROM drafted d WHERE d.center = c.center GROUP BY tiered) x) AS tiered,
       (SELECT max(s) - min(s) FROM (SELECT sum(effective) s FROM drafted d WHERE d.center = c.center GROUP BY random_team) x) AS random
FROM (SELECT DISTINCT center FROM drafted) c;
SELECT is((SELECT count(*) FROM spreads WHERE snake < random / 2), 4::bigint,
          'in every center the snake draft''s spread of team totals is under half a random assignment''s');
SELECT is((SELECT count(*) FROM spreads WHERE tiered < random), 4::bigint,
          'in every center the tiered draft''s spread of team totals is under a random assignment''s');
SELECT is((SELECT string_agg(snake::text, ',' ORDER BY rk) FROM (
               SELECT effcap.snake_team(4) OVER (ORDER BY g) AS snake, g AS rk FROM generate_series(1, 10) g) x),
          '1,2,3,4,4,3,2,1,1,2', 'the snake order of 10 rows in 4 teams');

-- Constrained drafts on the 503 agents: with no pin and no maximum they
-- equal the plain drafts; with a few pinned (every 37th agent, to team
-- 1 + id % 7) every pin is kept, every agent is in one team, no team holds
-- more than ceil(rows / 7); teams of at most 20 (n_teams NULL) make ceil(rows / 20) teams
-- with sizes at most one apart.
SELECT has_function('effcap', 'snake_team', ARRAY['integer', 'integer', 'integer']);
SELECT has_function('effcap', 'tiered_team', ARRAY['integer', 'integer', 'integer']);
CREATE TEMP TABLE constrained AS
SELECT agent_id, center, snake, tiered, CASE WHEN agent_id % 37 = 0 THEN 1 + agent_id % 7 END AS pin,
       effcap.snake_team(7, NULL, NULL) OVER w AS snake_free, effcap.tiered_team(7, NULL, NULL) OVER w AS tiered_free,
       effcap.snake_team(7, CASE WHEN agent_id % 37 = 0 THEN 1 + agent_id % 7 END, NULL) OVER w AS snake_pinned,
       effcap.tiered_team(7, CASE WHEN agent_id % 37 = 0 THEN 1 + agent_id % 7 END, 20) OVER w AS tiered_pinned,
       effcap.snake_team(NULL, NULL, 20) OVER w AS by_size,
       count(*) OVER (PARTITION BY center) AS rows
FROM drafted WINDOW w AS (PARTITION BY center ORDER BY effective DESC, agent_id);
SELECT is((SELECT count(*) FROM constrained WHERE snake_free = snake AND tiered_free = tiered), 503::bigint,
          'without pins or a maximum the constrained drafts equal the plain ones');
SELECT is((SELECT count(*) FROM constrained WHERE pin IS NOT NULL AND (snake_pinned <> pin OR tiered_pinned <> pin)), 0::bigint,
          'every pinned agent is in its team');
SELECT is((SELECT count(*) FROM (SELECT center, snake_pinned, count(*) n, min(rows) r FROM constrained GROUP BY 1, 2) x
           WHERE n > ceil(r / 7.0) OR snake_pinned NOT BETWEEN 1 AND 7)
          + (SELECT count(*) FROM (SELECT center, tiered_pinned, count(*) n, min(rows) r FROM constrained GROUP BY 1, 2) x
             WHERE n > least(20, ceil(r / 7.0)) OR tiered_pinned NOT BETWEEN 1 AND 7),
          0::bigint, 'no team holds more than ceil(rows / 7) (nor 20) with pins');
SELECT is((SELECT count(*) FROM (SELECT center, max(n) - min(n) d, count(*) teams, min(rows) r FROM (
              SELECT center, by_size, count(*) n, min(rows) rows FROM constrained GROUP BY 1, 2) x GROUP BY center) y
           WHERE d > 1 OR teams <> ceil(r / 20.0)),
          0::bigint, 'teams of at most 20: ceil(rows / 20) teams, sizes at most one apart');

-- Streaks: streak() equals the length of the run of trues ending at each
-- row, counted in plain SQL (rows since the last row that is not true).
SELECT has_function('effcap', 'streak', ARRAY['boolean']);
CREATE TEMP TABLE flags AS
SELECT 1 + g % 25 AS agent, g / 25 AS period, CASE WHEN random() < 0.05 THEN NULL ELSE random() < 0.6 END AS flag
FROM generate_series(0, 4999) g;
SELECT is((SELECT count(*) FROM (
              SELECT agent, period, effcap.streak(flag) OVER (PARTITION BY agent ORDER BY period) AS got,
                     CASE WHEN flag THEN period - coalesce(max(period) FILTER (WHERE flag IS NOT TRUE)
                                                           OVER (PARTITION BY agent ORDER BY period), -1) ELSE 0 END AS want
              FROM flags) x WHERE got IS DISTINCT FROM want),
          0::bigint, 'streak equals plain SQL: rows since the last one not true');

-- Base targets: base_target(share) equals the plain-SQL rule, the
-- ceil(share x n)-th value in the order ((array_agg(...))[ceil(share * n)],
-- in numeric), on 40 teams of 5 to 24 agents for shares 0.05 to 1 in
-- steps of 0.05 and both orders; it is the highest value at least 80% of
-- each team reach, and the next value up is reached by fewer.
SELECT has_function('effcap', 'base_target', ARRAY['numeric', 'anyelement']);
CREATE TEMP TABLE last_period AS
SELECT t AS team, round((random() * 100)::numeric, 0) AS effective
FROM generate_series(1, 40) t, LATERAL generate_series(1, 5 + (t * 7) % 20) a;
SELECT is((SELECT count(*) FROM (
              SELECT team, share,
                     effcap.base_target(share) WITHIN GROUP (ORDER BY effective DESC) AS got_desc,
                     (array_agg(effective ORDER BY effective DESC))[ceil(share * count(*))::int] AS want_desc,
                     effcap.base_target(share) WITHIN GROUP (ORDER BY effective) AS got_asc,
                     (array_agg(effective ORDER BY effective))[ceil(share * count(*))::int] AS want_asc
              FROM last_period, (SELECT s * 0.05 AS share FROM generate_series(1, 20) s) sh
              GROUP BY team, share) x
           WHERE got_desc = want_desc AND got_asc = want_asc),
          800::bigint, 'base_target equals the ceil(share x n)-th value for 40 teams x 20 shares, both orders');
CREATE TEMP TABLE targets AS
SELECT team, count(*) AS n, effcap.base_target(0.8) WITHIN GROUP (ORDER BY effective DESC) AS target
FROM last_period GROUP BY team;
SELECT is((SELECT count(*) FROM targets t
           WHERE (SELECT count(*) FROM last_period p WHERE p.team = t.team AND p.effective >= t.target) < 0.8 * t.n
              OR (SELECT count(*) FROM last_period p WHERE p.team = t.team
                    AND p.effective >= (SELECT min(effective) FROM last_period q WHERE q.team = t.team AND q.effective > t.target)) >= 0.8 * t.n),
          0::bigint, 'the base target is the highest value reached by at least 80% of each team');
SELECT is((SELECT format('%s %s %s', effcap.base_target(0.8) WITHIN GROUP (ORDER BY v DESC),
                         percentile_disc(0.2) WITHIN GROUP (ORDER BY v), percentile_cont(0.2) WITHIN GROUP (ORDER BY v))
           FROM generate_series(1, 10) v),
          '3 2 2.8', 'ten agents with 1..10: base_target(0.8) gives 3 (8 of 10 reach it), percentile_disc(0.2) 2, percentile_cont(0.2) 2.8');
SELECT is((SELECT count(*) FROM (
              SELECT n, effcap.base_target(k::numeric / n) WITHIN GROUP (ORDER BY v DESC) AS got
              FROM generate_series(1, 200) n, LATERAL generate_series(1, n) k, LATERAL generate_series(1, n) v
              WHERE n <= 40 GROUP BY n, k) x WHERE got IS NULL) , 0::bigint, 'shares k/n of n rows always find a value');
SELECT is((SELECT count(*) FROM (
              SELECT n, k, effcap.base_target(round(k::numeric / 100, 2)) WITHIN GROUP (ORDER BY v DESC) AS got
              FROM (VALUES (100)) nn(n), generate_series(1, 100) k, generate_series(1, 100) v GROUP BY n, k) x
           WHERE got <> 101 - k),
          0::bigint, 'of 100 agents valued 1..100, share k% reaches value 101 - k exactly for every k (no float8 rounding)');

-- Attainment equals the plain-SQL CASE on random values and targets.
SELECT has_function('effcap', 'attainment', ARRAY['anycompatible', 'anycompatible', 'anycompatible', 'jsonb']);
SELECT is((SELECT count(*) FROM (
              SELECT v, b, c, effcap.attainment(v, b, b + c, '{"below": 0.5, "base": 1, "challenge": 1.3}') AS got,
                     CASE WHEN v >= b + c THEN ROW('challenge', 1.3)::effcap.attainment
                          WHEN v >= b THEN ROW('base', 1)::effcap.attainment ELSE ROW('below', 0.5)::effcap.attainment END AS want
              FROM (SELECT round((random() * 100)::numeric, 1) AS v, round((random() * 100)::numeric, 1) AS b,
                           round((random() * 20)::numeric, 1) AS c FROM generate_series(1, 3000)) r) x
           WHERE got IS DISTINCT FROM want),
          0::bigint, 'attainment equals plain SQL: challenge when value >= challenge target, base when >= base, else below');

-- Tenure ramp: ramped_target equals target x the month's factor (1 after
-- the last) in plain SQL, for 60 months of tenure and random targets.
SELECT has_function('effcap', 'ramped_target', ARRAY['double precision', 'integer', 'jsonb']);
SELECT is((SELECT count(*) FROM (SELECT random() * 100 AS target, m FROM generate_series(0, 59) m) x
           WHERE effcap.ramped_target(target, m, '{"factors": [0.5, 0.6, 0.7, 0.8, 0.9]}')
                 IS DISTINCT FROM target * coalesce((ARRAY[0.5, 0.6, 0.7, 0.8, 0.9]::float8[])[m + 1], 1)),
          0::bigint, 'ramped_target equals target x the factor of the month of tenure, 1 after the ramp');

SELECT * FROM finish();
ROLLBACK;
