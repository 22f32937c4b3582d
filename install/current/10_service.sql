-- Service operations: business-hours clocks and time bands of the working
-- week, and the SLA summary of work items (tickets, complaint cases,
-- internal requests) with items still open at as_of censored.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE FUNCTION @extschema@.business_seconds(from_at timestamptz, to_at timestamptz, calendar jsonb)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'calendar_business_seconds'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.business_seconds(timestamptz, timestamptz, jsonb) IS
'Seconds of business time between two instants under a calendar {"time_zone": ..., "hours": {"mon": ["09:00-18:00"], ...}, "exclude": ["YYYY-MM-DD", ...]}: the overlap with the local opening hours of every day between them, excluded dates closed.';

CREATE FUNCTION @extschema@.time_band(at timestamptz, bands jsonb)
    RETURNS text
    AS 'MODULE_PATHNAME', 'calendar_time_band'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.time_band(timestamptz, jsonb) IS
'The name of the time band that holds an instant, under {"time_zone": ..., "bands": {"peak": {"mon": ["09:00-12:00"], ...}}, "default": "off_peak", "exclude": [dates]}: the band whose local span holds its local time, else (and on excluded dates) the default.';

CREATE TYPE @extschema@.sla_summary;

CREATE FUNCTION @extschema@.sla_summary_in(cstring)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_summary_in(cstring) IS
'Text input of sla_summary (JSON).';

CREATE FUNCTION @extschema@.sla_summary_out(@extschema@.sla_summary)
    RETURNS cstring
    AS 'MODULE_PATHNAME', 'sla_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_summary_out(@extschema@.sla_summary) IS
'Text output of sla_summary (JSON).';

CREATE FUNCTION @extschema@.sla_summary_recv(internal)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_summary_recv(internal) IS
'Binary input of sla_summary.';

CREATE FUNCTION @extschema@.sla_summary_send(@extschema@.sla_summary)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'sla_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_summary_send(@extschema@.sla_summary) IS
'Binary output of sla_summary.';

