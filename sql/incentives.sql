-- Stepped commission: seed 003's brackets (1% up to 100,000, 1.5% from
-- 100,000 to 200,000, 2% above; bonuses 200 and 500 into the team fund
-- when the second and third brackets are reached), under both readings and
-- both boundaries.  Every expected value is worked by hand in the comment.
\set lower_marginal '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}, {"from": 100000, "rate": 0.015, "bonus": 200}, {"from": 200000, "rate": 0.02, "bonus": 500}]}'
\set upper_marginal '{"reading": "marginal", "boundary": "upper", "brackets": [{"from": 0, "rate": 0.01}, {"from": 100000, "rate": 0.015, "bonus": 200}, {"from": 200000, "rate": 0.02, "bonus": 500}]}'
\set lower_whole '{"reading": "whole_amount", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}, {"from": 100000, "rate": 0.015, "bonus": 200}, {"from": 200000, "rate": 0.02, "bonus": 500}]}'
\set upper_whole '{"reading": "whole_amount", "boundary": "upper", "brackets": [{"from": 0, "rate": 0.01}, {"from": 100000, "rate": 0.015, "bonus": 200}, {"from": 200000, "rate": 0.02, "bonus": 500}]}'

-- 250,000: marginal 1% x 100,000 + 1.5% x 100,000 + 2% x 50,000 = 1,000 +
-- 1,500 + 1,000 = 3,500; whole-amount 2% x 250,000 = 5,000.  All three
-- brackets reached: bonus 0 + 200 + 500 = 700.
SELECT effcap.tiered_commission(250000, :'lower_marginal') AS marginal,
       effcap.tiered_commission(250000, :'lower_whole') AS whole_amount;
SELECT * FROM effcap.commission_detail(250000, :'lower_marginal');
-- Exactly at 100,000.  Marginal: 1,000 either way (the slice at the bound
-- has no width).  Lower boundary: 100,000 is in the second bracket (rate
-- 0.015, bonus 200; whole-amount 1,500); upper: still in the first (rate
-- 0.01, no bonus; whole-amount 1,000).
SELECT b.name, (d).bracket, (d).rate, (d).commission, (d).bonus
FROM (VALUES ('lower marginal', :'lower_marginal'::jsonb), ('upper marginal', :'upper_marginal'),
             ('lower whole', :'lower_whole'), ('upper whole', :'upper_whole')) b(name, plan),
     LATERAL (SELECT effcap.commission_detail(100000, b.plan) AS d) x;
-- One cent above: the second bracket under both boundaries.  Marginal
-- 1,000 + 0.01 x 0.015 = 1,000.00015; whole-amount 100,000.01 x 0.015 =
-- 1,500.00015.
SELECT (effcap.commission_detail(100000.01, :'upper_marginal')).*;
SELECT effcap.tiered_commission(100000.01, :'upper_whole');
-- One cent below 200,000: 1,000 + 99,999.99 x 0.015 = 1,000 + 1,499.99985
-- = 2,499.99985 marginal; whole-amount 199,999.99 x 0.015 = 2,999.99985.
SELECT effcap.tiered_commission(199999.99, :'lower_marginal') AS marginal,
       effcap.tiered_commission(199999.99, :'lower_whole') AS whole_amount;
-- Exact decimals: 33,333.33 x 0.01 = 333.3333, not a binary fraction.
SELECT effcap.tiered_commission(33333.33, :'lower_marginal');
-- Zero: in the first bracket under "lower" (bracket 1, commission 0), in
-- none under "upper".
SELECT (effcap.commission_detail(0, :'lower_marginal')).*;
SELECT (effcap.commission_detail(0, :'upper_marginal')).*;
-- A plan that pays nothing below 50,000: 30,000 reaches no bracket; 80,000
-- pays 3% of 30,000 = 900 marginal, 3% of 80,000 = 2,400 whole-amount.
SELECT (effcap.commission_detail(30000, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 50000, "rate": 0.03}]}')).*;
SELECT effcap.tiered_commission(80000, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 50000, "rate": 0.03}]}') AS marginal,
       effcap.tiered_commission(80000, '{"reading": "whole_amount", "boundary": "lower", "brackets": [{"from": 50000, "rate": 0.03}]}') AS whole_amount;
