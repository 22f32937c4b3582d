-- Reference call warehouse: the tables a call center already has, plus a
-- deterministic generator that fills them with realistic data.  The demo, the
-- tests and the benchmarks load it; the effcap extension does not need it.
--
--   psql -v ON_ERROR_STOP=1 -f warehouse/schema.sql
--   SELECT warehouse.generate(660, 30, 50);    -- ~1 million contacts, a month

DROP SCHEMA IF EXISTS warehouse CASCADE;
CREATE SCHEMA warehouse;

CREATE TABLE warehouse.centers (
    center_id int PRIMARY KEY,
    name      text NOT NULL,
    city      text NOT NULL
);

CREATE TABLE warehouse.teams (
    team_id    int PRIMARY KEY,
    center_id  int NOT NULL REFERENCES warehouse.centers,
    name       text NOT NULL,
    supervisor text NOT NULL
);

CREATE TABLE warehouse.agents (
    agent_id int PRIMARY KEY,
    team_id  int NOT NULL REFERENCES warehouse.teams,
    name     text NOT NULL,
    hired_on date NOT NULL
);

-- The primary keys and indexes of the two big tables are built by
-- warehouse.generate() after loading: much faster than maintaining them row
-- by row.
CREATE TABLE warehouse.customers (
    customer_id bigint NOT NULL,
    segment     text NOT NULL
);

-- One row per offered contact.  No foreign keys: a fact table loaded in bulk.
CREATE TABLE warehouse.contacts (
    contact_id     bigint NOT NULL,
    agent_id       int NOT NULL,
    customer_id    bigint NOT NULL,
    started_at     timestamptz NOT NULL,
    work_type      text NOT NULL
                   CHECK (work_type IN ('inbound', 'outbound', 'complaint', 'ticket')),
    queue_seconds  double precision NOT NULL CHECK (queue_seconds >= 0),
    answered       boolean NOT NULL,
    handle_seconds double precision CHECK ((handle_seconds IS NOT NULL) = answered),
    dissatisfied   boolean NOT NULL,
    qa_invalid     boolean NOT NULL,
    reason         text NOT NULL,
    sale_tier      text CHECK (sale_tier IN ('A', 'B', 'C')),
    csat_score     int CHECK (csat_score BETWEEN 1 AND 5),
    nps_score      int CHECK (nps_score BETWEEN 0 AND 10)
);

COMMENT ON COLUMN warehouse.contacts.queue_seconds IS
    'wait before the contact was answered or abandoned; 0 for outbound and tickets';
COMMENT ON COLUMN warehouse.contacts.handle_seconds IS 'NULL when not answered';
COMMENT ON COLUMN warehouse.contacts.qa_invalid IS
    'QA judged the contact severely non-compliant';
COMMENT ON COLUMN warehouse.contacts.sale_tier IS 'NULL when no sale, else A, B or C';
COMMENT ON COLUMN warehouse.contacts.csat_score IS
    'post-contact survey satisfaction, 1..5; NULL when the customer did not answer';
COMMENT ON COLUMN warehouse.contacts.nps_score IS
    'post-contact survey likelihood to recommend, 0..10; NULL when not answered';

-- Monthly KPI inputs that live outside the contact system (work-order
-- system, exams, QA and HR records, finance): one row per center or team and
-- calendar month touched by the generated days.  Partial months hold the
-- counts of the days covered.
CREATE TABLE warehouse.center_month_inputs (
    center_id          int NOT NULL REFERENCES warehouse.centers,
    month              date NOT NULL CHECK (extract(day FROM month) = 1),
    non_call_received  int NOT NULL CHECK (non_call_received >= 0),
    non_call_processed int NOT NULL
                       CHECK (non_call_processed BETWEEN 0 AND non_call_received),
    exam_avg           double precision NOT NULL CHECK (exam_avg BETWEEN 0 AND 100),
    qa_avg             double precision NOT NULL CHECK (qa_avg BETWEEN 0 AND 100),
    performance_avg    double precision NOT NULL CHECK (performance_avg BETWEEN 0 AND 100),
    major_complaints   int NOT NULL CHECK (major_complaints >= 0),
    report_errors      int NOT NULL CHECK (report_errors >= 0),
    PRIMARY KEY (center_id, month)
);

COMMENT ON COLUMN warehouse.center_month_inputs.non_call_received IS
    'non-call work (emails, letters, work orders) received in the month';
COMMENT ON COLUMN warehouse.center_month_inputs.exam_avg IS
    'average score of the month''s knowledge exams, 0-100';
COMMENT ON COLUMN warehouse.center_month_inputs.major_complaints IS
    'complaints about the center escalated by other departments or customers';
COMMENT ON COLUMN warehouse.center_month_inputs.report_errors IS
    'reports sent out by the center that were corrected or criticised';

