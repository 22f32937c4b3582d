-- Effective capacity (DESIGN 2): the result type, the capacity_summary type and its
-- aggregates, scoring under rules, rollup and merge.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.capacity AS (
    contacts bigint,
    volume double precision,
    invalid_volume double precision,
    quality_rate double precision,
    quality_deduction double precision,
    fcr_rate double precision,
    effectiveness_deduction double precision,
    sales bigint,
    marketing_bonus double precision,
    effective double precision,
    target double precision,
    completion_rate double precision
);

COMMENT ON TYPE @extschema@.capacity IS
'Effective capacity of a group of contacts: contacts, weighted volume of valid contacts, volume of QA-invalid contacts, quality and FCR rates (fractions 0..1), the quality and effectiveness (repeat-contact) deductions, sales and their bonus, effective capacity, the target and completion_rate = effective / target.';

CREATE TYPE @extschema@.capacity_summary;

CREATE FUNCTION @extschema@.capacity_summary_in(cstring)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_summary_in(cstring) IS
'Text input of capacity_summary (JSON).';

CREATE FUNCTION @extschema@.capacity_summary_out(@extschema@.capacity_summary)
    RETURNS cstring
    AS 'MODULE_PATHNAME', 'capacity_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_summary_out(@extschema@.capacity_summary) IS
'Text output of capacity_summary (JSON).';

CREATE FUNCTION @extschema@.capacity_summary_recv(internal)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_summary_recv(internal) IS
'Binary input of capacity_summary.';

CREATE FUNCTION @extschema@.capacity_summary_send(@extschema@.capacity_summary)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'capacity_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_summary_send(@extschema@.capacity_summary) IS
'Binary output of capacity_summary.';