-- A month of sales: the commission of the sum.
SELECT agent, sum(amount) AS sales, effcap.tiered_commission(sum(amount), :'lower_marginal') AS commission
FROM (VALUES (1, 120000.00), (1, 80000.00), (2, 99999.99), (2, 0.01)) s(agent, amount)
GROUP BY agent ORDER BY agent;
-- The aggregate form: what the plan pays on the exact sum of a group's
-- sales.  Agent 1: 120,000 + 80,000 = 200,000, marginal 1,000 + 1,500 =
-- 2,500, bracket 3 (lower boundary), bonus 200 + 500 = 700.  Agent 2:
-- 99,999.99 + 0.01 = 100,000.00: commission 1,000, bracket 2, bonus 200.
-- Agent 3 has only a NULL amount: no rows count, NULL.  Agent 4 has a
-- refund: 150,000 - 30,000 = 120,000: 1,000 + 0.015 x 20,000 = 1,300.
SELECT agent, (effcap.sales_commission(amount, :'lower_marginal')).*
FROM (VALUES (1, 120000.00), (1, 80000.00), (2, 99999.99), (2, 0.01), (3, NULL), (4, 150000), (4, -30000)) s(agent, amount)
GROUP BY agent ORDER BY agent;
-- Whole-amount, upper boundary: 100,000.00 stays in bracket 1: 1% x
-- 100,000 = 1,000, no bonus.
SELECT (effcap.sales_commission(amount, :'upper_whole')).*
FROM (VALUES (99999.99), (0.01)) s(amount);
-- A running commission over two-day frames: 50,000 -> 500; 50,000 +
-- 60,000 = 110,000 -> 1,000 + 150 = 1,150; 60,000 + 40,000 = 100,000 ->
-- 1,000; 40,000 + 150,000 = 190,000 -> 1,000 + 1,350 = 2,350.  The frame
-- of the day before alone: NULL (it holds no row), 500, 600, 400.
SELECT d, (effcap.sales_commission(a, :'lower_marginal') OVER (ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)).commission AS two_days,
       (effcap.sales_commission(a, :'lower_marginal') OVER (ORDER BY d ROWS BETWEEN 1 PRECEDING AND 1 PRECEDING)).commission AS day_before
FROM (VALUES (1, 50000), (2, 60000), (3, 40000), (4, 150000)) v(d, a) ORDER BY d;
-- NULL amounts in moving frames are skipped (the state of no rows is
-- (0, 0, NULL), never NULL): frames of days 1-2, 2-3, 3-4 with day 1 and 3
-- NULL hold 100 (1% = 1.00), 100 (1.00), 50,000 (500.00).  A frame whose
-- rows were all removed takes the next row's plan (days 1-2 under plan A at
-- 1%, day 3 alone under plan B at 2%: 300 x 2% = 6, not an error).
SELECT d, (effcap.sales_commission(a, :'lower_marginal') OVER (ORDER BY d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)).commission
FROM (VALUES (1, NULL::numeric), (2, 100), (3, NULL), (4, 50000)) v(d, a) ORDER BY d;
SELECT d, (effcap.sales_commission(a, p::jsonb) OVER (ORDER BY d ROWS BETWEEN CURRENT ROW AND CURRENT ROW)).commission
FROM (VALUES (1, 100, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}]}'),
             (2, 200, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}]}'),
             (3, 300, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.02}]}')) v(d, a, p)
ORDER BY d;
-- No rows, and rows whose plan is NULL: NULL.
SELECT effcap.sales_commission(a, :'lower_marginal') IS NULL AS no_rows FROM (VALUES (5::numeric)) v(a) WHERE false;
SELECT effcap.sales_commission(a, NULL) IS NULL AS no_plan FROM (VALUES (5::numeric)) v(a);
-- Errors: a negative sum, an amount that is not a number, a bad plan (on
-- the first row), two plans in one group.
SELECT effcap.sales_commission(a, :'lower_marginal') FROM (VALUES (100), (-100.01)) v(a);
SELECT effcap.sales_commission(a, :'lower_marginal') FROM (VALUES ('NaN'::numeric)) v(a);
SELECT effcap.sales_commission(a, '{"reading": "marginal"}') FROM (VALUES (1)) v(a);
SELECT effcap.sales_commission(a, p::jsonb)
FROM (VALUES (5, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}]}'),
             (6, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.02}]}')) v(a, p);