CREATE TABLE warehouse.team_month_inputs (
    team_id                 int NOT NULL REFERENCES warehouse.teams,
    month                   date NOT NULL CHECK (extract(day FROM month) = 1),
    csat                    double precision NOT NULL CHECK (csat BETWEEN 0 AND 1),
    cost_per_call           double precision NOT NULL CHECK (cost_per_call > 0),
    knowledge_contributions int NOT NULL CHECK (knowledge_contributions >= 0),
    attendance_rate         double precision NOT NULL CHECK (attendance_rate BETWEEN 0 AND 1),
    utilization_rate        double precision NOT NULL CHECK (utilization_rate BETWEEN 0 AND 1),
    PRIMARY KEY (team_id, month)
);

COMMENT ON COLUMN warehouse.team_month_inputs.csat IS
    'share of satisfied answers in the month''s customer surveys';
COMMENT ON COLUMN warehouse.team_month_inputs.cost_per_call IS
    'fully loaded cost per handled contact, currency units';
COMMENT ON COLUMN warehouse.team_month_inputs.knowledge_contributions IS
    'knowledge-base entries the team added or updated in the month';
COMMENT ON COLUMN warehouse.team_month_inputs.attendance_rate IS
    'scheduled shifts attended / scheduled shifts';
COMMENT ON COLUMN warehouse.team_month_inputs.utilization_rate IS
    'productive time / paid time on duty';

-- The inbound schedule: agents scheduled on each center's inbound queue per
-- 30-minute interval of the business day (08:00 to 20:00 on the warehouse's
-- clock, UTC), for the generated days and the 7 days after.  It is the flat
-- plan of a spreadsheet: the same headcount all day, sized on the mean
-- inbound traffic A of a business hour on a weekday (or weekend day) by the
-- square-root rule, A + sqrt(A) agents.  Calls peak at midday, so it is
-- short at the peak and idle at the edges of the day: deliberately
-- mis-sized, as seed 002 describes.
CREATE TABLE warehouse.inbound_schedule (
    center_id        int NOT NULL REFERENCES warehouse.centers,
    interval_start   timestamp NOT NULL,
    scheduled_agents int NOT NULL CHECK (scheduled_agents >= 0),
    PRIMARY KEY (center_id, interval_start)
);

COMMENT ON COLUMN warehouse.inbound_schedule.interval_start IS
    'start of the 30-minute interval, wall-clock time of the business clock (UTC)';

-- Work items (seeds 002, 003): complaint cases and tickets opened from the
-- contacts of those kinds, and internal support requests that agents raise
-- during calls; each with its first response and closure, NULL while not
-- reached by the end of the generated days.  The demo's SLA rules
-- (warehouse.sla_rules()) give each class its targets and clock.
CREATE TABLE warehouse.work_items (
    item_id      bigint NOT NULL,
    contact_id   bigint NOT NULL,
    agent_id     int NOT NULL,
    customer_id  bigint NOT NULL,
    class        text NOT NULL
                 CHECK (class IN ('complaint', 'escalated_complaint', 'ticket', 'internal')),
    opened_at    timestamptz NOT NULL,
    responded_at timestamptz CHECK (responded_at >= opened_at),
    closed_at    timestamptz CHECK (closed_at >= opened_at),
    escalated    boolean NOT NULL,
    major        boolean NOT NULL
);

COMMENT ON COLUMN warehouse.work_items.escalated IS
    'complaints: escalated to a supervisor (class escalated_complaint); tickets: unanswered for 2 hours';
COMMENT ON COLUMN warehouse.work_items.major IS 'a major complaint (seed 000''s 重大投诉)';

-- Sales (seed 003): one row per sale of a contact with a sale tier, the
-- amount by tier (A around 9,000, B 3,750, C 1,400, each 0.5 to 1.5 times
-- that), and a refund row (a negative amount, 1 to 10 days later) for
-- one sale in 50 -- when it falls inside the generated days.  An agent's
-- month of sales is typically 100,000 to 250,000: seed 003's brackets.
CREATE TABLE warehouse.sales (
    sale_id    bigint NOT NULL,
    contact_id bigint NOT NULL,
    agent_id   int NOT NULL,
    sold_at    timestamptz NOT NULL,
    amount     numeric(12, 2) NOT NULL
);

COMMENT ON COLUMN warehouse.sales.amount IS 'the sale, or a refund of it (negative)';

-- Seed 003's stepped commission: 1% of a month's sales up to 100,000,
-- 1.5% from 100,000 to 200,000, 2% above; each bracket reached pays into
-- the team fund (200 and 500: the seed names no sums), under either
-- reading of the brackets ('marginal' or 'whole_amount').
CREATE FUNCTION warehouse.commission_plan(reading text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN jsonb_build_object('reading', reading, 'boundary', 'lower', 'brackets',
    '[{"from": 0, "rate": 0.01}, {"from": 100000, "rate": 0.015, "bonus": 200},
      {"from": 200000, "rate": 0.02, "bonus": 500}]'::jsonb);

-- The SLA rules of the demo (seeds 002, 003): complaint callback within 24
-- hours, 4 when escalated, closed-loop within 48 hours; tickets answered
-- within 2 hours (else they escalate) and closed within 3 days; internal
-- support answered within 15 minutes of office hours (Monday to Friday
-- 08:00-18:00 of the business clock, UTC) and closed within 8.
CREATE FUNCTION warehouse.sla_rules()
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN '{"classes": {
           "complaint": {"response": "24 hours", "resolution": "48 hours"},
           "escalated_complaint": {"response": "4 hours", "resolution": "48 hours"},
           "ticket": {"response": "2 hours", "resolution": "3 days"},
           "internal": {"response": "15 minutes", "resolution": "8 hours", "calendar": "office"}},
         "calendars": {"office": {"time_zone": "UTC",
           "hours": {"mon": ["08:00-18:00"], "tue": ["08:00-18:00"], "wed": ["08:00-18:00"],
                     "thu": ["08:00-18:00"], "fri": ["08:00-18:00"]}}}}'::jsonb;