CREATE TYPE @extschema@.sla_summary (
    INPUT = @extschema@.sla_summary_in,
    OUTPUT = @extschema@.sla_summary_out,
    RECEIVE = @extschema@.sla_summary_recv,
    SEND = @extschema@.sla_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.sla_summary IS
'Work items of a group per class, as of an instant: clock seconds (rounded up) to the first response and to closure of the items that reached them, and waited so far by those still open, on each class''s clock (24/7 or a business-hours calendar). Read with sla_stats(summary, rules), sla_within(), sla_cycle_percentile() and sla_backlog() under whole-second targets chosen then; combinable with rollup() and merge(). Text form is JSON.';

CREATE TYPE @extschema@.sla_stats AS (
    as_of timestamptz,
    items bigint,
    escalated bigint,
    escalation_share double precision,
    open_items bigint,
    response_on_time bigint,
    response_late bigint,
    response_overdue bigint,
    response_pending bigint,
    response_breached bigint,
    response_on_time_rate double precision,
    resolution_on_time bigint,
    resolution_late bigint,
    resolution_overdue bigint,
    resolution_pending bigint,
    resolution_breached bigint,
    resolution_on_time_rate double precision,
    closed bigint,
    cycle_mean_seconds double precision,
    cycle_p50_seconds double precision,
    cycle_p90_seconds double precision
);

COMMENT ON TYPE @extschema@.sla_stats IS
'SLA statistics of work items as of as_of (NULL when none is open): per stage (response, resolution) the items that reached it on time and late, those still waiting past their target (overdue) and not yet past it (pending), breached = late + overdue, on_time_rate = on_time / (on_time + late + overdue); escalation share; open items; closed items and their cycle time (mean, p50, p90 in clock seconds).';

CREATE FUNCTION @extschema@.sla_trans(@extschema@.sla_summary, class text, opened_at timestamptz,
                                      responded_at timestamptz, closed_at timestamptz, escalated boolean,
                                      rules jsonb, as_of timestamptz)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_trans(@extschema@.sla_summary, text, timestamptz, timestamptz, timestamptz, boolean, jsonb, timestamptz) IS
'Transition function of sla_summary(): counts one work item (a NULL class or opened_at skips the row).';

CREATE FUNCTION @extschema@.sla_inv(@extschema@.sla_summary, class text, opened_at timestamptz,
                                    responded_at timestamptz, closed_at timestamptz, escalated boolean,
                                    rules jsonb, as_of timestamptz)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_inv(@extschema@.sla_summary, text, timestamptz, timestamptz, timestamptz, boolean, jsonb, timestamptz) IS
'Inverse transition of sla_summary() (moving windows).';

CREATE FUNCTION @extschema@.sla_combine(@extschema@.sla_summary, @extschema@.sla_summary)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_combine(@extschema@.sla_summary, @extschema@.sla_summary) IS
'Combine function of sla_summary() and rollup(sla_summary).';

CREATE FUNCTION @extschema@.sla_final(@extschema@.sla_summary)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_final(@extschema@.sla_summary) IS
'Final function of sla_summary() and rollup(sla_summary); NULL when no item was counted.';

CREATE FUNCTION @extschema@.sla_rollup_trans(@extschema@.sla_summary, @extschema@.sla_summary)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_rollup_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_rollup_trans(@extschema@.sla_summary, @extschema@.sla_summary) IS
'Transition function of rollup(sla_summary): adds one stored summary.';

CREATE FUNCTION @extschema@.sla_rollup_inv(@extschema@.sla_summary, @extschema@.sla_summary)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_rollup_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_rollup_inv(@extschema@.sla_summary, @extschema@.sla_summary) IS
'Inverse transition of rollup(sla_summary) (moving windows).';

CREATE FUNCTION @extschema@.merge(a @extschema@.sla_summary, b @extschema@.sla_summary)
    RETURNS @extschema@.sla_summary
    AS 'MODULE_PATHNAME', 'sla_summary_merge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.sla_summary, @extschema@.sla_summary) IS
'The SLA summary of the items of both (for INSERT ... ON CONFLICT DO UPDATE).';

CREATE FUNCTION @extschema@.sla_stats(summary @extschema@.sla_summary, rules jsonb)
    RETURNS @extschema@.sla_stats
    AS 'MODULE_PATHNAME', 'sla_stats'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_stats(@extschema@.sla_summary, jsonb) IS
'SLA statistics of a stored summary, every class judged against its own whole-second targets in rules {"classes": {"<class>": {"response": "24 hours", "resolution": "3 days", "calendar": ...}}, "calendars": {...}}; the clocks must be those the summary was built with.';

CREATE FUNCTION @extschema@.sla_within(summary @extschema@.sla_summary, stage text, within interval)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'sla_within'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_within(@extschema@.sla_summary, text, interval) IS
'The share of items that reached stage (''response'' or ''resolution'') within a whole-second interval on their clock, of those that reached it or waited past it (closure within 3 days: sla_within(s, ''resolution'', ''3 days'')); NULL when none can be judged.';

CREATE FUNCTION @extschema@.sla_cycle_percentile(summary @extschema@.sla_summary, fraction double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'sla_cycle_percentile'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sla_cycle_percentile(@extschema@.sla_summary, double precision) IS
'The smallest whole second T such that at least fraction (0 < fraction <= 1) of the closed items took T clock seconds or less from opening to closure.';

CREATE FUNCTION @extschema@.sla_backlog(summary @extschema@.sla_summary, age_bounds interval[],
                                        OUT age_from interval, OUT age_to interval, OUT items bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'sla_backlog'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 6;

COMMENT ON FUNCTION @extschema@.sla_backlog(@extschema@.sla_summary, interval[]) IS
'The items still open at as_of by their age on their clock: one row per band (age_from, age_to] between rising whole-second age_bounds, the first from 0 and the last open-ended (age_to NULL); every band, empty ones with 0.';

CREATE AGGREGATE @extschema@.sla_summary(class text, opened_at timestamptz, responded_at timestamptz,
                                         closed_at timestamptz, escalated boolean, rules jsonb, as_of timestamptz) (
    SFUNC = @extschema@.sla_trans, STYPE = @extschema@.sla_summary, SSPACE = 512,
    FINALFUNC = @extschema@.sla_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.sla_combine,
    MSFUNC = @extschema@.sla_trans, MINVFUNC = @extschema@.sla_inv, MSTYPE = @extschema@.sla_summary,
    MFINALFUNC = @extschema@.sla_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sla_summary(text, timestamptz, timestamptz, timestamptz, boolean, jsonb, timestamptz) IS
'The SLA summary of a group of work items as of as_of: per class, clock times to first response (the earlier of responded_at and closed_at) and to closure, and the waits of items still open, on the clock the rules give the class; read later with sla_stats(summary, rules).';

CREATE AGGREGATE @extschema@.rollup(@extschema@.sla_summary) (
    SFUNC = @extschema@.sla_rollup_trans, STYPE = @extschema@.sla_summary, SSPACE = 512,
    FINALFUNC = @extschema@.sla_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.sla_combine,
    MSFUNC = @extschema@.sla_rollup_trans, MINVFUNC = @extschema@.sla_rollup_inv, MSTYPE = @extschema@.sla_summary,
    MFINALFUNC = @extschema@.sla_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.sla_summary) IS
'Merges SLA summaries exactly (any order, in parallel, over window frames); summaries with items still open must share their as_of.';

CREATE TYPE @extschema@.complaint_stats AS (
    contacts bigint,
    complaints bigint,
    complaint_rate double precision,
    per_1000_contacts double precision,
    escalated bigint,
    escalated_share double precision,
    major bigint,
    recurring bigint,
    recurrence_rate double precision
);

COMMENT ON TYPE @extschema@.complaint_stats IS
'Complaint statistics of a group of contacts: contacts, complaints, complaint_rate = complaints / contacts, per_1000_contacts = 1000 complaint_rate, escalated and escalated_share = escalated / complaints, major complaints, recurring (a complaint by a customer who complained within the window before) and recurrence_rate = recurring / complaints; rates NULL without contacts or complaints. Its counts add: store it and roll it up with rollup(complaint_stats).';

CREATE FUNCTION @extschema@.complaint_stats_trans(state bigint[], complaint boolean, escalated boolean, major boolean, recurring boolean)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'complaint_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.complaint_stats_trans(bigint[], boolean, boolean, boolean, boolean) IS
'Transition function of complaint_stats: adds one contact (a NULL complaint skips the row). State {6000000000000 (kind), contacts, complaints, escalated, major, recurring}.';

CREATE FUNCTION @extschema@.complaint_stats_inv(state bigint[], complaint boolean, escalated boolean, major boolean, recurring boolean)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'complaint_stats_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.complaint_stats_inv(bigint[], boolean, boolean, boolean, boolean) IS
'Inverse transition of complaint_stats (moving windows): removes one contact.';

CREATE FUNCTION @extschema@.complaint_stats_final(state bigint[])
    RETURNS @extschema@.complaint_stats
    AS 'MODULE_PATHNAME', 'complaint_stats_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.complaint_stats_final(bigint[]) IS
'Final function of complaint_stats and rollup(complaint_stats): the effcap.complaint_stats row.';

CREATE FUNCTION @extschema@.complaint_rollup_trans(state bigint[], stats @extschema@.complaint_stats)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'complaint_rollup_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.complaint_rollup_trans(bigint[], @extschema@.complaint_stats) IS
'Transition function of rollup(complaint_stats): adds the counts of one stored row (a NULL row is skipped).';

CREATE FUNCTION @extschema@.complaint_rollup_inv(state bigint[], stats @extschema@.complaint_stats)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'complaint_rollup_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.complaint_rollup_inv(bigint[], @extschema@.complaint_stats) IS
'Inverse transition of rollup(complaint_stats) (moving windows).';

CREATE AGGREGATE @extschema@.complaint_stats(complaint boolean, escalated boolean, major boolean, recurring boolean) (
    SFUNC = @extschema@.complaint_stats_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.complaint_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.complaint_stats_trans, MINVFUNC = @extschema@.complaint_stats_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.complaint_stats_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.complaint_stats(boolean, boolean, boolean, boolean) IS
'Complaint statistics over contacts (seeds 000, 002): complaint is whether the contact is a complaint; escalated, major and recurring (e.g. effcap.is_repeat(opened_at, window) OVER (PARTITION BY customer ORDER BY opened_at) over the complaints) count on complaints only. Returns effcap.complaint_stats.';

CREATE AGGREGATE @extschema@.rollup(@extschema@.complaint_stats) (
    SFUNC = @extschema@.complaint_rollup_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.complaint_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.complaint_rollup_trans, MINVFUNC = @extschema@.complaint_rollup_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.complaint_stats_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.complaint_stats) IS
'Sums stored complaint_stats rows and computes their rates again: equal to complaint_stats over all their contacts.';

CREATE FUNCTION @extschema@.response_rate_trans(state bigint[], answered boolean)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'response_rate_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.response_rate_trans(bigint[], boolean) IS
'Transition function of response_rate: adds one survey sent (NULL skipped). State {7000000000000 (kind), surveyed, answered}.';

CREATE FUNCTION @extschema@.response_rate_inv(state bigint[], answered boolean)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'response_rate_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.response_rate_inv(bigint[], boolean) IS
'Inverse transition of response_rate (moving windows): removes one survey sent.';

CREATE FUNCTION @extschema@.response_rate_final(state bigint[])
    RETURNS @extschema@.rate_interval
    AS 'MODULE_PATHNAME', 'response_rate_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.response_rate_final(bigint[]) IS
'Final function of response_rate: answered of surveyed as an effcap.rate_interval at 95%.';

CREATE AGGREGATE @extschema@.response_rate(answered boolean) (
    SFUNC = @extschema@.response_rate_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.response_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.response_rate_trans, MINVFUNC = @extschema@.response_rate_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.response_rate_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.response_rate(boolean) IS
'The survey response rate (seed 003): one row per survey sent, answered whether it came back; returns effcap.rate_interval (successes = answered, trials = surveyed, rate, and its 95% Wilson interval). Group by channel for passive surveys against active ratings.';
