\echo Use "ALTER EXTENSION effcap UPDATE TO '0.3.0'" to load this file. \quit

-- effcap 0.3.0: first-contact resolution (DESIGN 4): repeat-contact window
-- functions.

CREATE FUNCTION @extschema@.first_contact_resolved(contact_at timestamptz, repeat_window interval)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'first_contact_resolved'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_contact_resolved(timestamptz, interval) IS
'Window function over (PARTITION BY customer [, reason] ORDER BY contact_at): true when the customer makes no later contact t2 with contact_at < t2 <= contact_at + repeat_window, false when it does. NULL contact_at or window gives NULL. The window is an exact duration (days of 24 hours; months refused).';

CREATE FUNCTION @extschema@.first_contact_resolved(contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'first_contact_resolved'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_contact_resolved(timestamptz, interval, timestamptz) IS
'Window function: as first_contact_resolved(contact_at, repeat_window), but NULL (pending) when there is no repeat and contact_at + repeat_window > as_of: the data cannot tell yet.';

CREATE FUNCTION @extschema@.is_repeat(contact_at timestamptz, repeat_window interval)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'is_repeat'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.is_repeat(timestamptz, interval) IS
'Window function over (PARTITION BY customer [, reason] ORDER BY contact_at): true when the customer made an earlier contact t0 with t0 < contact_at <= t0 + repeat_window (a repeat inquiry). NULL contact_at or window gives NULL.';

-- The fcr_rate / fcr_stats aggregates (bigint customer keys).

CREATE TYPE @extschema@.fcr AS (
    contacts bigint,
    resolved bigint,
    repeated bigint,
    pending bigint,
    rate double precision
);

COMMENT ON TYPE @extschema@.fcr IS
'First-contact resolution of a group: contacts, resolved (no repeat within the window), repeated, pending (no repeat yet, window not over at as_of) and rate = resolved / (contacts - pending).';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, contact_at timestamptz, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, timestamptz, interval) IS
'Transition function of fcr_rate() and fcr_stats(): records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, contact_at timestamptz, repeat_window interval,
                                      as_of timestamptz)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, timestamptz, interval, timestamptz) IS
'Transition function of fcr_rate(..., as_of) and fcr_stats(..., as_of): records one contact.';

CREATE FUNCTION @extschema@.fcr_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_combine(internal, internal) IS
'Combine function of fcr_rate() and fcr_stats(): merges two partial states.';

CREATE FUNCTION @extschema@.fcr_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'fcr_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_serialize(internal) IS
'Serializes a partial fcr_rate() state for parallel workers.';

CREATE FUNCTION @extschema@.fcr_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_deserialize(bytea, internal) IS
'Deserializes (and checks) a partial fcr_rate() state.';

CREATE FUNCTION @extschema@.fcr_rate_final(internal) RETURNS double precision
    AS 'MODULE_PATHNAME', 'fcr_rate_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_rate_final(internal) IS
'Final function of fcr_rate(): resolved / (contacts - pending).';

CREATE FUNCTION @extschema@.fcr_stats_final(internal) RETURNS @extschema@.fcr
    AS 'MODULE_PATHNAME', 'fcr_stats_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_stats_final(internal) IS
'Final function of fcr_stats(): the effcap.fcr row.';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, timestamptz, interval) IS
'First-contact resolution rate of the contacts given: a contact is resolved when its customer makes no later contact t2 with contact_at < t2 <= contact_at + repeat_window. Rows with NULL customer or contact_at are skipped; NULL for no contacts.';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, contact_at timestamptz, repeat_window interval,
                                      as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, timestamptz, interval, timestamptz) IS
'First-contact resolution rate, leaving out pending contacts: those without a repeat whose window reaches past as_of. NULL when no contact can be judged.';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, timestamptz, interval) IS
'First-contact resolution detail: (contacts, resolved, repeated, pending, rate) as effcap.fcr.';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, contact_at timestamptz, repeat_window interval,
                                       as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, timestamptz, interval, timestamptz) IS
'First-contact resolution detail with pending contacts at as_of counted apart, as effcap.fcr.';

-- Text and uuid customer keys, and the reason-aware forms (the same customer
-- and the same reason make a repeat): one transition function keyed on the
-- bytes of the customer (and reason).

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, contact_at timestamptz, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, timestamptz, interval) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, timestamptz, interval) IS
'First-contact resolution rate with text customer keys. Rows with a NULL customer or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with text customer keys. Rows with a NULL customer or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, timestamptz, interval, timestamptz) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with text customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with text customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, reason text, contact_at timestamptz, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, text, timestamptz, interval) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys and reasons: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, text, timestamptz, interval) IS
'First-contact resolution rate with text customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with text customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, text, timestamptz, interval, timestamptz) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys and reasons: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with text customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with text customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, contact_at timestamptz, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, timestamptz, interval) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, timestamptz, interval) IS
'First-contact resolution rate with uuid customer keys. Rows with a NULL customer or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys. Rows with a NULL customer or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, timestamptz, interval, timestamptz) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with uuid customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, reason text, contact_at timestamptz, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, text, timestamptz, interval) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys and reasons: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, text, timestamptz, interval) IS
'First-contact resolution rate with uuid customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, text, timestamptz, interval, timestamptz) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys and reasons: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with uuid customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, reason text, contact_at timestamptz, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, text, timestamptz, interval) IS
'Transition function of fcr_rate() and fcr_stats() for bigint customer keys and reasons: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, text, timestamptz, interval) IS
'First-contact resolution rate with bigint customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with bigint customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, text, timestamptz, interval, timestamptz) IS
'Transition function of fcr_rate() and fcr_stats() for bigint customer keys and reasons: records one contact.';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with bigint customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped.';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = SHAREABLE,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with bigint customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped.';
