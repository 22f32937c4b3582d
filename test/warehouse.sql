-- pgTAP: the reference warehouse generator is deterministic, sized as asked,
-- realistic in its mix, and its repeats are real re-contacts.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
\i warehouse/schema.sql
SELECT no_plan();

SELECT lives_ok($$SELECT warehouse.generate(48, 14, 40, 7)$$, 'generate(48 agents, 14 days, 40 a day)');
CREATE TEMP VIEW inputs_digest AS
SELECT md5((SELECT string_agg(i::text, ',' ORDER BY center_id, month) FROM warehouse.center_month_inputs i) ||
           (SELECT string_agg(i::text, ',' ORDER BY team_id, month) FROM warehouse.team_month_inputs i)) AS digest;
CREATE TEMP VIEW items_digest AS
SELECT md5((SELECT string_agg(w::text, ',' ORDER BY item_id) FROM warehouse.work_items w) ||
           (SELECT string_agg(s::text, ',' ORDER BY sale_id) FROM warehouse.sales s)) AS digest;
CREATE TEMP TABLE first_run AS
SELECT md5(string_agg(c::text, ',' ORDER BY contact_id)) AS digest, count(*) AS n,
       (SELECT digest FROM inputs_digest) AS inputs, (SELECT digest FROM items_digest) AS items
FROM warehouse.contacts c;

SELECT ok((SELECT n BETWEEN 48 * 14 * 40 * 0.8 AND 48 * 14 * 40 * 1.2 FROM first_run),
          'about agents x days x contacts_per_agent_day contacts');
SELECT is((SELECT count(*) FROM warehouse.agents), 48::bigint, '48 agents');
SELECT is((SELECT count(*) FROM warehouse.teams), 4::bigint, 'teams of 12');
SELECT is((SELECT count(*) FROM warehouse.contacts c LEFT JOIN warehouse.customers u USING (customer_id)
           WHERE u.customer_id IS NULL), 0::bigint, 'every contact has a customer');
SELECT is((SELECT count(DISTINCT started_at::date) FROM warehouse.contacts), 14::bigint, '14 days of contacts');
-- 14 days from 2026-10-01 lie in one month: a row per center and per team.
SELECT is((SELECT count(*) FROM warehouse.center_month_inputs), 4::bigint, 'monthly inputs of each center');
SELECT is((SELECT count(*) FROM warehouse.team_month_inputs), 4::bigint, 'monthly inputs of each team');

-- Same parameters, other plan settings and time zone: the same rows.
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET TimeZone = 'Asia/Shanghai';
SELECT is(warehouse.generate(48, 14, 40, 7), (SELECT n FROM first_run), 'the same call gives as many rows');
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET TimeZone;          -- (the digest reads timestamps as text)
SELECT is((SELECT md5(string_agg(c::text, ',' ORDER BY contact_id)) FROM warehouse.contacts c),
          (SELECT digest FROM first_run), 'the same call gives the same rows');
SELECT is((SELECT digest FROM inputs_digest), (SELECT inputs FROM first_run),
          'the same call gives the same monthly inputs');
SELECT is((SELECT digest FROM items_digest), (SELECT items FROM first_run),
          'the same call gives the same work items and sales');
SELECT cmp_ok(warehouse.generate(48, 14, 40, 8), '>', 0::bigint, 'generate with another seed');
SELECT isnt((SELECT md5(string_agg(c::text, ',' ORDER BY contact_id)) FROM warehouse.contacts c),
            (SELECT digest FROM first_run), 'another seed gives other rows');

-- Realistic mix.
SELECT ok((SELECT count(*) FILTER (WHERE work_type = 'inbound')::float8 / count(*) BETWEEN 0.6 AND 0.8
           FROM warehouse.contacts), 'inbound is most of the work');
SELECT ok((SELECT count(*) FILTER (WHERE dissatisfied)::float8 / count(*) BETWEEN 0.05 AND 0.16
           FROM warehouse.contacts WHERE answered), 'dissatisfaction between 5% and 16%');