-- The same plan written with other spacing and 0.010 for 0.01 is the same
-- plan (jsonb equality): 11 x 1% = 0.11.
SELECT (effcap.sales_commission(a, p::jsonb)).commission
FROM (VALUES (5, '{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}]}'),
             (6, '{"boundary":"lower","reading":"marginal","brackets":[{"rate":0.010,"from":0}]}')) v(a, p);
-- Hand-made states: the empty one reads as no rows; a NULL amount or rows,
-- rows without brackets, negative rows are errors.
SELECT effcap.commission_final('(0,0,)'::effcap.commission_state) IS NULL AS empty;
SELECT effcap.commission_final('(1,,{})'::effcap.commission_state);
SELECT effcap.commission_final('(,1,{})'::effcap.commission_state);
SELECT effcap.commission_final('(1,2,)'::effcap.commission_state);
SELECT effcap.commission_final('(1,-1,{})'::effcap.commission_state);
-- NULLs: NULL (strict).
SELECT effcap.tiered_commission(NULL, :'lower_marginal') IS NULL AS a, effcap.tiered_commission(1, NULL) IS NULL AS b,
       effcap.validate_commission_plan(NULL) IS NULL AS c;
SELECT effcap.validate_commission_plan(:'lower_marginal');

-- Errors: the amount, then the plan, each naming its JSON path.
SELECT effcap.tiered_commission(-0.01, :'lower_marginal');
SELECT effcap.tiered_commission('NaN', :'lower_marginal');
SELECT effcap.tiered_commission('Infinity', :'lower_marginal');
SELECT effcap.validate_commission_plan('[]');
SELECT effcap.validate_commission_plan('{"boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "progressive", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "brackets": [{"from": 0, "rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "both", "brackets": [{"from": 0, "rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower"}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": []}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": {"from": 0}}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 100000, "rate": 0.015}, {"from": 0, "rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}, {"from": 0, "rate": 0.02}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": -0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 1.5}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": "1%"}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": -5, "rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"rate": 0.01}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01, "bonus": -1}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01, "cap": 5}]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [0]}');
SELECT effcap.validate_commission_plan('{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}], "currency": "CNY"}');
SELECT effcap.validate_commission_plan(jsonb_build_object('reading', 'marginal', 'boundary', 'lower', 'brackets',
       (SELECT jsonb_agg(jsonb_build_object('from', g, 'rate', 0.01) ORDER BY g) FROM generate_series(0, 100) g)));

-- Base targets (seed 003: a base target about 80% of staff reach) --------
-- Ten agents with sales 1..10.  ORDER BY sales DESC: the ceil(0.8 x 10) =
-- 8th largest is 3 (8 of 10 have 3 or more; 4 is reached by 7).  ORDER BY
-- sales ASC (a value to stay under): the 8th smallest, 8.  share 1: the
-- smallest, 1; share 0.05: ceil(0.5) = 1st, 10.  0.07 of 100 agents:
-- ceil(7) = 7th, the value 94 in DESC order; percentile_disc(0.07) takes
-- the 8th (93): 0.07 x 100 is 7.000000000000001 in float8.
SELECT effcap.base_target(0.8) WITHIN GROUP (ORDER BY v DESC) AS higher_better,
       effcap.base_target(0.8) WITHIN GROUP (ORDER BY v) AS lower_better,
       effcap.base_target(1) WITHIN GROUP (ORDER BY v DESC) AS everyone,
       effcap.base_target(0.05) WITHIN GROUP (ORDER BY v DESC) AS the_best
FROM generate_series(1, 10) v;
SELECT effcap.base_target(0.07) WITHIN GROUP (ORDER BY v DESC) AS base_target,
       percentile_disc(0.07) WITHIN GROUP (ORDER BY v DESC) AS percentile_disc