-- Surveys sent (seed 003): one after every answered contact, a passive
-- survey (the IVR asks after an inbound call or a complaint) or an active
-- rating (the agent asks on an outbound call or a ticket); answered when
-- the contact has a CSAT score.
CREATE VIEW warehouse.survey_invitations AS
SELECT contact_id, agent_id, started_at,
       CASE WHEN work_type IN ('inbound', 'complaint') THEN 'passive' ELSE 'active' END AS channel,
       csat_score IS NOT NULL AS answered
FROM warehouse.contacts
WHERE answered;

-- A uniform draw in [0, 1) for (key, salt): the generator's only source of
-- randomness, so its output depends on the parameters alone, never on the
-- plan or on random()'s state.
CREATE FUNCTION warehouse.uniform(key bigint, salt int, seed int)
RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (hashint8extended(key, seed::bigint * 1000 + salt) & 2147483647)::float8
       / 2147483648.0;

-- Contact reason for a uniform draw; repeats in the list are the weights.
CREATE FUNCTION warehouse.pick_reason(u double precision)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (ARRAY['billing', 'billing', 'billing', 'billing', 'billing',
              'plan_change', 'plan_change', 'plan_change',
              'device', 'device', 'device', 'outage', 'outage',
              'cancel', 'cancel', 'moving', 'roaming', 'password',
              'delivery', 'contract'])[1 + floor(u * 20)::int];

-- A person's name for a number (agents and supervisors): 400 consecutive
-- numbers get 400 different names.
CREATE FUNCTION warehouse.person_name(n int)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (ARRAY['Anna', 'Ben', 'Chen', 'Dana', 'Emil', 'Fatima', 'Greta', 'Hugo',
              'Ines', 'Jonas', 'Karin', 'Leon', 'Mia', 'Nils', 'Olga', 'Pavel',
              'Rosa', 'Sami', 'Tara', 'Yusuf'])[1 + n % 20]
       || ' ' ||
       (ARRAY['Adler', 'Becker', 'Costa', 'Dietrich', 'Engel', 'Fischer', 'Garcia',
              'Hoffmann', 'Ivanova', 'Jansen', 'Kaya', 'Lange', 'Meyer', 'Novak',
              'Ortega', 'Peters', 'Richter', 'Schulz', 'Vogel', 'Wagner'])[1 + (n / 20 + 7 * n) % 20];

-- Fill the warehouse: `agents` agents in teams of 12 under 4 centers, `days`
-- days from `first_day`, on average `contacts_per_agent_day` contacts per
-- agent and calendar day (days off and follow-ups included), so the contacts
-- number about agents * days * contacts_per_agent_day, and the monthly KPI
-- inputs of every center and team for the months those days touch.  Same
-- parameters, same rows.  Returns the number of contacts.
--
-- Times: a business day runs 08:00-20:00 UTC; agents work 8-hour shifts
-- starting at 08:00, 10:00 or 12:00.  Internally a contact's time is kept as
-- business seconds t = day * 43200 + seconds since 08:00.
--
-- Repeats are real re-contacts: every contact may be followed, with its
-- agent's repeat probability, by a follow-up of the same customer (usually
-- about the same reason) 2 business hours to 6 days later, answered by a
-- random agent on duty at that hour; a follow-up may in turn be followed, up
-- to three in a chain.  Every first contact draws its customer from a pool ten
-- months of contacts large, so unrelated returns within a week stay rare.
CREATE FUNCTION warehouse.generate(agents int, days int, contacts_per_agent_day int,
                                   seed int DEFAULT 1, first_day date DEFAULT '2026-10-01')
RETURNS bigint
LANGUAGE plpgsql
SET work_mem = '256MB'
SET maintenance_work_mem = '1GB'
-- sorting millions of customer ids is three times faster than hashing them
SET enable_hashagg = off
SET client_min_messages = warning
AS $$
DECLARE
    -- business time 0: 08:00 UTC on the first day, as a Unix epoch
    epoch0 double precision := extract(epoch FROM first_day + time '08:00');
    -- first contacts per agent on a worked weekday at productivity 1: days
    -- off and lighter weekends (x0.72), productivity (x0.9) and follow-ups
    -- (x1.23) bring the calendar average back to contacts_per_agent_day
    fresh_per_day double precision := contacts_per_agent_day / 0.8;
    pool bigint := 10::bigint * agents * contacts_per_agent_day * 30;
    n bigint;
    -- progress lines for tools/step.sh (INFO reaches the client whatever
    -- client_min_messages says): SET warehouse.progress = on
    progress boolean := current_setting('warehouse.progress', true) = 'on';