SELECT ok((SELECT count(*) FILTER (WHERE sale_tier IS NOT NULL) > 0 AND bool_and(answered OR sale_tier IS NULL)
           FROM warehouse.contacts), 'sales happen, and only on answered contacts');
SELECT ok((SELECT bool_and((handle_seconds IS NULL) = NOT answered) FROM warehouse.contacts),
          'handle time exactly on answered contacts');

-- Sales: one per contact with a sale tier, within its tier's range (0.5
-- to 1.5 times 9,000, 3,750, 1,400); refunds of about one sale in 50,
-- the negative of their sale, 1 to 10 days later and before the end of
-- the data; seed 003's plan reads both ways.
SELECT is((SELECT count(*) FROM warehouse.contacts c
           WHERE (sale_tier IS NOT NULL) <> EXISTS (SELECT FROM warehouse.sales s WHERE s.sale_id = c.contact_id * 2)),
          0::bigint, 'one sale per contact with a sale tier, none for the others');
SELECT is((SELECT count(*) FROM warehouse.sales s JOIN warehouse.contacts c ON s.sale_id = c.contact_id * 2
           WHERE s.agent_id <> c.agent_id OR s.sold_at <> c.started_at
              OR s.amount NOT BETWEEN 0.5 * CASE c.sale_tier WHEN 'A' THEN 9000 WHEN 'B' THEN 3750 ELSE 1400 END
                                  AND 1.5 * CASE c.sale_tier WHEN 'A' THEN 9000 WHEN 'B' THEN 3750 ELSE 1400 END),
          0::bigint, 'each sale is its contact''s, by its agent at its time, within its tier''s range');
SELECT is((SELECT count(*) FROM warehouse.sales r JOIN warehouse.sales s ON s.sale_id = r.sale_id - 1
           WHERE r.sale_id % 2 = 1
             AND (r.amount <> -s.amount OR r.sold_at NOT BETWEEN s.sold_at + interval '1 day' AND s.sold_at + interval '10 days'
                  OR r.sold_at >= (SELECT date_trunc('day', max(started_at)) + interval '1 day' FROM warehouse.contacts))),
          0::bigint, 'a refund is the negative of its sale, 1 to 10 days later, inside the data');
SELECT is((SELECT count(*) FROM warehouse.sales r WHERE r.sale_id % 2 = 1
           AND NOT EXISTS (SELECT FROM warehouse.sales s WHERE s.sale_id = r.sale_id - 1)), 0::bigint, 'every refund has its sale');
SELECT ok((SELECT count(*) FILTER (WHERE amount < 0)::float8 / count(*) FILTER (WHERE amount > 0) BETWEEN 0.005 AND 0.03
           FROM warehouse.sales), 'refunds of about 2% of sales (fewer: the late ones fall after the data)');
SELECT is(ARRAY[effcap.tiered_commission(250000, warehouse.commission_plan('marginal')),
                effcap.tiered_commission(250000, warehouse.commission_plan('whole_amount'))],
          ARRAY[3500, 5000]::numeric[], 'seed 003''s plan: 250,000 pays 3,500 marginal, 5,000 whole-amount');

-- The README's commission query, as written: the top three agents' month
-- commission equals the plan applied to the plain sum of their sales.
SELECT is((SELECT count(*) FROM (
              SELECT agent_id, (effcap.sales_commission(amount, warehouse.commission_plan('marginal'))).commission
              FROM warehouse.sales GROUP BY agent_id ORDER BY 2 DESC LIMIT 3) x
           WHERE commission = (SELECT effcap.tiered_commission(sum(amount), warehouse.commission_plan('marginal'))
                               FROM warehouse.sales s WHERE s.agent_id = x.agent_id)),
          3::bigint, 'the README''s commission query: three agents, each paid on the sum of their sales');
