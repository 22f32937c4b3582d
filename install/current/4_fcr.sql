-- First-contact resolution (DESIGN 4): the window functions, the (customer,
-- time) aggregates, and the aggregates of judged contacts.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.fcr AS (
    contacts bigint,
    resolved bigint,
    repeated bigint,
    pending bigint,
    rate double precision
);

COMMENT ON TYPE @extschema@.fcr IS
'First-contact resolution of a group: contacts, resolved (no repeat within the window), repeated, pending (no repeat yet, window not over at as_of) and rate = resolved / (contacts - pending).';

CREATE FUNCTION @extschema@.first_contact_resolved(contact_at timestamp with time zone, repeat_window interval)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'first_contact_resolved'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_contact_resolved(timestamp with time zone, interval) IS
'Window function over (PARTITION BY customer [, reason] ORDER BY contact_at): true when the customer makes no later contact t2 with contact_at < t2 <= contact_at + repeat_window, false when it does. NULL contact_at or window gives NULL. The window is an exact duration (days of 24 hours; months refused).';

CREATE FUNCTION @extschema@.first_contact_resolved(contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'first_contact_resolved'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_contact_resolved(timestamp with time zone, interval, timestamp with time zone) IS
'Window function: as first_contact_resolved(contact_at, repeat_window), but NULL (pending) when there is no repeat and contact_at + repeat_window > as_of: the data cannot tell yet.';

CREATE FUNCTION @extschema@.is_repeat(contact_at timestamp with time zone, repeat_window interval)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'is_repeat'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.is_repeat(timestamp with time zone, interval) IS
'Window function over (PARTITION BY customer [, reason] ORDER BY contact_at): true when the customer made an earlier contact t0 with t0 < contact_at <= t0 + repeat_window (a repeat inquiry). NULL contact_at or window gives NULL.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, contact_at timestamp with time zone, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, timestamp with time zone, interval) IS
'Transition function of fcr_rate() and fcr_stats(): records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, timestamp with time zone, interval, timestamp with time zone) IS
'Transition function of fcr_rate(..., as_of) and fcr_stats(..., as_of): records one contact.';

CREATE FUNCTION @extschema@.fcr_combine(internal, internal)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_combine(internal, internal) IS
'Combine function of fcr_rate() and fcr_stats(): merges two partial states.';

CREATE FUNCTION @extschema@.fcr_serialize(internal)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'fcr_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_serialize(internal) IS
'Serializes a partial fcr_rate() state for parallel workers.';

CREATE FUNCTION @extschema@.fcr_deserialize(bytea, internal)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_deserialize(bytea, internal) IS
'Deserializes (and checks) a partial fcr_rate() state.';

CREATE FUNCTION @extschema@.fcr_rate_final(internal)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'fcr_rate_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_rate_final(internal) IS
'Final function of fcr_rate(): resolved / (contacts - pending).';

CREATE FUNCTION @extschema@.fcr_stats_final(internal)
    RETURNS @extschema@.fcr
    AS 'MODULE_PATHNAME', 'fcr_stats_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_stats_final(internal) IS
'Final function of fcr_stats(): the effcap.fcr row.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, contact_at timestamp with time zone, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, timestamp with time zone, interval) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, timestamp with time zone, interval, timestamp with time zone) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, reason text, contact_at timestamp with time zone, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, text, timestamp with time zone, interval) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys and reasons: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer text, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, text, text, timestamp with time zone, interval, timestamp with time zone) IS
'Transition function of fcr_rate() and fcr_stats() for text customer keys and reasons: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, contact_at timestamp with time zone, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, timestamp with time zone, interval) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, timestamp with time zone, interval, timestamp with time zone) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, reason text, contact_at timestamp with time zone, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, text, timestamp with time zone, interval) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys and reasons: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer uuid, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, uuid, text, timestamp with time zone, interval, timestamp with time zone) IS
'Transition function of fcr_rate() and fcr_stats() for uuid customer keys and reasons: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, reason text, contact_at timestamp with time zone, repeat_window interval)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, text, timestamp with time zone, interval) IS
'Transition function of fcr_rate() and fcr_stats() for bigint customer keys and reasons: records one contact.';

CREATE FUNCTION @extschema@.fcr_trans(internal, customer bigint, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'fcr_trans_key'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_trans(internal, bigint, text, timestamp with time zone, interval, timestamp with time zone) IS
'Transition function of fcr_rate() and fcr_stats() for bigint customer keys and reasons: records one contact.';

CREATE FUNCTION @extschema@.fcr_judged_trans(state bigint[], resolved boolean)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'fcr_judged_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_trans(bigint[], boolean) IS
'Transition function of fcr_rate(resolved) and fcr_stats(resolved): counts one judged contact (NULL: pending). State {4000000000000 (kind), contacts, resolved, pending}.';

CREATE FUNCTION @extschema@.fcr_judged_inv(state bigint[], resolved boolean)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'fcr_judged_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_inv(bigint[], boolean) IS
'Inverse transition of fcr_rate(resolved) and fcr_stats(resolved) (moving windows): removes one judged contact.';

CREATE FUNCTION @extschema@.fcr_judged_rate_final(state bigint[])
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'fcr_judged_rate_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_rate_final(bigint[]) IS
'Final function of fcr_rate(resolved): resolved / (contacts - pending), NULL when no contact can be judged.';

CREATE FUNCTION @extschema@.fcr_judged_stats_final(state bigint[])
    RETURNS @extschema@.fcr
    AS 'MODULE_PATHNAME', 'fcr_judged_stats_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_stats_final(bigint[]) IS
'Final function of fcr_stats(resolved): the effcap.fcr row.';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, timestamp with time zone, interval) IS
'First-contact resolution rate of the contacts given: a contact is resolved when its customer makes no later contact t2 with contact_at < t2 <= contact_at + repeat_window. Rows with NULL customer or contact_at are skipped; NULL for no contacts. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution rate, leaving out pending contacts: those without a repeat whose window reaches past as_of. NULL when no contact can be judged. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, timestamp with time zone, interval) IS
'First-contact resolution detail: (contacts, resolved, repeated, pending, rate) as effcap.fcr. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution detail with pending contacts at as_of counted apart, as effcap.fcr. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, timestamp with time zone, interval) IS
'First-contact resolution rate with text customer keys. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, timestamp with time zone, interval) IS
'First-contact resolution detail (effcap.fcr) with text customer keys. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution rate with text customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution detail (effcap.fcr) with text customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, reason text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, text, timestamp with time zone, interval) IS
'First-contact resolution rate with text customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, reason text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, text, timestamp with time zone, interval) IS
'First-contact resolution detail (effcap.fcr) with text customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer text, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution rate with text customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer text, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution detail (effcap.fcr) with text customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, timestamp with time zone, interval) IS
'First-contact resolution rate with uuid customer keys. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, timestamp with time zone, interval) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution rate with uuid customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, reason text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, text, timestamp with time zone, interval) IS
'First-contact resolution rate with uuid customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, reason text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, text, timestamp with time zone, interval) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer uuid, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution rate with uuid customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer uuid, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, reason text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, text, timestamp with time zone, interval) IS
'First-contact resolution rate with bigint customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, reason text, contact_at timestamp with time zone, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, text, timestamp with time zone, interval) IS
'First-contact resolution detail (effcap.fcr) with bigint customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(customer bigint, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution rate with bigint customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_stats(customer bigint, reason text, contact_at timestamp with time zone, repeat_window interval, as_of timestamp with time zone) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, text, timestamp with time zone, interval, timestamp with time zone) IS
'First-contact resolution detail (effcap.fcr) with bigint customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

CREATE AGGREGATE @extschema@.fcr_rate(resolved boolean) (
    SFUNC = @extschema@.fcr_judged_trans, STYPE = bigint[],
    INITCOND = '{4000000000000,0,0,0}',
    FINALFUNC = @extschema@.fcr_judged_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.fcr_judged_trans, MINVFUNC = @extschema@.fcr_judged_inv, MSTYPE = bigint[],
    MINITCOND = '{4000000000000,0,0,0}',
    MFINALFUNC = @extschema@.fcr_judged_rate_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(boolean) IS
'FCR rate of contacts already judged over their customer''s whole history, e.g. first_contact_resolved(contact_at, window, as_of) OVER (PARTITION BY customer ORDER BY contact_at), in any grouping (agent, team, queue, center, day): resolved / (contacts - pending); NULL is pending. NULL when no contact can be judged.';

CREATE AGGREGATE @extschema@.fcr_stats(resolved boolean) (
    SFUNC = @extschema@.fcr_judged_trans, STYPE = bigint[],
    INITCOND = '{4000000000000,0,0,0}',
    FINALFUNC = @extschema@.fcr_judged_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.fcr_judged_trans, MINVFUNC = @extschema@.fcr_judged_inv, MSTYPE = bigint[],
    MINITCOND = '{4000000000000,0,0,0}',
    MFINALFUNC = @extschema@.fcr_judged_stats_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(boolean) IS
'FCR detail (contacts, resolved, repeated, pending, rate) of contacts already judged over their customer''s whole history, e.g. by first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at), in any grouping; NULL is pending. No contacts give zeros with a NULL rate.';