FROM generate_series(1, 100) v;
-- Per team, any ordered type, NULLs skipped: team 1's numeric sales 3.50,
-- NULL, 2.25, 9.00: three values, ceil(0.5 x 3) = 2nd largest = 3.50;
-- team 2 has only NULL: NULL.  Ties: 5, 5, 5, 1 -> ceil(0.75 x 4) = 3rd =
-- 5.  Handle times to stay under, 80% of 3 -> 3rd smallest, 00:04:00.
SELECT team, effcap.base_target(0.5) WITHIN GROUP (ORDER BY sales DESC)
FROM (VALUES (1, 3.50), (1, NULL), (1, 2.25), (1, 9.00), (2, NULL)) t(team, sales) GROUP BY team ORDER BY team;
SELECT effcap.base_target(0.75) WITHIN GROUP (ORDER BY v DESC) FROM (VALUES (5), (5), (5), (1)) t(v);
SELECT effcap.base_target(0.8) WITHIN GROUP (ORDER BY aht) FROM (VALUES (interval '3 min'), ('4 min'), ('2 min')) t(aht);
-- No rows, a NULL share: NULL.
SELECT effcap.base_target(0.8) WITHIN GROUP (ORDER BY v) IS NULL AS no_rows FROM generate_series(1, 3) v WHERE false;
SELECT effcap.base_target(NULL) WITHIN GROUP (ORDER BY v) IS NULL AS no_share FROM generate_series(1, 3) v;
-- Errors: a share of 0, above 1, NaN; the share is checked whether the
-- group has values or only NULLs (as percentile_disc does).
SELECT effcap.base_target(2) WITHIN GROUP (ORDER BY v) FROM (VALUES (NULL::int)) t(v);
SELECT effcap.base_target(0) WITHIN GROUP (ORDER BY v) FROM generate_series(1, 3) v;
SELECT effcap.base_target(1.01) WITHIN GROUP (ORDER BY v) FROM generate_series(1, 3) v;
SELECT effcap.base_target('NaN') WITHIN GROUP (ORDER BY v) FROM generate_series(1, 3) v;

-- Attainment (seed 003: +30% for the challenge target).  Base 100,
-- challenge 120, higher is better: 99.5 below (0), 100 base (1, a target
-- is reached at equality), 119.99 base, 120 challenge (1.3); NULL value:
-- NULL.  Without a challenge target 130 is only base.  Numeric sales
-- against float8 targets compare as one type (anycompatible).
\set attain '{"below": 0, "base": 1, "challenge": 1.3}'
SELECT v, (effcap.attainment(v, 100, 120, :'attain')).*
FROM (VALUES (99.5), (100), (119.99), (120), (NULL)) x(v);
SELECT (effcap.attainment(130, 100, NULL, :'attain')).*;
SELECT (effcap.attainment(120.00::numeric, 100::float8, 120::float8, :'attain')).*;
-- Lower is better (a handle time): 6 min below, 5 min base, 3 min challenge.
SELECT v, (effcap.attainment(v, interval '5 min', interval '4 min',
                              '{"better": "lower", "below": 0, "base": 1, "challenge": 1.25}')).*
FROM (VALUES (interval '6 min'), ('5 min'), ('3 min')) x(v);
-- NULL base target or plan: NULL.
SELECT effcap.attainment(1, NULL, 2, :'attain') IS NULL AS a, effcap.attainment(1, 1, 2, NULL) IS NULL AS b;
-- Errors: a challenge easier than the base; a type without an order; the
-- plan, naming its key.
SELECT effcap.attainment(100, 100, 90, :'attain');
SELECT effcap.attainment(interval '1 min', interval '5 min', interval '6 min',
                         '{"better": "lower", "below": 0, "base": 1, "challenge": 1.3}');
SELECT effcap.attainment(point(1, 1), point(1, 1), NULL, :'attain');
SELECT effcap.attainment(1, 1, 2, '{"below": 0, "base": 1}');
SELECT effcap.attainment(1, 1, 2, '{"below": 0, "base": "1", "challenge": 1.3}');
SELECT effcap.attainment(1, 1, 2, '{"below": -0.1, "base": 1, "challenge": 1.3}');
SELECT effcap.attainment(1, 1, 2, '{"below": 0, "base": 1, "challenge": 0.9}');
SELECT effcap.attainment(1, 1, 2, '{"better": "more", "below": 0, "base": 1, "challenge": 1.3}');
SELECT effcap.attainment(1, 1, 2, '{"below": 0, "base": 1, "challenge": 1.3, "stretch": 2}');