SELECT is((SELECT count(*) FROM (
              SELECT center_id, count(*) AS n, count(*) FILTER (WHERE sales >= base) AS reach
              FROM (SELECT t.center_id, sum(s.amount) AS sales FROM warehouse.sales s JOIN warehouse.agents USING (agent_id)
                    JOIN warehouse.teams t USING (team_id) GROUP BY s.agent_id, t.center_id) m
              JOIN (SELECT center_id, effcap.base_target(0.8) WITHIN GROUP (ORDER BY sales DESC) AS base
                    FROM (SELECT t.center_id, sum(s.amount) AS sales FROM warehouse.sales s JOIN warehouse.agents USING (agent_id)
                          JOIN warehouse.teams t USING (team_id) GROUP BY s.agent_id, t.center_id) m2 GROUP BY center_id) b
              USING (center_id) GROUP BY center_id) x
           WHERE reach <> ceil(0.8 * n)),
          0::bigint, 'the demo''s base targets: exactly ceil(80%) of each center''s agents reach them (no ties in sums of cents)');

-- Work items: a case per complaint, a ticket per ticket contact, an
-- internal request from about one answered inbound call in 40; nothing
-- answered or closed after the end of the data; every class has SLA rules.
SELECT is((SELECT count(*) FROM warehouse.contacts c
           WHERE work_type IN ('complaint', 'ticket')
             AND (SELECT count(*) FROM warehouse.work_items w WHERE w.contact_id = c.contact_id AND w.class <> 'internal') <> 1),
          0::bigint, 'one work item per complaint and ticket contact');
SELECT ok((SELECT count(*) FILTER (WHERE class = 'internal')::float8
                  / (SELECT count(*) FROM warehouse.contacts WHERE work_type = 'inbound' AND answered)
           BETWEEN 0.015 AND 0.035 FROM warehouse.work_items),
          'internal requests from about 2.5% of answered inbound calls');
SELECT is((SELECT count(*) FROM warehouse.work_items
           WHERE greatest(responded_at, closed_at) > (SELECT date_trunc('day', max(started_at)) + interval '1 day' FROM warehouse.contacts)),
          0::bigint, 'nothing answered or closed after the end of the data');
SELECT ok((SELECT count(*) FILTER (WHERE closed_at IS NULL) > 0 AND count(*) FILTER (WHERE responded_at IS NULL) > 0
           FROM warehouse.work_items), 'some items are still open or unanswered at the end');
SELECT is((SELECT count(*) FROM warehouse.work_items
           WHERE class = 'ticket' AND escalated IS DISTINCT FROM
                 (coalesce(responded_at, 'infinity') > opened_at + interval '2 hours'
                  AND opened_at + interval '2 hours' <= (SELECT date_trunc('day', max(started_at)) + interval '1 day' FROM warehouse.contacts))),
          0::bigint, 'a ticket is escalated exactly when unanswered for 2 hours');
SELECT lives_ok($$SELECT effcap.sla_summary(class, opened_at, responded_at, closed_at, escalated, warehouse.sla_rules(),
                                            '2026-10-15 00:00+00') FROM warehouse.work_items$$,
                'every class of the work items has SLA rules');

-- Repeats are re-contacts of the same customer: the window-function flag the
-- demo uses equals the EXISTS definition, and 7-day FCR is plausible.
CREATE TEMP TABLE flagged AS
SELECT contact_id, customer_id, started_at,
       count(*) OVER (PARTITION BY customer_id ORDER BY started_at
                      RANGE BETWEEN interval '1 microsecond' FOLLOWING AND interval '7 days' FOLLOWING) > 0 AS repeat
FROM warehouse.contacts WHERE answered;
-- (The EXISTS definition as a join on the customer, which the planner can
-- hash: as a correlated subquery it rescanned the table per contact, six
-- minutes on the AddressSanitizer server.)
SELECT is((SELECT count(*) FROM (
              SELECT f.contact_id, f.repeat, bool_or(g.contact_id IS NOT NULL) AS later_within
              FROM flagged f LEFT JOIN flagged g
                ON g.customer_id = f.customer_id
               AND g.started_at > f.started_at AND g.started_at <= f.started_at + interval '7 days'
              GROUP BY f.contact_id, f.repeat) x WHERE repeat <> later_within),
          0::bigint, 'the demo repeat flag equals the EXISTS definition');
