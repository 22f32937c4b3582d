-- The queue summary: contact statistics stored per group, read under any
-- whole-second threshold and policy; percentiles; rollup and merge.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.queue_summary;

CREATE FUNCTION @extschema@.queue_summary_in(cstring)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_summary_in(cstring) IS
'Text input of queue_summary (JSON).';

CREATE FUNCTION @extschema@.queue_summary_out(@extschema@.queue_summary)
    RETURNS cstring
    AS 'MODULE_PATHNAME', 'queue_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_summary_out(@extschema@.queue_summary) IS
'Text output of queue_summary (JSON).';

CREATE FUNCTION @extschema@.queue_summary_recv(internal)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_summary_recv(internal) IS
'Binary input of queue_summary.';

CREATE FUNCTION @extschema@.queue_summary_send(@extschema@.queue_summary)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'queue_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_summary_send(@extschema@.queue_summary) IS
'Binary output of queue_summary.';

CREATE TYPE @extschema@.queue_summary (
    INPUT = @extschema@.queue_summary_in,
    OUTPUT = @extschema@.queue_summary_out,
    RECEIVE = @extschema@.queue_summary_recv,
    SEND = @extschema@.queue_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.queue_summary IS
'Contact statistics of a group of offered contacts, kept so that any whole-second service-level threshold, short-abandon threshold and policy can be chosen when it is read: counts of answered and abandoned waits by half second, answered handle times by whole second (rounded up), and the exact sums behind ASA and AHT. Storable, combinable with rollup(). Text form is JSON.';

CREATE FUNCTION @extschema@.queue_trans(@extschema@.queue_summary, queue_seconds double precision, answered boolean, handle_seconds double precision)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_trans(@extschema@.queue_summary, double precision, boolean, double precision) IS
'Transition function of queue_summary(): records one offered contact (rows with a NULL wait or answered flag are skipped).';

CREATE FUNCTION @extschema@.queue_inv(@extschema@.queue_summary, queue_seconds double precision, answered boolean, handle_seconds double precision)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_inv(@extschema@.queue_summary, double precision, boolean, double precision) IS
'Inverse transition of queue_summary() (moving windows): removes one offered contact.';

CREATE FUNCTION @extschema@.queue_combine(@extschema@.queue_summary, @extschema@.queue_summary)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_combine(@extschema@.queue_summary, @extschema@.queue_summary) IS
'Combine function of queue_summary() and rollup(queue_summary): adds two partial states (of parallel workers, or of the nodes of a distributed database).';

CREATE FUNCTION @extschema@.queue_final(@extschema@.queue_summary)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_final(@extschema@.queue_summary) IS
'Final function of queue_summary() and rollup(queue_summary): the stored form; NULL when no contact was counted.';

CREATE FUNCTION @extschema@.queue_rollup_trans(@extschema@.queue_summary, @extschema@.queue_summary)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_rollup_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_rollup_trans(@extschema@.queue_summary, @extschema@.queue_summary) IS
'Transition function of rollup(queue_summary): adds one stored summary (NULL is skipped).';

CREATE FUNCTION @extschema@.queue_rollup_inv(@extschema@.queue_summary, @extschema@.queue_summary)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_rollup_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_rollup_inv(@extschema@.queue_summary, @extschema@.queue_summary) IS
'Inverse transition of rollup(queue_summary) (moving windows): removes one stored summary.';

CREATE FUNCTION @extschema@.contact_stats(summary @extschema@.queue_summary)
    RETURNS @extschema@.contact_summary
    AS 'MODULE_PATHNAME', 'queue_contact_stats'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats(@extschema@.queue_summary) IS
'Contact statistics of a stored queue summary under the default options (threshold 20 s, no short abandons, abandons_negative): what contact_stats() gives over the same rows.';

CREATE FUNCTION @extschema@.contact_stats(summary @extschema@.queue_summary, options jsonb)
    RETURNS @extschema@.contact_summary
    AS 'MODULE_PATHNAME', 'queue_contact_stats'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats(@extschema@.queue_summary, jsonb) IS
'Contact statistics of a stored queue summary under options chosen now (threshold_seconds and short_abandon_seconds in whole seconds, policy): exactly what contact_stats(..., options) gives over the same rows.';

CREATE FUNCTION @extschema@.service_level(summary @extschema@.queue_summary, threshold_seconds double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'queue_service_level'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level(@extschema@.queue_summary, double precision) IS
'Service level of a stored queue summary at a whole-second threshold, policy abandons_negative.';

CREATE FUNCTION @extschema@.service_level(summary @extschema@.queue_summary, threshold_seconds double precision, policy text)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'queue_service_level'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level(@extschema@.queue_summary, double precision, text) IS
'Service level of a stored queue summary at a whole-second threshold under a policy: exactly what service_level() gives over the same rows.';

CREATE FUNCTION @extschema@.wait_percentile(summary @extschema@.queue_summary, fraction double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'queue_wait_percentile'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.wait_percentile(@extschema@.queue_summary, double precision) IS
'The smallest whole second T such that at least fraction (0 < fraction <= 1) of the answered contacts waited T seconds or less; NULL without answered contacts.';

CREATE FUNCTION @extschema@.handle_percentile(summary @extschema@.queue_summary, fraction double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'queue_handle_percentile'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.handle_percentile(@extschema@.queue_summary, double precision) IS
'The smallest whole second T such that at least fraction (0 < fraction <= 1) of the answered contacts were handled in T seconds or less; NULL without answered contacts.';

CREATE FUNCTION @extschema@.merge(a @extschema@.queue_summary, b @extschema@.queue_summary)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_summary_merge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.queue_summary, @extschema@.queue_summary) IS
'The queue summary of the contacts of both summaries (for INSERT ... ON CONFLICT DO UPDATE SET summary = merge(t.summary, excluded.summary)).';

CREATE AGGREGATE @extschema@.queue_summary(queue_seconds double precision, answered boolean, handle_seconds double precision) (
    SFUNC = @extschema@.queue_trans, STYPE = @extschema@.queue_summary, SSPACE = 256,
    FINALFUNC = @extschema@.queue_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.queue_combine,
    MSFUNC = @extschema@.queue_trans, MINVFUNC = @extschema@.queue_inv, MSTYPE = @extschema@.queue_summary,
    MFINALFUNC = @extschema@.queue_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.queue_summary(double precision, boolean, double precision) IS
'The queue summary of the offered contacts of a group, taking the rows contact_stats() takes; read it with contact_stats(summary [, options]), service_level(summary, threshold [, policy]), wait_percentile() and handle_percentile(); merge with rollup().';

CREATE AGGREGATE @extschema@.rollup(@extschema@.queue_summary) (
    SFUNC = @extschema@.queue_rollup_trans, STYPE = @extschema@.queue_summary, SSPACE = 256,
    FINALFUNC = @extschema@.queue_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.queue_combine,
    MSFUNC = @extschema@.queue_rollup_trans, MINVFUNC = @extschema@.queue_rollup_inv, MSTYPE = @extschema@.queue_summary,
    MFINALFUNC = @extschema@.queue_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.queue_summary) IS
'Merges queue summaries exactly (any order, in parallel, over window frames): the summary of all their contacts.';