-- Teams by draft over a ranking (seed 000) ---------------------------------
-- Seven agents ranked 1 to 7 (scores 100 down to 40), three teams.  Snake:
-- picks 1, 2, 3 | 3, 2, 1 | 1: teams 1, 2, 3, 3, 2, 1, 1; team sums 100 +
-- 50 + 40 = 190, 90 + 60 = 150, 80 + 70 = 150.  Tiered rotation: tier 1
-- picks for teams 1, 2, 3; tier 2 starts at team 2: 2, 3, 1; tier 3 at
-- team 3: 3.  Sizes 3, 2, 2 and 2, 2, 3: at most one apart.
CREATE TABLE ranked (id int, center int, score int);
INSERT INTO ranked VALUES (1, 1, 100), (2, 1, 90), (3, 1, 80), (4, 1, 70), (5, 1, 60), (6, 1, 50), (7, 1, 40),
                          (8, 2, 75), (9, 2, 75), (10, 2, 75);
SELECT id, score, effcap.snake_team(3) OVER w AS snake, effcap.tiered_team(3) OVER w AS tiered
FROM ranked WHERE center = 1 WINDOW w AS (ORDER BY score DESC, id) ORDER BY id;
SELECT team, count(*), sum(score)
FROM (SELECT score, effcap.snake_team(3) OVER (ORDER BY score DESC, id) AS team FROM ranked WHERE center = 1) x
GROUP BY team ORDER BY team;
-- Ties on the score are broken by the rest of the ORDER BY (here id, then
-- descending id); each partition drafts on its own; one team takes all;
-- more teams than agents leaves the last ones empty.
SELECT id, effcap.snake_team(2) OVER (PARTITION BY center ORDER BY score DESC, id) AS by_id,
       effcap.snake_team(2) OVER (PARTITION BY center ORDER BY score DESC, id DESC) AS by_id_desc,
       effcap.snake_team(1) OVER (PARTITION BY center ORDER BY score DESC, id) AS one,
       effcap.tiered_team(5) OVER (PARTITION BY center ORDER BY score DESC, id) AS five
FROM ranked ORDER BY id;
-- Errors.
SELECT effcap.snake_team(0) OVER (ORDER BY id) FROM ranked;
SELECT effcap.tiered_team(10001) OVER (ORDER BY id) FROM ranked;
SELECT effcap.snake_team(NULL) OVER (ORDER BY id) FROM ranked;
SELECT effcap.snake_team(CASE WHEN id < 3 THEN 2 ELSE 3 END) OVER (ORDER BY id) FROM ranked;
DROP TABLE ranked;

-- Drafts with constraints.  Seven agents ranked 1..7, three teams; rank 1
-- (a supervisor) pinned to team 3, rank 5 (a trainee) to team 1.  Each
-- team holds at most ceil(7 / 3) = 3: places left 2, 3, 2.  Snake picks
-- 1, 2, 3, 3, 2 go to ranks 2, 3, 4, 6, 7: teams 1, 2, 3, 3, 2; sizes 2,
-- 2, 3.  Tiered picks 1, 2, 3 | 2, 3: ranks 2, 3, 4, 6, 7 to teams 1, 2,
-- 3, 2, 3.  A fixed size of 3 (n_teams NULL): ceil(7 / 3) = 3 teams, the
-- plain snake 1, 2, 3, 3, 2, 1, 1; of 2: 4 teams, 1, 2, 3, 4, 4, 3, 2.
CREATE TABLE ranked (rk int, pin int);
INSERT INTO ranked VALUES (1, 3), (2, NULL), (3, NULL), (4, NULL), (5, 1), (6, NULL), (7, NULL);
SELECT rk, pin, effcap.snake_team(3, pin, NULL) OVER w AS snake, effcap.tiered_team(3, pin, NULL) OVER w AS tiered,
       effcap.snake_team(NULL, NULL, 3) OVER w AS size_3, effcap.snake_team(NULL, NULL, 2) OVER w AS size_2