SELECT is((SELECT count(*) FROM (
              SELECT repeat, NOT effcap.first_contact_resolved(started_at, '7 days')
                                 OVER (PARTITION BY customer_id ORDER BY started_at) AS fcr_flag
              FROM flagged) x WHERE repeat IS DISTINCT FROM fcr_flag),
          0::bigint, 'effcap.first_contact_resolved gives the same flag');
SELECT ok((SELECT 1 - count(*) FILTER (WHERE repeat)::float8 / count(*) BETWEEN 0.65 AND 0.9 FROM flagged),
          '7-day FCR between 65% and 90%');


-- The demo's stored queue summaries: per agent, day and work type, rolled
-- up to the center, they give what contact_stats gives over the raw
-- inbound contacts, and an agent-day takes at most 256 bytes (median).
CREATE TEMP TABLE agent_day_queue AS
SELECT agent_id, (started_at AT TIME ZONE 'UTC')::date AS day, work_type,
       effcap.queue_summary(queue_seconds, answered, handle_seconds) AS summary
FROM warehouse.contacts GROUP BY 1, 2, 3;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE stored IS DISTINCT FROM raw)) FROM
              (SELECT t.center_id, effcap.contact_stats(effcap.rollup(q.summary),
                          '{"threshold_seconds": 30, "policy": "abandons_ignored"}')::text AS stored
               FROM agent_day_queue q JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
               WHERE q.work_type = 'inbound' GROUP BY t.center_id) s
           JOIN (SELECT t.center_id, effcap.contact_stats(c.queue_seconds, c.answered, c.handle_seconds,
                          '{"threshold_seconds": 30, "policy": "abandons_ignored"}')::text AS raw
                 FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
                 WHERE c.work_type = 'inbound' GROUP BY t.center_id) r USING (center_id)),
          (SELECT format('%s compared, 0 differ', count(*)) FROM warehouse.centers),
          'center contact statistics from stored agent-day queue summaries equal those from the raw contacts');
-- Every family stored per agent-day and rolled up by center and by team
-- (the benchmark's dashboard month, which checks the same over 10 million
-- contacts) gives what the one-step aggregates, and plain SQL for the
-- 90th percentile wait and the mean CSAT score, give over the raw contacts.
CREATE TEMP TABLE wh AS
SELECT c.*, a.team_id, t.center_id, (c.started_at AT TIME ZONE 'UTC')::date AS day,
       coalesce(NOT effcap.first_contact_resolved(c.started_at, '7 days')
                    OVER (PARTITION BY c.customer_id ORDER BY c.started_at), false) AS repeat
FROM warehouse.contacts c JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id);
CREATE TEMP TABLE wh_day AS
SELECT agent_id, team_id, center_id, day,
       effcap.queue_summary(queue_seconds, answered, handle_seconds) FILTER (WHERE work_type = 'inbound') AS q,
       effcap.survey_summary(csat_score, nps_score) AS s,
       effcap.handle_summary(work_type, handle_seconds) AS h,
       effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) FILTER (WHERE answered) AS c
