\echo Use "ALTER EXTENSION effcap UPDATE TO '0.6.0'" to load this file. \quit

-- effcap 0.6.0: FCR attributed right, FCR aggregates over window frames.
--
-- The (customer, time) FCR aggregates judge a contact within their group
-- only.  fcr_rate(resolved) and fcr_stats(resolved) count contacts already
-- judged over the customer's whole history (first_contact_resolved() over
-- the customer's partition), in any grouping, NULL counted as pending.

CREATE FUNCTION @extschema@.fcr_judged_trans(state bigint[], resolved boolean) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'fcr_judged_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_trans(bigint[], boolean) IS
'Transition function of fcr_rate(resolved) and fcr_stats(resolved): counts one judged contact (NULL: pending). State {0, contacts, resolved, pending}.';

CREATE FUNCTION @extschema@.fcr_judged_inv(state bigint[], resolved boolean) RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'fcr_judged_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_inv(bigint[], boolean) IS
'Inverse transition of fcr_rate(resolved) and fcr_stats(resolved) (moving windows): removes one judged contact.';

CREATE FUNCTION @extschema@.fcr_judged_rate_final(state bigint[]) RETURNS double precision
    AS 'MODULE_PATHNAME', 'fcr_judged_rate_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_rate_final(bigint[]) IS
'Final function of fcr_rate(resolved): resolved / (contacts - pending), NULL when no contact can be judged.';

CREATE FUNCTION @extschema@.fcr_judged_stats_final(state bigint[]) RETURNS @extschema@.fcr
    AS 'MODULE_PATHNAME', 'fcr_judged_stats_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.fcr_judged_stats_final(bigint[]) IS
'Final function of fcr_stats(resolved): the effcap.fcr row.';

CREATE AGGREGATE @extschema@.fcr_rate(resolved boolean) (
    SFUNC = @extschema@.fcr_judged_trans, STYPE = bigint[], INITCOND = '{0,0,0,0}',
    FINALFUNC = @extschema@.fcr_judged_rate_final,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.fcr_judged_trans, MINVFUNC = @extschema@.fcr_judged_inv,
    MSTYPE = bigint[], MINITCOND = '{0,0,0,0}', MFINALFUNC = @extschema@.fcr_judged_rate_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(boolean) IS
'FCR rate of contacts already judged over their customer''s whole history, e.g. first_contact_resolved(contact_at, window, as_of) OVER (PARTITION BY customer ORDER BY contact_at), in any grouping (agent, team, queue, center, day): resolved / (contacts - pending); NULL is pending. NULL when no contact can be judged.';

CREATE AGGREGATE @extschema@.fcr_stats(resolved boolean) (
    SFUNC = @extschema@.fcr_judged_trans, STYPE = bigint[], INITCOND = '{0,0,0,0}',
    FINALFUNC = @extschema@.fcr_judged_stats_final,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.fcr_judged_trans, MINVFUNC = @extschema@.fcr_judged_inv,
    MSTYPE = bigint[], MINITCOND = '{0,0,0,0}', MFINALFUNC = @extschema@.fcr_judged_stats_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_stats(boolean) IS
'FCR detail (contacts, resolved, repeated, pending, rate) of contacts already judged over their customer''s whole history, e.g. by first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at), in any grouping; NULL is pending. No contacts give zeros with a NULL rate.';

-- The (customer, time) aggregates over window frames: their final function
-- sorts the state in place, which leaves its content (the multiset of
-- contacts) as it was, so it is read-only in PostgreSQL's sense and the
-- aggregates can run over frames (recomputed for each frame).
CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer bigint, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer bigint, contact_at timestamptz, repeat_window interval,
                                      as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer bigint, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer bigint, contact_at timestamptz, repeat_window interval,
                                       as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 16,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer text, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer text, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer text, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer text, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer uuid, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer uuid, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer uuid, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer uuid, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer uuid, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer uuid, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer uuid, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer uuid, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer bigint, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer bigint, reason text, contact_at timestamptz, repeat_window interval) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_rate(customer bigint, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_rate_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.fcr_stats(customer bigint, reason text, contact_at timestamptz, repeat_window interval, as_of timestamptz) (
    SFUNC = @extschema@.fcr_trans, STYPE = internal, SSPACE = 48,
    FINALFUNC = @extschema@.fcr_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.fcr_combine,
    SERIALFUNC = @extschema@.fcr_serialize, DESERIALFUNC = @extschema@.fcr_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, timestamptz, interval) IS
'First-contact resolution rate of the contacts given: a contact is resolved when its customer makes no later contact t2 with contact_at < t2 <= contact_at + repeat_window. Rows with NULL customer or contact_at are skipped; NULL for no contacts. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, timestamptz, interval, timestamptz) IS
'First-contact resolution rate, leaving out pending contacts: those without a repeat whose window reaches past as_of. NULL when no contact can be judged. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, timestamptz, interval) IS
'First-contact resolution detail: (contacts, resolved, repeated, pending, rate) as effcap.fcr. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, timestamptz, interval, timestamptz) IS
'First-contact resolution detail with pending contacts at as_of counted apart, as effcap.fcr. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, timestamptz, interval) IS
'First-contact resolution rate with text customer keys. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with text customer keys. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with text customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with text customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, text, timestamptz, interval) IS
'First-contact resolution rate with text customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with text customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(text, text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with text customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(text, text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with text customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, timestamptz, interval) IS
'First-contact resolution rate with uuid customer keys. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with uuid customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys, leaving out contacts pending at as_of. Rows with a NULL customer or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, text, timestamptz, interval) IS
'First-contact resolution rate with uuid customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(uuid, text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with uuid customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(uuid, text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with uuid customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, text, timestamptz, interval) IS
'First-contact resolution rate with bigint customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, text, timestamptz, interval) IS
'First-contact resolution detail (effcap.fcr) with bigint customer keys per customer and reason (a repeat needs the same reason). Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_rate(bigint, text, timestamptz, interval, timestamptz) IS
'First-contact resolution rate with bigint customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';

COMMENT ON AGGREGATE @extschema@.fcr_stats(bigint, text, timestamptz, interval, timestamptz) IS
'First-contact resolution detail (effcap.fcr) with bigint customer keys per customer and reason (a repeat needs the same reason), leaving out contacts pending at as_of. Rows with a NULL customer, reason or contact_at are skipped. No contacts give zeros with a NULL rate. Judged within the group only: right when the group holds every contact of its customers (the whole table, a customer segment); grouped by agent, day, queue or center it misses repeats made outside the group, so judge each contact with first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at) and count the judgements with fcr_stats(resolved).';
