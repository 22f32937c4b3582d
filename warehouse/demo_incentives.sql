-- The demo's incentives and teams (included by demo.sql): next month's
-- teams drafted from this month's effective-capacity ranks (seed 000),
-- the commission of the top sellers under both readings of seed 003's
-- brackets with base and challenge targets, and the coaching list.

\echo
\echo '--- Next month''s teams: a snake draft over this month''s effective-capacity ranks (seed 000) ---'
\echo '--- each center keeps its number of teams; "spread" is the largest minus the smallest team total ---'
CREATE TEMP TABLE draft AS
SELECT a.agent_id, t.center_id, t.team_id AS team_now, m.effective,
       effcap.snake_team((SELECT count(*) FROM warehouse.teams x WHERE x.center_id = t.center_id)::int)
           OVER (PARTITION BY t.center_id ORDER BY m.effective DESC, a.agent_id) AS team_next
FROM (SELECT agent_id, sum(effective) AS effective FROM warehouse.agent_day_capacity GROUP BY agent_id) m
JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id);
SELECT ce.name AS center, count(DISTINCT team_next) AS teams, count(*) AS agents,
       (SELECT format('%s-%s', min(n), max(n)) FROM (SELECT count(*) n FROM draft d WHERE d.center_id = ce.center_id GROUP BY team_next) x) AS "sizes next",
       (SELECT round((max(s) - min(s))::numeric, 1) FROM (SELECT sum(effective) s FROM draft d WHERE d.center_id = ce.center_id GROUP BY team_now) x) AS "spread now",
       (SELECT round((max(s) - min(s))::numeric, 1) FROM (SELECT sum(effective) s FROM draft d WHERE d.center_id = ce.center_id GROUP BY team_next) x) AS "spread next",
       round((100 * (SELECT max(s) - min(s) FROM (SELECT sum(effective) s FROM draft d WHERE d.center_id = ce.center_id GROUP BY team_next) x)
              / (sum(effective) / count(DISTINCT team_next)))::numeric, 2) AS "spread next, % of a team"
FROM draft JOIN warehouse.centers ce USING (center_id)
GROUP BY ce.center_id, ce.name ORDER BY ce.center_id;

\echo
\echo '--- Commission of the month''s top 10 sellers (seed 003: 1% to 100,000, 1.5% to 200,000, 2% above) ---'
\echo '--- marginal: each slice at its rate; whole amount: all of it at the rate reached.  Base target: reached by 80% ---'
\echo '--- of the center (effcap.base_target); challenge: 10% above the center''s mean, +30% (effcap.attainment) ---'
CREATE TEMP TABLE month_sales AS
SELECT s.agent_id, t.center_id, sum(s.amount) AS sales, count(*) FILTER (WHERE s.amount < 0) AS refunds,
       effcap.sales_commission(s.amount, warehouse.commission_plan('marginal')) AS marginal,
       effcap.sales_commission(s.amount, warehouse.commission_plan('whole_amount')) AS whole_amount
FROM warehouse.sales s JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id)
GROUP BY s.agent_id, t.center_id;
CREATE TEMP TABLE sales_targets AS
SELECT center_id, effcap.base_target(0.8) WITHIN GROUP (ORDER BY sales DESC) AS base,
       round(1.1 * avg(sales), 2) AS challenge
FROM month_sales GROUP BY center_id;
SELECT a.name, ce.name AS center, m.sales, m.refunds, (m.marginal).bracket,
       round((m.marginal).commission, 2) AS marginal, round((m.whole_amount).commission, 2) AS "whole amount",
       (m.marginal).bonus AS "team fund", x.level AS target, x.multiplier,
       round((m.marginal).commission * x.multiplier, 2) AS "paid, marginal"
FROM month_sales m JOIN sales_targets USING (center_id) JOIN warehouse.agents a USING (agent_id)
JOIN warehouse.centers ce USING (center_id),
     LATERAL effcap.attainment(m.sales, base, challenge, '{"below": 1, "base": 1, "challenge": 1.3}') x
ORDER BY m.sales DESC, m.agent_id LIMIT 10;
SELECT ce.name AS center, base AS "base target", challenge AS "challenge target",
       count(*) FILTER (WHERE m.sales >= base) AS "reach base", count(*) FILTER (WHERE m.sales >= challenge) AS "reach challenge",
       count(*) AS agents
FROM sales_targets JOIN month_sales m USING (center_id) JOIN warehouse.centers ce USING (center_id)
GROUP BY ce.center_id, ce.name, base, challenge ORDER BY ce.center_id;

\echo
\echo '--- Coaching list: in their center''s bottom 5 three weeks running (seed 000; effcap.streak) ---'
\echo '--- ranked on completion of a tenure-ramped target (seed 002: 60% in the first three months; effcap.ramped_target); ---'
\echo '--- agents with fewer than 100 contacts in a week are not ranked that week ---'
CREATE TEMP TABLE weekly AS
SELECT d.agent_id, t.center_id, date_trunc('week', d.day)::date AS week, sum(d.contacts) AS contacts,
       sum(d.effective) / sum(effcap.ramped_target(d.target,
                                                   (extract(year FROM age(d.day, a.hired_on)) * 12
                                                    + extract(month FROM age(d.day, a.hired_on)))::int,
                                                   '{"factors": [0.6, 0.6, 0.6]}')) AS completion
FROM warehouse.agent_day_capacity d JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id)
GROUP BY d.agent_id, t.center_id, week;
CREATE TEMP TABLE weekly_rank AS
SELECT w.*, rank() OVER (PARTITION BY center_id, week ORDER BY completion) AS from_bottom
FROM weekly w WHERE contacts >= 100;
SELECT DISTINCT ON (ce.center_id, a.name) a.name, ce.name AS center, r.week AS "last week", s.streak AS "weeks running",
       round((100 * r.completion)::numeric, 1) AS "completion %", a.hired_on
FROM (SELECT agent_id, week, effcap.streak(from_bottom <= 5) OVER (PARTITION BY agent_id ORDER BY week) AS streak
      FROM weekly_rank) s
JOIN weekly_rank r USING (agent_id, week) JOIN warehouse.agents a USING (agent_id) JOIN warehouse.centers ce ON ce.center_id = r.center_id
WHERE s.streak >= 3 ORDER BY ce.center_id, a.name, r.week DESC;