FROM wh GROUP BY 1, 2, 3, 4;
SELECT is((SELECT format('%s compared, %s differ', count(*), count(*) FILTER (WHERE stored IS DISTINCT FROM raw)) FROM
              (SELECT center_id, coalesce(team_id, 0) AS team,
                      row(effcap.contact_stats(effcap.rollup(q), '{"threshold_seconds": 30}'),
                          effcap.wait_percentile(effcap.rollup(q), 0.9),
                          effcap.csat(effcap.rollup(s)), effcap.csat_mean(effcap.rollup(s)), effcap.nps(effcap.rollup(s)),
                          effcap.aht_compliance(effcap.rollup(h), '{"inbound": 300, "outbound": 240, "complaint": 900, "ticket": 600}'),
                          effcap.effective_capacity(effcap.rollup(c)))::text AS stored
               FROM wh_day GROUP BY GROUPING SETS ((center_id), (center_id, team_id))) s
           JOIN (SELECT center_id, coalesce(team_id, 0) AS team,
                        row(effcap.contact_stats(queue_seconds, answered, handle_seconds, '{"threshold_seconds": 30}')
                                FILTER (WHERE work_type = 'inbound'),
                            ceil(percentile_disc(0.9) WITHIN GROUP (ORDER BY queue_seconds)
                                FILTER (WHERE work_type = 'inbound' AND answered)),
                            effcap.csat(csat_score), sum(csat_score)::float8 / count(csat_score), effcap.nps(nps_score),
                            effcap.aht_compliance(handle_seconds, CASE work_type WHEN 'inbound' THEN 300 WHEN 'outbound' THEN 240
                                                                     WHEN 'complaint' THEN 900 ELSE 600 END, 0),
                            effcap.effective_capacity(work_type, dissatisfied, qa_invalid, repeat, sale_tier)
                                FILTER (WHERE answered))::text AS raw
                 FROM wh GROUP BY GROUPING SETS ((center_id), (center_id, team_id))) r USING (center_id, team)),
          (SELECT format('%s compared, 0 differ', count(*) + count(DISTINCT center_id)) FROM warehouse.teams),
          'every family by center and by team from stored agent-day summaries equals the same over the raw contacts');
SELECT cmp_ok((SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY pg_column_size(s)) FROM (
                   SELECT effcap.queue_summary(queue_seconds, answered, handle_seconds) AS s
                   FROM warehouse.contacts GROUP BY agent_id, (started_at AT TIME ZONE 'UTC')::date) x),
              '<=', 256, 'the median agent-day queue summary takes at most 256 bytes');

-- The inbound schedule: the 24 half-hours from 08:00 to 20:00 of the 14
-- days and the 7 after, for every center with agents; flat (one headcount
-- per center and kind of day), sized on the mean inbound traffic A of a
-- business hour by the square-root rule: A + sqrt(A), rounded up.
SELECT is((SELECT count(*) FROM warehouse.inbound_schedule),
          (SELECT count(DISTINCT center_id) * 21 * 24 FROM warehouse.teams),
          'the schedule covers every business half-hour of the history and the week after');
SELECT is((SELECT min(interval_start::time) || ' ' || max(interval_start::time) || ' ' || max(interval_start::date)
           FROM warehouse.inbound_schedule), '08:00:00 19:30:00 2026-10-21', 'business hours, 7 days past the history');
SELECT is((SELECT count(*) FROM (SELECT DISTINCT center_id, extract(isodow FROM interval_start) >= 6, scheduled_agents
                                 FROM warehouse.inbound_schedule) x),
          (SELECT count(DISTINCT center_id) * 2 FROM warehouse.teams), 'one flat headcount per center and kind of day');
SELECT is_empty($$
    SELECT center_id, weekend, agents, expected
    FROM (SELECT DISTINCT center_id, extract(isodow FROM interval_start) >= 6 AS weekend, scheduled_agents AS agents
          FROM warehouse.inbound_schedule) s
    JOIN (SELECT center_id, weekend, ceil(sum(workload) / count(*) / 43200 + sqrt(sum(workload) / count(*) / 43200)) AS expected
          FROM (SELECT t.center_id, extract(isodow FROM (c.started_at AT TIME ZONE 'UTC')::date) >= 6 AS weekend,
                       (c.started_at AT TIME ZONE 'UTC')::date,
                       sum(c.handle_seconds) / count(c.handle_seconds) * count(*) AS workload
                FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
                WHERE c.work_type = 'inbound' GROUP BY 1, 2, 3) d
          GROUP BY 1, 2) e USING (center_id, weekend)
    WHERE agents <> expected$$, 'the headcount is A + sqrt(A) for the mean traffic A of a business hour, rounded up');
