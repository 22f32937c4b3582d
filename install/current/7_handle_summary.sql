-- The handle-time summary: handle times per category, read under limits and
-- exemptions chosen then; percentiles; rollup and merge.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.handle_summary;

CREATE FUNCTION @extschema@.handle_summary_in(cstring)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_summary_in(cstring) IS
'Text input of handle_summary (JSON).';

CREATE FUNCTION @extschema@.handle_summary_out(@extschema@.handle_summary)
    RETURNS cstring
    AS 'MODULE_PATHNAME', 'handle_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_summary_out(@extschema@.handle_summary) IS
'Text output of handle_summary (JSON).';

CREATE FUNCTION @extschema@.handle_summary_recv(internal)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_summary_recv(internal) IS
'Binary input of handle_summary.';

CREATE FUNCTION @extschema@.handle_summary_send(@extschema@.handle_summary)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'handle_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_summary_send(@extschema@.handle_summary) IS
'Binary output of handle_summary.';

CREATE TYPE @extschema@.handle_summary (
    INPUT = @extschema@.handle_summary_in,
    OUTPUT = @extschema@.handle_summary_out,
    RECEIVE = @extschema@.handle_summary_recv,
    SEND = @extschema@.handle_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.handle_summary IS
'Handle times of a group per category, counted by whole seconds rounded up: read with aht_compliance(summary, limits [, exemptions]) under whole-second limits per category chosen then, and handle_percentile(); combinable with rollup() and merge(). Text form is JSON.';

CREATE FUNCTION @extschema@.handle_trans(@extschema@.handle_summary, category text, handle_seconds double precision)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_trans(@extschema@.handle_summary, text, double precision) IS
'Transition function of handle_summary(): counts one handle time (a NULL category or time skips the row).';

CREATE FUNCTION @extschema@.handle_inv(@extschema@.handle_summary, category text, handle_seconds double precision)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_inv(@extschema@.handle_summary, text, double precision) IS
'Inverse transition of handle_summary() (moving windows).';

CREATE FUNCTION @extschema@.handle_combine(@extschema@.handle_summary, @extschema@.handle_summary)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_combine(@extschema@.handle_summary, @extschema@.handle_summary) IS
'Combine function of handle_summary() and rollup(handle_summary).';

CREATE FUNCTION @extschema@.handle_final(@extschema@.handle_summary)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_final(@extschema@.handle_summary) IS
'Final function of handle_summary() and rollup(handle_summary); NULL when no handle time was counted.';

CREATE FUNCTION @extschema@.handle_rollup_trans(@extschema@.handle_summary, @extschema@.handle_summary)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_rollup_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_rollup_trans(@extschema@.handle_summary, @extschema@.handle_summary) IS
'Transition function of rollup(handle_summary): adds one stored summary.';

CREATE FUNCTION @extschema@.handle_rollup_inv(@extschema@.handle_summary, @extschema@.handle_summary)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_rollup_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_rollup_inv(@extschema@.handle_summary, @extschema@.handle_summary) IS
'Inverse transition of rollup(handle_summary) (moving windows).';

CREATE FUNCTION @extschema@.merge(a @extschema@.handle_summary, b @extschema@.handle_summary)
    RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_summary_merge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.handle_summary, @extschema@.handle_summary) IS
'The handle-time summary of both (for INSERT ... ON CONFLICT DO UPDATE).';

CREATE FUNCTION @extschema@.aht_compliance(summary @extschema@.handle_summary, limits jsonb)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'handle_aht_compliance'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aht_compliance(@extschema@.handle_summary, jsonb) IS
'Share of handled contacts within their category''s limit (limits: {"category": whole seconds}), no exemptions.';

CREATE FUNCTION @extschema@.aht_compliance(summary @extschema@.handle_summary, limits jsonb, exemptions integer)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'handle_aht_compliance'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aht_compliance(@extschema@.handle_summary, jsonb, integer) IS
'Share of handled contacts within their category''s limit, up to exemptions over-limit contacts forgiven at the grain read (seed 001: 3 a month): what aht_compliance(handle, limit, exemptions) gives over the same rows.';

CREATE FUNCTION @extschema@.handle_percentile(summary @extschema@.handle_summary, fraction double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'handle_summary_percentile'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_percentile(@extschema@.handle_summary, double precision) IS
'The smallest whole second T such that at least fraction (0 < fraction <= 1) of the handle times are T seconds or less.';

CREATE AGGREGATE @extschema@.handle_summary(category text, handle_seconds double precision) (
    SFUNC = @extschema@.handle_trans, STYPE = @extschema@.handle_summary, SSPACE = 256,
    FINALFUNC = @extschema@.handle_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.handle_combine,
    MSFUNC = @extschema@.handle_trans, MINVFUNC = @extschema@.handle_inv, MSTYPE = @extschema@.handle_summary,
    MFINALFUNC = @extschema@.handle_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.handle_summary(text, double precision) IS
'The handle-time summary of a group: handle times per category, read later with aht_compliance(summary, limits [, exemptions]).';

CREATE AGGREGATE @extschema@.rollup(@extschema@.handle_summary) (
    SFUNC = @extschema@.handle_rollup_trans, STYPE = @extschema@.handle_summary, SSPACE = 256,
    FINALFUNC = @extschema@.handle_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.handle_combine,
    MSFUNC = @extschema@.handle_rollup_trans, MINVFUNC = @extschema@.handle_rollup_inv, MSTYPE = @extschema@.handle_summary,
    MFINALFUNC = @extschema@.handle_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.handle_summary) IS
'Merges handle-time summaries exactly (any order, in parallel, over window frames).';