FROM ranked WINDOW w AS (ORDER BY rk) ORDER BY rk;
-- A full team is passed over: eight agents, three teams of at most 3,
-- ranks 1 and 2 pinned to team 1 (one place left).  Picks: rank 3 -> 1
-- (now full), 4 -> 2, 5 -> 3, 6 -> 3, 7 -> 2, then 1 and 1 are full, so
-- rank 8 -> 2.  Sizes 3, 3, 2.
SELECT g, effcap.snake_team(3, CASE WHEN g <= 2 THEN 1 END, 3) OVER (ORDER BY g) AS team
FROM generate_series(1, 8) g ORDER BY g;
-- More pinned than an even share, without max_size: team 1 keeps its four
-- pinned, the three others go to teams 2, 3, 3 (team 1 has no place).
SELECT g, effcap.snake_team(3, CASE WHEN g <= 4 THEN 1 END, NULL) OVER (ORDER BY g) AS team
FROM generate_series(1, 7) g ORDER BY g;
-- Errors: too few places, too many pinned for max_size, a pinned team
-- that does not exist, neither count nor size, a size below 1, counts
-- that change within a partition.
SELECT effcap.snake_team(2, NULL, 3) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.snake_team(3, CASE WHEN g <= 4 THEN 1 END, 3) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.tiered_team(3, CASE WHEN g = 2 THEN 4 END, NULL) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.snake_team(3, CASE WHEN g = 2 THEN 0 END, NULL) OVER (ORDER BY g) FROM generate_series(1, 7) g;
-- With n_teams NULL the range comes from max_size: ceil(7 / 3) = 3 teams.
SELECT effcap.snake_team(NULL, CASE WHEN g = 1 THEN 5 END, 3) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.snake_team(NULL, NULL, NULL) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.snake_team(NULL, NULL, 0) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.snake_team(0, NULL, NULL) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.snake_team(NULL, NULL, 1) OVER (ORDER BY g) FROM generate_series(1, 10001) g;
SELECT effcap.snake_team(CASE WHEN g < 3 THEN 2 ELSE 3 END, NULL, NULL) OVER (ORDER BY g) FROM generate_series(1, 7) g;
SELECT effcap.tiered_team(3, NULL, CASE WHEN g < 3 THEN 5 END) OVER (ORDER BY g) FROM generate_series(1, 7) g;
DROP TABLE ranked;

-- Streaks (seed 000's repeated bottom rank): agent 1 is at the bottom in
-- months 1, 2, 3 and 5; agent 2 in 2 and 3, with no answer (NULL) in 4.
-- Agent 1: 1, 2, 3, 0, 1, 0; agent 2: 0, 1, 2, 0, 1, 2.  Coaching after 3
-- months running: agent 1 in month 3.
CREATE TABLE monthly (agent int, month int, bottom boolean);
INSERT INTO monthly VALUES (1, 1, true), (1, 2, true), (1, 3, true), (1, 4, false), (1, 5, true), (1, 6, false),
                           (2, 1, false), (2, 2, true), (2, 3, true), (2, 4, NULL), (2, 5, true), (2, 6, true);
SELECT agent, month, bottom, effcap.streak(bottom) OVER (PARTITION BY agent ORDER BY month) AS streak
FROM monthly ORDER BY agent, month;
SELECT agent, month FROM (
    SELECT agent, month, effcap.streak(bottom) OVER (PARTITION BY agent ORDER BY month) AS streak FROM monthly) x
WHERE streak >= 3;
DROP TABLE monthly;

-- Tenure ramp (seed 002: about 60% of a veteran's capacity in the first
-- three months): a daily target of 50 is 30 in months 0, 1 and 2 of
-- tenure, 40 in month 3 (factor 0.8), 50 from month 4 on.
SELECT m, effcap.ramped_target(50, m, '{"factors": [0.6, 0.6, 0.6, 0.8]}') AS target
FROM generate_series(0, 5) m ORDER BY m;
SELECT effcap.ramped_target(NULL, 1, '{"factors": [0.6]}') IS NULL AS a, effcap.ramped_target(50, NULL, '{"factors": [0.6]}') IS NULL AS b;
SELECT effcap.ramped_target(50, -1, '{"factors": [0.6]}');
SELECT effcap.ramped_target('NaN', 1, '{"factors": [0.6]}');
SELECT effcap.ramped_target(50, 1, '{}');
SELECT effcap.ramped_target(50, 1, '{"factors": []}');
SELECT effcap.ramped_target(50, 1, '{"factors": [0.6, 0]}');
SELECT effcap.ramped_target(50, 1, '{"factors": [1.2]}');
SELECT effcap.ramped_target(50, 1, '{"factors": ["60%"]}');
SELECT effcap.ramped_target(50, 1, '{"factors": [0.6], "months": 3}');
SELECT effcap.ramped_target(50, 1, '{"factors": 0.6}');