-- Deliberately mis-sized: against the agents the actual calls needed
-- (Erlang C, 80% in 20 s) the flat schedule is short at some intervals and
-- idle at others.
CREATE TEMP TABLE need AS
SELECT t.center_id, date_bin('30 minutes', c.started_at AT TIME ZONE 'UTC', timestamp '2000-01-01') AS interval_start,
       (effcap.required_agents(count(*), 1800, avg(c.handle_seconds), 0.8, 20)).agents AS required
FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
WHERE c.work_type = 'inbound' GROUP BY 1, 2;
SELECT ok((SELECT (m).under_rate > 0.05 AND (m).over_rate > 0.05
           FROM (SELECT effcap.staffing_mismatch(s.scheduled_agents, n.required) AS m
                 FROM need n JOIN warehouse.inbound_schedule s USING (center_id, interval_start)) x),
          'the flat schedule is more than 5% short and more than 5% idle');
SELECT is((SELECT (effcap.staffing_mismatch(coalesce(s.scheduled_agents, 0), n.required)).mismatch_rate
           FROM need n LEFT JOIN warehouse.inbound_schedule s USING (center_id, interval_start)),
          (SELECT sum(abs(coalesce(s.scheduled_agents, 0) - n.required))::float8 / sum(n.required)
           FROM need n LEFT JOIN warehouse.inbound_schedule s USING (center_id, interval_start)),
          'its mismatch rate equals plain SQL');
-- The demo's "after": the second week planned from the first (seasonal
-- average of the one week there is, Erlang C 80% in 20 s) is closer to what
-- its calls needed than the flat schedule is.
CREATE TEMP TABLE planned AS
SELECT s.center_id, f.interval_start, coalesce(r.agents, 0) AS required
FROM (SELECT t.center_id,
             effcap.volume_forecast(date_bin('30 minutes', c.started_at AT TIME ZONE 'UTC', timestamp '2000-01-01'), 1,
                                    c.handle_seconds, '{"interval_seconds": 1800}') AS fc
      FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
      WHERE c.work_type = 'inbound' AND c.started_at < '2026-10-08 00:00+00' GROUP BY 1) s
CROSS JOIN LATERAL unnest(s.fc) f
CROSS JOIN LATERAL effcap.required_agents(f.offered, 1800, f.aht_seconds, 0.8, 20) r;
SELECT cmp_ok((SELECT (effcap.staffing_mismatch(coalesce(p.required, 0), n.required)).mismatch_rate
               FROM need n LEFT JOIN planned p USING (center_id, interval_start) WHERE n.interval_start >= '2026-10-08'),
              '<',
              (SELECT (effcap.staffing_mismatch(coalesce(s.scheduled_agents, 0), n.required)).mismatch_rate
               FROM need n LEFT JOIN warehouse.inbound_schedule s USING (center_id, interval_start)
               WHERE n.interval_start >= '2026-10-08'),
              'a plan from the week before mis-sizes the second week less than the flat schedule');

-- The README's plan and doc/staffing.md's, as written, over the history
-- table the demo builds: 7 days of 48 half-hours (for each center).
CREATE TEMP TABLE inbound_volume AS
SELECT t.center_id,
       date_bin('30 minutes', c.started_at AT TIME ZONE 'UTC', timestamp '2000-01-01') AS interval_start,
       count(*)::float8 AS offered, avg(c.handle_seconds) AS aht_seconds
FROM warehouse.contacts c JOIN warehouse.agents USING (agent_id) JOIN warehouse.teams t USING (team_id)
WHERE c.work_type = 'inbound'
GROUP BY 1, 2;
CREATE TEMP TABLE readme_plan AS
SELECT f.interval_start, round(f.offered) AS calls, r.agents, r.positions
FROM (SELECT effcap.volume_forecast(interval_start, offered, aht_seconds,
                 '{"interval_seconds": 1800, "weights": [4, 3, 2, 1], "exclude": ["2026-10-03"]}') AS fc
      FROM inbound_volume WHERE center_id = 1) s
CROSS JOIN LATERAL unnest(s.fc) AS f
CROSS JOIN LATERAL effcap.required_agents(f.offered, 1800, f.aht_seconds, 0.8, 20, shrinkage => 0.3) AS r;
SELECT is((SELECT count(*) || ' ' || min(interval_start) || ' ' || max(interval_start) FROM readme_plan),
          '336 2026-10-15 00:00:00 2026-10-21 23:30:00', 'the README''s plan: every half-hour of the 7 days after the history');