BEGIN
    IF agents < 1 OR days < 1 OR contacts_per_agent_day < 1 THEN
        RAISE EXCEPTION 'agents, days and contacts_per_agent_day must be positive';
    END IF;

    ALTER TABLE warehouse.contacts DROP CONSTRAINT IF EXISTS contacts_pkey;
    ALTER TABLE warehouse.work_items DROP CONSTRAINT IF EXISTS work_items_pkey;
    ALTER TABLE warehouse.sales DROP CONSTRAINT IF EXISTS sales_pkey;
    ALTER TABLE warehouse.customers DROP CONSTRAINT IF EXISTS customers_pkey;
    DROP INDEX IF EXISTS warehouse.contacts_customer_idx, warehouse.contacts_agent_idx;
    TRUNCATE warehouse.sales, warehouse.work_items, warehouse.inbound_schedule, warehouse.contacts, warehouse.customers, warehouse.center_month_inputs,
             warehouse.team_month_inputs, warehouse.agents, warehouse.teams,
             warehouse.centers;

    IF progress THEN RAISE INFO 'progress: agents and teams'; END IF;
    INSERT INTO warehouse.centers VALUES
        (1, 'North', 'Hamburg'), (2, 'South', 'Munich'),
        (3, 'East', 'Leipzig'), (4, 'West', 'Cologne');

    INSERT INTO warehouse.teams
    SELECT t, 1 + (t - 1) % 4, 'Team ' || t, warehouse.person_name(agents + t)
    FROM generate_series(1, (agents + 11) / 12) AS t;

    INSERT INTO warehouse.agents
    SELECT a, 1 + (a - 1) / 12, warehouse.person_name(a),
           first_day - 30 - floor(3000 * warehouse.uniform(a, 1, seed) ^ 1.5)::int
    FROM generate_series(1, agents) AS a;

    -- Working tables, dropped at commit (or left by an earlier call in the
    -- same transaction).
    DROP TABLE IF EXISTS pg_temp.agent_profile, pg_temp.agent_day,
                         pg_temp.roster, pg_temp.staffing, pg_temp.input_month;

    -- The calendar months the days touch; counts in the monthly inputs scale
    -- with the share of the month covered.  key + center or team id keys the
    -- month's draws.
    CREATE TEMP TABLE input_month ON COMMIT DROP AS
    SELECT mo::date AS month,
           (least((mo + interval '1 month')::date, first_day + days) - greatest(mo::date, first_day))::float8
               / ((mo + interval '1 month')::date - mo::date) AS covered,
           (extract(year FROM mo) * 12 + extract(month FROM mo))::bigint * 1000000 AS key
    FROM generate_series(date_trunc('month', first_day::timestamp),
                         (first_day + days - 1)::timestamp, interval '1 month') AS mo;

    -- Each center and team has levels of its own and each month adds noise,
    -- so the scorecards differ between centers and teams and the targets
    -- (exam and QA 80, performance 85, full processing, no complaints or
    -- report errors; CSAT 0.85, cost 4.0, 50 knowledge entries, attendance
    -- 0.95, utilization 0.92) are missed now and then.
    INSERT INTO warehouse.center_month_inputs
    SELECT c.center_id, m.month, v.received,
           v.received - floor(v.received * v.backlog)::int,
           round(v.exam::numeric, 1), round(v.qa::numeric, 1), round(v.performance::numeric, 1),
           -- geometric counts with the given mean: P(n >= k) = (mean / (1 + mean))^k
           floor(ln(1 - warehouse.uniform(m.key + c.center_id, 65, seed)) / ln(v.complaints / (1 + v.complaints))),
           floor(ln(1 - warehouse.uniform(m.key + c.center_id, 66, seed)) / ln(v.errors / (1 + v.errors)))
    FROM (SELECT t.center_id, count(*) AS staff
          FROM warehouse.agents JOIN warehouse.teams AS t USING (team_id)
          GROUP BY t.center_id) AS c
    CROSS JOIN input_month AS m
    CROSS JOIN LATERAL (
        SELECT -- 2-3 pieces of non-call work per agent and day
               round(c.staff * 30 * m.covered * (2 + warehouse.uniform(c.center_id, 60, seed))
                     * (0.9 + 0.2 * warehouse.uniform(m.key + c.center_id, 60, seed)))::int AS received,
               -- share still open at month end: up to 6%, none in one month in five
               greatest(0, (0.005 + 0.025 * warehouse.uniform(c.center_id, 61, seed))
                           * (2.5 * warehouse.uniform(m.key + c.center_id, 61, seed) - 0.5)) AS backlog,
               78 + 8 * warehouse.uniform(c.center_id, 62, seed)
                  + 6 * (warehouse.uniform(m.key + c.center_id, 62, seed) - 0.5) AS exam,
               77 + 8 * warehouse.uniform(c.center_id, 63, seed)
                  + 6 * (warehouse.uniform(m.key + c.center_id, 63, seed) - 0.5) AS qa,
               83 + 7 * warehouse.uniform(c.center_id, 64, seed)
                  + 5 * (warehouse.uniform(m.key + c.center_id, 64, seed) - 0.5) AS performance,
               -- per month: 0.3-1.2 major complaints, 0.1-0.8 report errors
               m.covered * (0.3 + 0.9 * warehouse.uniform(c.center_id, 65, seed)) AS complaints,
               m.covered * (0.1 + 0.7 * warehouse.uniform(c.center_id, 66, seed)) AS errors
    ) AS v;

    -- A center effect (its city's wages, its service culture) plus the team's
    -- own level plus monthly noise.
    INSERT INTO warehouse.team_month_inputs
    SELECT t.team_id, m.month,
           round((0.80 + 0.03 * warehouse.uniform(t.center_id, 67, seed)
                       + 0.09 * warehouse.uniform(t.team_id, 70, seed)
                       + 0.03 * (warehouse.uniform(m.key + t.team_id, 70, seed) - 0.5))::numeric, 3),
           round((2.7 + 0.8 * warehouse.uniform(t.center_id, 68, seed)
                      + 0.9 * warehouse.uniform(t.team_id, 71, seed)
                      + 0.3 * (warehouse.uniform(m.key + t.team_id, 71, seed) - 0.5))::numeric, 2),
           round((35 + 45 * warehouse.uniform(t.team_id, 72, seed)) * m.covered
                 * (0.85 + 0.3 * warehouse.uniform(m.key + t.team_id, 72, seed)))::int,
           round((0.935 + 0.045 * warehouse.uniform(t.team_id, 73, seed)
                        + 0.01 * (warehouse.uniform(m.key + t.team_id, 73, seed) - 0.5))::numeric, 3),
           round((0.88 + 0.08 * warehouse.uniform(t.team_id, 74, seed)
                       + 0.02 * (warehouse.uniform(m.key + t.team_id, 74, seed) - 0.5))::numeric, 3)
    FROM warehouse.teams AS t
    CROSS JOIN input_month AS m;

    -- What makes agents differ.  Not stored in the warehouse: the contacts
    -- show it, as real data would.
    CREATE TEMP TABLE agent_profile ON COMMIT DROP AS
    SELECT a AS agent_id,
           7200 * floor(3 * warehouse.uniform(a, 2, seed))::int AS shift_start,
           0.7 + 0.4 * warehouse.uniform(a, 3, seed) AS productivity,
           0.045 + 0.09 * warehouse.uniform(a, 4, seed) AS dissatisfied_p,
           0.005 + 0.01 * warehouse.uniform(a, 5, seed) AS invalid_p,
           0.10 + 0.20 * warehouse.uniform(a, 6, seed) AS repeat_p,
           0.02 + 0.04 * warehouse.uniform(a, 7, seed) AS sale_p,
           0.85 + 0.35 * warehouse.uniform(a, 8, seed) AS handle_factor
    FROM generate_series(1, agents) AS a;

    -- Worked agent-days and their number of first contacts; weekends have
    -- fewer agents on duty and fewer contacts each.  first_slot numbers the
    -- first contacts densely: contact_id = 4 * slot + follow-up level.
    CREATE TEMP TABLE agent_day ON COMMIT DROP AS
    SELECT agent_id, day, shift_start, repeat_p, fresh,
           sum(fresh) OVER (ORDER BY day, agent_id) - fresh AS first_slot
    FROM (
        SELECT p.agent_id, d AS day, p.shift_start, p.repeat_p,
               round(fresh_per_day * p.productivity
                     * CASE extract(isodow FROM first_day + d) WHEN 6 THEN 0.75 WHEN 7 THEN 0.6 ELSE 1 END
                     * (0.85 + 0.3 * warehouse.uniform(d::bigint * agents + p.agent_id, 10, seed)))::int AS fresh
        FROM agent_profile p, generate_series(0, days - 1) AS d
        WHERE warehouse.uniform(d::bigint * agents + p.agent_id, 11, seed)
              >= CASE WHEN extract(isodow FROM first_day + d) >= 6 THEN 0.55 ELSE 0.12 END
    ) AS worked
    WHERE fresh > 0;

    IF progress THEN RAISE INFO 'progress: contacts'; END IF;
    -- Who is on duty in each business hour, numbered for a random pick.
    CREATE TEMP TABLE roster ON COMMIT DROP AS
    SELECT day, shift_start / 3600 + h AS hour, agent_id, repeat_p,
           row_number() OVER (PARTITION BY day, shift_start / 3600 + h ORDER BY agent_id) - 1 AS pick
    FROM agent_day, generate_series(0, 7) AS h;
    CREATE TEMP TABLE staffing ON COMMIT DROP AS
    SELECT day, hour, count(*) AS on_duty FROM roster GROUP BY day, hour;
    ANALYZE agent_profile, agent_day, roster, staffing;

    INSERT INTO warehouse.contacts
    WITH RECURSIVE chain AS (
        -- First contacts, spread evenly over the agent's shift.  The fresh
        -- mix leaves room for follow-ups (inbound or complaint) so that all
        -- contacts mix about 70% inbound, 12% outbound, 8% complaint, 10% ticket.
        SELECT (d.first_slot + k) * 4 AS contact_id, 0 AS level, d.agent_id, d.repeat_p,
               1 + floor(pool * warehouse.uniform(d.first_slot + k, 20, seed))::bigint AS customer_id,
               d.day * 43200 + d.shift_start
                   + floor((k - 1 + warehouse.uniform(d.first_slot + k, 21, seed)) * 28800 / d.fresh)::int AS t,
               CASE WHEN u.work < 0.66 THEN 'inbound'
                    WHEN u.work < 0.81 THEN 'outbound'
                    WHEN u.work < 0.88 THEN 'complaint'
                    ELSE 'ticket' END AS work_type,
               warehouse.pick_reason(warehouse.uniform(d.first_slot + k, 23, seed)) AS reason
        FROM agent_day AS d
        CROSS JOIN generate_series(1, d.fresh) AS k
        CROSS JOIN LATERAL (SELECT warehouse.uniform(d.first_slot + k, 22, seed) AS work) AS u
      UNION ALL
        -- The customer was not helped for good and contacts again.  Lags are
        -- skewed (median about one business day); follow-ups past the last
        -- day are not generated.
        SELECT c.contact_id + 1, c.level + 1, r.agent_id, r.repeat_p, c.customer_id, f.t,
               CASE WHEN warehouse.uniform(c.contact_id, 31, seed) < 0.15 THEN 'complaint' ELSE 'inbound' END,
               CASE WHEN warehouse.uniform(c.contact_id, 32, seed) < 0.8 THEN c.reason
                    ELSE warehouse.pick_reason(warehouse.uniform(c.contact_id, 33, seed)) END
        FROM chain AS c
        CROSS JOIN LATERAL (
            SELECT c.t + 7200 + floor((6 * 43200 - 7200) * warehouse.uniform(c.contact_id, 34, seed) ^ 2.5)::int AS t
        ) AS f
        JOIN staffing AS s ON s.day = f.t / 43200 AND s.hour = f.t % 43200 / 3600
        JOIN roster AS r ON r.day = s.day AND r.hour = s.hour
                        AND r.pick = floor(s.on_duty * warehouse.uniform(c.contact_id, 35, seed))::bigint
        WHERE c.level < 3 AND warehouse.uniform(c.contact_id, 30, seed) < c.repeat_p
    )
    SELECT c.contact_id, c.agent_id, c.customer_id,
           to_timestamp(epoch0 + c.t / 43200 * 86400 + c.t % 43200),
           c.work_type,
           -- outbound and tickets do not queue; abandoned callers waited
           -- longer; most calls are answered within 20 s, one in ten waits
           -- on a busy queue
           round(CASE WHEN c.work_type IN ('outbound', 'ticket') THEN 0
                      WHEN q.abandoned THEN 5 + 60 * w.busy * w.wait
                      WHEN warehouse.uniform(c.contact_id, 42, seed) < 0.1 THEN 100 * w.busy * w.wait
                      ELSE 10 * w.busy * w.wait END),
           NOT q.abandoned,
           CASE WHEN NOT q.abandoned THEN
               -- log-normal around the median for the work type; a planted
               -- anomaly (seed 003): agent 7 rushes customers in the fourth
               -- week, handle times 25% shorter
               greatest(20, round(p.handle_factor * exp(0.45 * w.z)
                   * CASE c.work_type WHEN 'inbound' THEN 300 WHEN 'outbound' THEN 210
                                      WHEN 'complaint' THEN 600 ELSE 420 END
                   * CASE WHEN c.agent_id = 7 AND c.t / 43200 BETWEEN 21 AND 27 THEN 0.75 ELSE 1 END))
           END,
           NOT q.abandoned AND sv.unhappy,
           NOT q.abandoned AND warehouse.uniform(c.contact_id, 46, seed) < p.invalid_p,
           c.reason,
           CASE WHEN NOT q.abandoned AND warehouse.uniform(c.contact_id, 47, seed)
                     < p.sale_p * CASE c.work_type WHEN 'inbound' THEN 1 WHEN 'outbound' THEN 2.5 ELSE 0 END
                THEN (ARRAY['A', 'B', 'B', 'B', 'C', 'C', 'C', 'C', 'C', 'C'])
                     [1 + floor(10 * warehouse.uniform(c.contact_id, 48, seed))::int]
           END,
           -- a quarter of handled customers answer the survey; the dissatisfied
           -- ones score low
           CASE WHEN sv.survey THEN
               CASE WHEN sv.unhappy THEN 1 + floor(2 * w.u_csat)::int
                    ELSE (ARRAY[3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5])[1 + floor(20 * w.u_csat)::int] END
           END,
           CASE WHEN sv.survey THEN
               CASE WHEN sv.unhappy THEN floor(7 * w.u_nps)::int
                    WHEN w.u_nps < 0.6 THEN 9 + floor(2 * (w.u_nps / 0.6))::int
                    WHEN w.u_nps < 0.9 THEN 7 + floor(2 * ((w.u_nps - 0.6) / 0.3))::int
                    ELSE floor(7 * ((w.u_nps - 0.9) / 0.1))::int END
           END
    FROM chain AS c
    JOIN agent_profile AS p USING (agent_id)
    CROSS JOIN LATERAL (
        SELECT -- how busy the queue is in this business hour, 0.5 to 1.5
               0.5 + warehouse.uniform(c.t / 3600, 40, seed) AS busy,
               -ln(1 - warehouse.uniform(c.contact_id, 41, seed)) AS wait,
               -- a standard normal draw (Box-Muller)
               sqrt(-2 * ln(1 - warehouse.uniform(c.contact_id, 43, seed)))
                   * cos(2 * pi() * warehouse.uniform(c.contact_id, 44, seed)) AS z,
               warehouse.uniform(c.contact_id, 53, seed) AS u_csat,
               warehouse.uniform(c.contact_id, 54, seed) AS u_nps
    ) AS w
    CROSS JOIN LATERAL (
        SELECT -- only inbound calls are abandoned: a caller who hangs up has
               -- not been classified as a complaint yet
               c.work_type = 'inbound' AND warehouse.uniform(c.contact_id, 49, seed) < 0.065 * w.busy AS abandoned
    ) AS q
    CROSS JOIN LATERAL (
        SELECT NOT q.abandoned AND warehouse.uniform(c.contact_id, 52, seed) < 0.25 AS survey,
               -- complaints and follow-ups leave customers unhappier
               warehouse.uniform(c.contact_id, 45, seed) < p.dissatisfied_p
                   * CASE WHEN c.work_type = 'complaint' THEN 2 ELSE 1 END
                   * CASE WHEN c.level > 0 THEN 1.4 ELSE 1 END AS unhappy
    ) AS sv;
    GET DIAGNOSTICS n = ROW_COUNT;

    -- Work items.  Complaint contacts open a case (12% escalated, 4% major):
    -- callbacks take an exponential time with a mean of 9 hours (1.5 when
    -- escalated), closure a further log-normal time around 20 hours.
    -- Ticket contacts open a ticket answered after an exponential 50
    -- minutes and closed after a log-normal day or so.  One inbound call in
    -- 40 raises an internal request: answered after an exponential 6
    -- minutes of office time (a request raised outside office hours waits
    -- for the next opening) and closed an exponential 2 hours after.  What
    -- falls after the end of the generated days has not happened yet.
    IF progress THEN RAISE INFO 'progress: work items'; END IF;
    INSERT INTO warehouse.work_items
    SELECT w.contact_id * 2 + (w.class = 'internal')::int, w.contact_id, w.agent_id, w.customer_id, w.class,
           w.opened_at,
           CASE WHEN w.responded_at <= w.now THEN w.responded_at END,
           CASE WHEN w.closed_at <= w.now THEN w.closed_at END,
           -- a ticket escalates once unanswered for 2 hours (by the end of the data)
           w.escalated OR (w.class = 'ticket' AND w.responded_at > w.opened_at + interval '2 hours'
                           AND w.opened_at + interval '2 hours' <= w.now), w.major
    FROM (
        SELECT c.contact_id, c.agent_id, c.customer_id, k.class, k.opened_at, k.escalated, k.major,
               k.responded_at, k.responded_at + k.close_lag AS closed_at,
               (first_day + days)::timestamp AT TIME ZONE 'UTC' AS now
        FROM warehouse.contacts c
        CROSS JOIN LATERAL (
            SELECT warehouse.uniform(c.contact_id, 80, seed) AS u_esc,
                   -ln(1 - warehouse.uniform(c.contact_id, 81, seed)) AS e1,
                   sqrt(-2 * ln(1 - warehouse.uniform(c.contact_id, 82, seed)))
                       * cos(2 * pi() * warehouse.uniform(c.contact_id, 83, seed)) AS z,
                   -ln(1 - warehouse.uniform(c.contact_id, 84, seed)) AS e2
        ) u
        CROSS JOIN LATERAL (
            SELECT CASE WHEN c.work_type = 'complaint' AND u.u_esc < 0.12 THEN 'escalated_complaint'
                        WHEN c.work_type = 'complaint' THEN 'complaint'
                        WHEN c.work_type = 'ticket' THEN 'ticket' END AS class,
                   c.work_type = 'complaint' AND u.u_esc < 0.12 AS escalated,
                   c.work_type = 'complaint' AND warehouse.uniform(c.contact_id, 85, seed) < 0.04 AS major,
                   c.started_at AS opened_at,
                   c.started_at + u.e1 * CASE WHEN c.work_type = 'ticket' THEN interval '50 minutes'
                                              WHEN u.u_esc < 0.12 THEN interval '90 minutes'
                                              ELSE interval '9 hours' END AS responded_at,
                   exp(0.8 * u.z) * CASE WHEN c.work_type = 'ticket' THEN interval '22 hours'
                                         ELSE interval '20 hours' END AS close_lag
            UNION ALL
            -- the internal request of an inbound call, raised mid-call
            SELECT 'internal', false, false, o.opened_at,
                   CASE WHEN extract(isodow FROM o.opened_at AT TIME ZONE 'UTC') <= 5
                             AND (o.opened_at AT TIME ZONE 'UTC')::time BETWEEN '08:00' AND '17:30'
                        THEN o.opened_at
                        ELSE (date_trunc('day', o.opened_at AT TIME ZONE 'UTC') + interval '1 day 8 hours'
                              + CASE extract(isodow FROM o.opened_at AT TIME ZONE 'UTC')
                                    WHEN 5 THEN interval '2 days' WHEN 6 THEN interval '1 day' ELSE interval '0' END)
                             AT TIME ZONE 'UTC' END
                   + u.e1 * interval '6 minutes',
                   u.e2 * interval '2 hours'
            FROM (SELECT c.started_at + interval '2 minutes' AS opened_at) o
            WHERE c.work_type = 'inbound' AND c.answered AND warehouse.uniform(c.contact_id, 86, seed) < 0.025
        ) k
        WHERE k.class IS NOT NULL
    ) w;

    -- Sales and their refunds (see the table).
    IF progress THEN RAISE INFO 'progress: sales'; END IF;
    INSERT INTO warehouse.sales
    SELECT s.contact_id * 2 + r.refund, s.contact_id, s.agent_id,
           s.started_at + r.refund * (1 + 9 * warehouse.uniform(s.contact_id, 89, seed)) * interval '1 day',
           (1 - 2 * r.refund) * s.amount
    FROM (SELECT c.contact_id, c.agent_id, c.started_at,
                 round((CASE c.sale_tier WHEN 'A' THEN 9000 WHEN 'B' THEN 3750 ELSE 1400 END
                        * (0.5 + warehouse.uniform(c.contact_id, 87, seed)))::numeric, 2) AS amount
          FROM warehouse.contacts c WHERE c.sale_tier IS NOT NULL) s
    CROSS JOIN LATERAL (SELECT 0 AS refund
                        UNION ALL
                        SELECT 1 WHERE warehouse.uniform(s.contact_id, 88, seed) < 0.02) r
    WHERE s.started_at + r.refund * (1 + 9 * warehouse.uniform(s.contact_id, 89, seed)) * interval '1 day'
          < (first_day + days)::timestamp AT TIME ZONE 'UTC';

    -- Every customer made a first contact (contact_id = 4 * slot).
    IF progress THEN RAISE INFO 'progress: customers'; END IF;
    INSERT INTO warehouse.customers
    SELECT customer_id,
           CASE WHEN u < 0.80 THEN 'consumer' WHEN u < 0.95 THEN 'small_business' ELSE 'enterprise' END
    FROM (SELECT customer_id, warehouse.uniform(customer_id, 50, seed) AS u
          FROM warehouse.contacts
          WHERE contact_id % 4 = 0
          GROUP BY customer_id) AS c;

    -- The flat schedule (see the table): per center and kind of day, the
    -- mean inbound traffic A of a business hour (calls x their mean handle
    -- time, abandoned calls included, in erlangs) plus sqrt(A), rounded up.
    IF progress THEN RAISE INFO 'progress: the schedule'; END IF;
    INSERT INTO warehouse.inbound_schedule
    WITH inbound AS (
        SELECT t.center_id, (c.started_at AT TIME ZONE 'UTC')::date AS day,
               count(*) * avg(c.handle_seconds) AS workload
        FROM warehouse.contacts c JOIN warehouse.agents a USING (agent_id) JOIN warehouse.teams t USING (team_id)
        WHERE c.work_type = 'inbound'
        GROUP BY 1, 2),
    flat AS (
        SELECT center_id, extract(isodow FROM day) >= 6 AS weekend,
               ceil(avg(workload) / (12 * 3600) + sqrt(avg(workload) / (12 * 3600)))::int AS agents
        FROM inbound GROUP BY 1, 2)
    SELECT f.center_id, d + slot * interval '30 minutes', f.agents
    FROM generate_series(first_day::timestamp, first_day + days + 6, interval '1 day') AS d
    CROSS JOIN generate_series(16, 39) AS slot
    JOIN flat AS f ON f.weekend = (extract(isodow FROM d) >= 6);

    IF progress THEN RAISE INFO 'progress: keys, indexes and statistics'; END IF;
    ALTER TABLE warehouse.contacts ADD PRIMARY KEY (contact_id);
    ALTER TABLE warehouse.customers ADD PRIMARY KEY (customer_id);
    ALTER TABLE warehouse.work_items ADD PRIMARY KEY (item_id);
    ALTER TABLE warehouse.sales ADD PRIMARY KEY (sale_id);
    CREATE INDEX contacts_customer_idx ON warehouse.contacts (customer_id, started_at);
    CREATE INDEX contacts_agent_idx ON warehouse.contacts (agent_id, started_at);
    ANALYZE warehouse.centers, warehouse.teams, warehouse.agents, warehouse.customers,
            warehouse.contacts, warehouse.work_items, warehouse.sales, warehouse.inbound_schedule, warehouse.center_month_inputs, warehouse.team_month_inputs;
    RETURN n;
END
$$;