CREATE TYPE @extschema@.capacity_summary (
    INPUT = @extschema@.capacity_summary_in,
    OUTPUT = @extschema@.capacity_summary_out,
    RECEIVE = @extschema@.capacity_summary_recv,
    SEND = @extschema@.capacity_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.capacity_summary IS
'Rules-independent counters of a group of contacts (per work type: valid, invalid, dissatisfied, repeat among valid and invalid; per sale tier: sales), from which effective capacity is scored. Storable, combinable with rollup(), re-scorable with other rules. Text form is JSON.';

CREATE FUNCTION @extschema@.default_capacity_rules()
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'default_capacity_rules'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.default_capacity_rules() IS
'The default effective-capacity rules: work type weights, dissatisfied and repeat penalties, quality and FCR deduction tiers, sale tier bonuses and the daily target.';

CREATE FUNCTION @extschema@.validate_capacity_rules(rules jsonb)
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'validate_capacity_rules'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.validate_capacity_rules(jsonb) IS
'Returns the capacity rules document unchanged, or raises an error naming the JSON path and the problem. Usable in a CHECK constraint.';

CREATE FUNCTION @extschema@.capacity_trans(state @extschema@.capacity_summary, work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_trans(@extschema@.capacity_summary, text, boolean, boolean, boolean, text) IS
'Transition function of capacity_summary() and effective_capacity(): adds one contact.';

CREATE FUNCTION @extschema@.capacity_trans(state @extschema@.capacity_summary, work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text, rules jsonb)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_trans_rules'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_trans(@extschema@.capacity_summary, text, boolean, boolean, boolean, text, jsonb) IS
'Transition function of effective_capacity(..., rules): adds one contact; the state carries the (validated) rules.';

CREATE FUNCTION @extschema@.capacity_inv(state @extschema@.capacity_summary, work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_inv(@extschema@.capacity_summary, text, boolean, boolean, boolean, text) IS
'Inverse transition (moving-aggregate mode): removes one contact.';

CREATE FUNCTION @extschema@.capacity_inv(state @extschema@.capacity_summary, work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text, rules jsonb)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_inv(@extschema@.capacity_summary, text, boolean, boolean, boolean, text, jsonb) IS
'Inverse transition (moving-aggregate mode) of effective_capacity(..., rules): removes one contact.';

CREATE FUNCTION @extschema@.capacity_combine(@extschema@.capacity_summary, @extschema@.capacity_summary)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_combine(@extschema@.capacity_summary, @extschema@.capacity_summary) IS
'Adds two capacity summaries (combine function; transition function of rollup()). Summaries carrying different rules cannot be combined.';

CREATE FUNCTION @extschema@.capacity_subtract(@extschema@.capacity_summary, @extschema@.capacity_summary)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_subtract'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.capacity_subtract(@extschema@.capacity_summary, @extschema@.capacity_summary) IS
'Removes the second capacity summary from the first, which must contain it (inverse transition of rollup()).';

CREATE FUNCTION @extschema@.effective_capacity(summary @extschema@.capacity_summary)
    RETURNS @extschema@.capacity
    AS 'MODULE_PATHNAME', 'capacity_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.effective_capacity(@extschema@.capacity_summary) IS
'Scores a capacity summary with the rules it carries, or the default rules. NULL for a summary of no contacts.';

CREATE FUNCTION @extschema@.effective_capacity(summary @extschema@.capacity_summary, rules jsonb)
    RETURNS @extschema@.capacity
    AS 'MODULE_PATHNAME', 'capacity_score'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.effective_capacity(@extschema@.capacity_summary, jsonb) IS
'Scores (or re-scores) a stored capacity summary with the given rules. NULL summary gives NULL; NULL rules is an error.';

CREATE FUNCTION @extschema@.merge(a @extschema@.capacity_summary, b @extschema@.capacity_summary)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.capacity_summary, @extschema@.capacity_summary) IS
'The capacity summary of the contacts of both summaries (for INSERT ... ON CONFLICT DO UPDATE); summaries carrying different rules cannot be merged.';

CREATE AGGREGATE @extschema@.capacity_summary(work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text) (
    SFUNC = @extschema@.capacity_trans, STYPE = @extschema@.capacity_summary,
    COMBINEFUNC = @extschema@.capacity_combine,
    MSFUNC = @extschema@.capacity_trans, MINVFUNC = @extschema@.capacity_inv, MSTYPE = @extschema@.capacity_summary,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.capacity_summary(text, boolean, boolean, boolean, text) IS
'Rules-independent summary of handled contacts (work type, dissatisfied, QA-invalid, repeat, sale tier) for storing and scoring later with effective_capacity(summary [, rules]). Rows with NULL work_type are skipped; NULL flags count as false; NULL sale_tier is no sale.';

CREATE AGGREGATE @extschema@.effective_capacity(work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text) (
    SFUNC = @extschema@.capacity_trans, STYPE = @extschema@.capacity_summary,
    FINALFUNC = @extschema@.effective_capacity, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.capacity_combine,
    MSFUNC = @extschema@.capacity_trans, MINVFUNC = @extschema@.capacity_inv, MSTYPE = @extschema@.capacity_summary,
    MFINALFUNC = @extschema@.effective_capacity, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.effective_capacity(text, boolean, boolean, boolean, text) IS
'Effective capacity of handled contacts under the default rules (effcap.default_capacity_rules()). Rows with NULL work_type are skipped; NULL flags count as false; NULL sale_tier is no sale. NULL for no contacts.';

CREATE AGGREGATE @extschema@.effective_capacity(work_type text, dissatisfied boolean, invalid boolean, repeat boolean, sale_tier text, rules jsonb) (
    SFUNC = @extschema@.capacity_trans, STYPE = @extschema@.capacity_summary,
    FINALFUNC = @extschema@.effective_capacity, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.capacity_combine,
    MSFUNC = @extschema@.capacity_trans, MINVFUNC = @extschema@.capacity_inv, MSTYPE = @extschema@.capacity_summary,
    MFINALFUNC = @extschema@.effective_capacity, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.effective_capacity(text, boolean, boolean, boolean, text, jsonb) IS
'Effective capacity of handled contacts under the given rules (validated once per query; the state carries them). NULL rules is an error.';

CREATE AGGREGATE @extschema@.rollup(@extschema@.capacity_summary) (
    SFUNC = @extschema@.capacity_combine, STYPE = @extschema@.capacity_summary,
    COMBINEFUNC = @extschema@.capacity_combine,
    MSFUNC = @extschema@.capacity_combine, MINVFUNC = @extschema@.capacity_subtract, MSTYPE = @extschema@.capacity_summary,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.capacity_summary) IS
'Merges stored capacity summaries (e.g. agent-days into agent-months) exactly, without touching the contacts.';