SELECT is((SELECT count(*) FROM readme_plan WHERE calls = 0 AND agents = 0 AND positions = 0),
          (SELECT count(*) FROM readme_plan WHERE interval_start::time < '08:00' OR interval_start::time >= '20:00'),
          'intervals without calls in the history (the night) need no agents');
SELECT ok((SELECT bool_and(agents > 0 AND positions >= agents / 0.7) FROM readme_plan WHERE interval_start::time BETWEEN '10:00' AND '17:30'),
          'business hours need agents, and positions cover them at 30% shrinkage');
CREATE TEMP TABLE doc_plan AS
SELECT s.center_id, f.interval_start, f.offered, f.aht_seconds,
       coalesce(r.agents, 0) AS required, coalesce(r.positions, 0) AS positions,
       coalesce(sc.scheduled_agents, 0) AS scheduled,
       coalesce(sc.scheduled_agents, 0) - coalesce(r.agents, 0) AS surplus   -- negative: short
FROM (SELECT center_id, effcap.volume_forecast(interval_start, offered, aht_seconds,
                                               '{"interval_seconds": 1800}') AS fc
      FROM inbound_volume GROUP BY center_id) s
CROSS JOIN LATERAL unnest(s.fc) AS f
CROSS JOIN LATERAL effcap.required_agents(f.offered, 1800, f.aht_seconds, 0.8, 20, shrinkage => 0.3) AS r
LEFT JOIN warehouse.inbound_schedule sc ON sc.center_id = s.center_id AND sc.interval_start = f.interval_start;
SELECT is((SELECT count(*) FROM doc_plan), (SELECT count(DISTINCT center_id) * 336 FROM warehouse.teams),
          'doc/staffing.md''s plan: every half-hour of the week for every center');
SELECT ok((SELECT bool_or(surplus < 0) AND bool_or(surplus > 0) FROM doc_plan),
          'against the flat schedule the plan finds intervals short and intervals idle');
SELECT ok((SELECT abs((m).mismatch_rate - ((m).under_rate + (m).over_rate)) < 1e-15
           FROM (SELECT effcap.staffing_mismatch(scheduled, required) AS m FROM doc_plan) x),
          'mismatch_rate is under_rate + over_rate (to rounding)');

-- The planted anomaly: over a month, agent 7's weekly inbound AHT in the
-- fourth week (days 22 to 28) lies 25% below its own; sudden_drop over the
-- three weeks before flags it (at 15%, to stay clear of sampling noise on a
-- small warehouse), and robust_zscore agrees in sign.
SELECT lives_ok($$SELECT warehouse.generate(48, 30, 60, 7)$$, 'generate(48 agents, 30 days, 60 a day)');
CREATE TEMP TABLE weekly AS
SELECT agent_id, ((started_at AT TIME ZONE 'UTC')::date - date '2026-10-01') / 7 AS week, avg(handle_seconds) AS aht
FROM warehouse.contacts WHERE work_type = 'inbound' AND answered AND started_at < '2026-10-29 00:00+00'
GROUP BY 1, 2;
SELECT is((SELECT string_agg(week::text, ',' ORDER BY week)
           FROM (SELECT agent_id, week, effcap.sudden_drop(aht, 3, 0.15, 2) OVER (PARTITION BY agent_id ORDER BY week) AS d
                 FROM weekly) x WHERE agent_id = 7 AND d),
          '3', 'sudden_drop flags agent 7 in the fourth week, and only then');
SELECT ok((SELECT aht FROM weekly WHERE agent_id = 7 AND week = 3)
          < 0.8 * (SELECT avg(aht) FROM weekly WHERE agent_id = 7 AND week < 3),
          'agent 7''s fourth-week AHT is more than 20% below its first three weeks');

SELECT * FROM finish();
ROLLBACK;
