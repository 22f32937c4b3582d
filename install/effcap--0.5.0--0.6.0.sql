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
'Transition function of fcr_rate(resolved) and fcr_stats(resolved): counts one judged contact (NULL: pending). State {4000000000000 (kind), contacts, resolved, pending}.';

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
    SFUNC = @extschema@.fcr_judged_trans, STYPE = bigint[], INITCOND = '{4000000000000,0,0,0}',
    FINALFUNC = @extschema@.fcr_judged_rate_final,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.fcr_judged_trans, MINVFUNC = @extschema@.fcr_judged_inv,
    MSTYPE = bigint[], MINITCOND = '{4000000000000,0,0,0}', MFINALFUNC = @extschema@.fcr_judged_rate_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.fcr_rate(boolean) IS
'FCR rate of contacts already judged over their customer''s whole history, e.g. first_contact_resolved(contact_at, window, as_of) OVER (PARTITION BY customer ORDER BY contact_at), in any grouping (agent, team, queue, center, day): resolved / (contacts - pending); NULL is pending. NULL when no contact can be judged.';

CREATE AGGREGATE @extschema@.fcr_stats(resolved boolean) (
    SFUNC = @extschema@.fcr_judged_trans, STYPE = bigint[], INITCOND = '{4000000000000,0,0,0}',
    FINALFUNC = @extschema@.fcr_judged_stats_final,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.fcr_judged_trans, MINVFUNC = @extschema@.fcr_judged_inv,
    MSTYPE = bigint[], MINITCOND = '{4000000000000,0,0,0}', MFINALFUNC = @extschema@.fcr_judged_stats_final,
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

-- The queue summary: contact statistics stored per group (agent-day,
-- queue-interval), read later under any whole-second threshold,
-- short-abandon threshold and policy, rolled up to any grain.

CREATE TYPE @extschema@.queue_summary;

CREATE FUNCTION @extschema@.queue_summary_in(cstring) RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.queue_summary_out(@extschema@.queue_summary) RETURNS cstring
    AS 'MODULE_PATHNAME', 'queue_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.queue_summary_recv(internal) RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.queue_summary_send(@extschema@.queue_summary) RETURNS bytea
    AS 'MODULE_PATHNAME', 'queue_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

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

COMMENT ON FUNCTION @extschema@.queue_summary_in(cstring) IS 'Text input of queue_summary (JSON).';
COMMENT ON FUNCTION @extschema@.queue_summary_out(@extschema@.queue_summary) IS 'Text output of queue_summary (JSON).';
COMMENT ON FUNCTION @extschema@.queue_summary_recv(internal) IS 'Binary input of queue_summary.';
COMMENT ON FUNCTION @extschema@.queue_summary_send(@extschema@.queue_summary) IS 'Binary output of queue_summary.';

CREATE FUNCTION @extschema@.queue_trans(@extschema@.queue_summary, queue_seconds double precision, answered boolean,
                                        handle_seconds double precision)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_trans(@extschema@.queue_summary, double precision, boolean, double precision) IS
'Transition function of queue_summary(): records one offered contact (rows with a NULL wait or answered flag are skipped).';

CREATE FUNCTION @extschema@.queue_inv(@extschema@.queue_summary, queue_seconds double precision, answered boolean,
                                      handle_seconds double precision)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_inv(@extschema@.queue_summary, double precision, boolean, double precision) IS
'Inverse transition of queue_summary() (moving windows): removes one offered contact.';

CREATE FUNCTION @extschema@.queue_combine(@extschema@.queue_summary, @extschema@.queue_summary) RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_combine(@extschema@.queue_summary, @extschema@.queue_summary) IS
'Combine function of queue_summary() and rollup(queue_summary): adds two partial states (of parallel workers, or of the nodes of a distributed database).';

CREATE FUNCTION @extschema@.queue_final(@extschema@.queue_summary) RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_final(@extschema@.queue_summary) IS
'Final function of queue_summary() and rollup(queue_summary): the stored form; NULL when no contact was counted.';

CREATE FUNCTION @extschema@.queue_rollup_trans(@extschema@.queue_summary, @extschema@.queue_summary) RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_rollup_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_rollup_trans(@extschema@.queue_summary, @extschema@.queue_summary) IS
'Transition function of rollup(queue_summary): adds one stored summary (NULL is skipped).';

CREATE FUNCTION @extschema@.queue_rollup_inv(@extschema@.queue_summary, @extschema@.queue_summary) RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_rollup_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.queue_rollup_inv(@extschema@.queue_summary, @extschema@.queue_summary) IS
'Inverse transition of rollup(queue_summary) (moving windows): removes one stored summary.';

CREATE AGGREGATE @extschema@.queue_summary(queue_seconds double precision, answered boolean,
                                           handle_seconds double precision) (
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

CREATE FUNCTION @extschema@.service_level(summary @extschema@.queue_summary, threshold_seconds double precision,
                                          policy text)
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

-- merge(a, b) of two summaries: INSERT ... ON CONFLICT DO UPDATE keeps a
-- stored summary up to date with new and late-arriving rows.
CREATE FUNCTION @extschema@.merge(a @extschema@.queue_summary, b @extschema@.queue_summary)
    RETURNS @extschema@.queue_summary
    AS 'MODULE_PATHNAME', 'queue_summary_merge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.queue_summary, @extschema@.queue_summary) IS
'The queue summary of the contacts of both summaries (for INSERT ... ON CONFLICT DO UPDATE SET summary = merge(t.summary, excluded.summary)).';

CREATE FUNCTION @extschema@.merge(a @extschema@.capacity_summary, b @extschema@.capacity_summary)
    RETURNS @extschema@.capacity_summary
    AS 'MODULE_PATHNAME', 'capacity_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.capacity_summary, @extschema@.capacity_summary) IS
'The capacity summary of the contacts of both summaries (for INSERT ... ON CONFLICT DO UPDATE); summaries carrying different rules cannot be merged.';

-- Counter states say what they are: element 1 is the kind times 10^12 plus
-- the kind's parameter (CSAT scale, AHT exemptions + 1), so that a state of
-- one aggregate is never read or combined as another's.  Same aggregates,
-- new initial states.
CREATE OR REPLACE AGGREGATE @extschema@.csat(score integer) (
    SFUNC = @extschema@.csat_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.csat_final,
    COMBINEFUNC = @extschema@.counts_combine,
    INITCOND = '{1000000000000,0,0}',
    MSFUNC = @extschema@.csat_trans, MINVFUNC = @extschema@.csat_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.csat_final,
    MINITCOND = '{1000000000000,0,0}',
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.csat(score integer, scale integer) (
    SFUNC = @extschema@.csat_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.csat_final,
    COMBINEFUNC = @extschema@.counts_combine,
    INITCOND = '{1000000000000,0,0}',
    MSFUNC = @extschema@.csat_trans, MINVFUNC = @extschema@.csat_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.csat_final,
    MINITCOND = '{1000000000000,0,0}',
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.nps(score integer) (
    SFUNC = @extschema@.nps_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.nps_final,
    COMBINEFUNC = @extschema@.counts_combine,
    INITCOND = '{2000000000000,0,0,0}',
    MSFUNC = @extschema@.nps_trans, MINVFUNC = @extschema@.nps_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.nps_final,
    MINITCOND = '{2000000000000,0,0,0}',
    PARALLEL = SAFE
);

CREATE OR REPLACE AGGREGATE @extschema@.aht_compliance(handle_seconds double precision, limit_seconds double precision, exemptions integer) (
    SFUNC = @extschema@.aht_compliance_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.aht_compliance_final,
    COMBINEFUNC = @extschema@.counts_combine,
    INITCOND = '{3000000000000,0,0}',
    MSFUNC = @extschema@.aht_compliance_trans, MINVFUNC = @extschema@.aht_compliance_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.aht_compliance_final,
    MINITCOND = '{3000000000000,0,0}',
    PARALLEL = SAFE
);

COMMENT ON FUNCTION @extschema@.counts_combine(bigint[], bigint[]) IS
'Combine function of the counting aggregates (csat, nps, aht_compliance, fcr_rate/fcr_stats of judged contacts): adds two counter states of the same kind element by element; their parameters (CSAT scale, exemptions) must agree.';

-- The survey summary: CSAT and NPS answers stored per group, kept apart by
-- source (seed 003: passive surveys and active ratings weigh differently),
-- read with the weights, satisfied boxes and scale chosen then.

CREATE TYPE @extschema@.survey_summary;

CREATE FUNCTION @extschema@.survey_summary_in(cstring) RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_summary_out(@extschema@.survey_summary) RETURNS cstring
    AS 'MODULE_PATHNAME', 'survey_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_summary_recv(internal) RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_summary_send(@extschema@.survey_summary) RETURNS bytea
    AS 'MODULE_PATHNAME', 'survey_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.survey_summary (
    INPUT = @extschema@.survey_summary_in,
    OUTPUT = @extschema@.survey_summary_out,
    RECEIVE = @extschema@.survey_summary_recv,
    SEND = @extschema@.survey_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.survey_summary IS
'CSAT and NPS answers of a group, per source (e.g. passive survey, active rating): the count of every CSAT score per scale and of every NPS score. Read with csat(), csat_mean() and nps() under weights chosen then; combinable with rollup() and merge(). Text form is JSON.';

COMMENT ON FUNCTION @extschema@.survey_summary_in(cstring) IS 'Text input of survey_summary (JSON).';
COMMENT ON FUNCTION @extschema@.survey_summary_out(@extschema@.survey_summary) IS 'Text output of survey_summary (JSON).';
COMMENT ON FUNCTION @extschema@.survey_summary_recv(internal) IS 'Binary input of survey_summary.';
COMMENT ON FUNCTION @extschema@.survey_summary_send(@extschema@.survey_summary) IS 'Binary output of survey_summary.';

CREATE FUNCTION @extschema@.survey_trans(state @extschema@.survey_summary, csat_score integer, nps_score integer)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_trans(state @extschema@.survey_summary, csat_score integer, nps_score integer,
                                         source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_trans(state @extschema@.survey_summary, csat_score integer, csat_scale integer,
                                         nps_score integer, source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_inv(state @extschema@.survey_summary, csat_score integer, nps_score integer)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_inv(state @extschema@.survey_summary, csat_score integer, nps_score integer,
                                       source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.survey_inv(state @extschema@.survey_summary, csat_score integer, csat_scale integer,
                                       nps_score integer, source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_trans(@extschema@.survey_summary, integer, integer) IS
'Transition function of survey_summary(csat_score, nps_score): counts one respondent''s answers (source "survey", 5-point CSAT).';
COMMENT ON FUNCTION @extschema@.survey_trans(@extschema@.survey_summary, integer, integer, text) IS
'Transition function of survey_summary(csat_score, nps_score, source): counts one respondent''s answers (5-point CSAT); a NULL source skips the row.';
COMMENT ON FUNCTION @extschema@.survey_trans(@extschema@.survey_summary, integer, integer, integer, text) IS
'Transition function of survey_summary(csat_score, csat_scale, nps_score, source): counts one respondent''s answers; a NULL source skips the row.';
COMMENT ON FUNCTION @extschema@.survey_inv(@extschema@.survey_summary, integer, integer) IS
'Inverse transition of survey_summary(csat_score, nps_score) (moving windows).';
COMMENT ON FUNCTION @extschema@.survey_inv(@extschema@.survey_summary, integer, integer, text) IS
'Inverse transition of survey_summary(csat_score, nps_score, source) (moving windows).';
COMMENT ON FUNCTION @extschema@.survey_inv(@extschema@.survey_summary, integer, integer, integer, text) IS
'Inverse transition of survey_summary(csat_score, csat_scale, nps_score, source) (moving windows).';

CREATE FUNCTION @extschema@.merge(a @extschema@.survey_summary, b @extschema@.survey_summary)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_summary_merge'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.merge(@extschema@.survey_summary, @extschema@.survey_summary) IS
'The survey summary of the answers of both (combine function; transition of rollup(); INSERT ... ON CONFLICT DO UPDATE).';

CREATE FUNCTION @extschema@.survey_summary_subtract(@extschema@.survey_summary, @extschema@.survey_summary)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_summary_subtract'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_summary_subtract(@extschema@.survey_summary, @extschema@.survey_summary) IS
'Removes the second survey summary from the first, which must contain it (inverse transition of rollup()).';

CREATE FUNCTION @extschema@.survey_final(@extschema@.survey_summary) RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_final(@extschema@.survey_summary) IS
'Final function of survey_summary() and rollup(survey_summary): NULL for a summary of no answer.';

CREATE AGGREGATE @extschema@.survey_summary(csat_score integer, nps_score integer) (
    SFUNC = @extschema@.survey_trans, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.survey_trans, MINVFUNC = @extschema@.survey_inv, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.survey_summary(csat_score integer, nps_score integer, source text) (
    SFUNC = @extschema@.survey_trans, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.survey_trans, MINVFUNC = @extschema@.survey_inv, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final,
    PARALLEL = SAFE
);

CREATE AGGREGATE @extschema@.survey_summary(csat_score integer, csat_scale integer, nps_score integer, source text) (
    SFUNC = @extschema@.survey_trans, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.survey_trans, MINVFUNC = @extschema@.survey_inv, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.survey_summary(integer, integer) IS
'The survey summary of a group: 5-point CSAT and NPS answers of source "survey" (a NULL score is no answer). NULL when there is no answer.';
COMMENT ON AGGREGATE @extschema@.survey_summary(integer, integer, text) IS
'The survey summary of a group, answers kept apart by source (seed 003: passive survey, active rating) so that weights are chosen when reading.';
COMMENT ON AGGREGATE @extschema@.survey_summary(integer, integer, integer, text) IS
'The survey summary of a group, CSAT answers on the given scale (3..100 points), kept apart by source.';

CREATE AGGREGATE @extschema@.rollup(@extschema@.survey_summary) (
    SFUNC = @extschema@.merge, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.merge, MINVFUNC = @extschema@.survey_summary_subtract, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.survey_summary) IS
'Merges survey summaries exactly (any order, in parallel, over window frames).';

CREATE FUNCTION @extschema@.csat(summary @extschema@.survey_summary) RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat(summary @extschema@.survey_summary, options jsonb) RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_mean(summary @extschema@.survey_summary) RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat_mean'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.csat_mean(summary @extschema@.survey_summary, options jsonb) RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat_mean'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps(summary @extschema@.survey_summary) RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_nps'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.nps(summary @extschema@.survey_summary, options jsonb) RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_nps'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat(@extschema@.survey_summary) IS
'CSAT of a stored survey summary: share of answers in the two highest points of their scale, every source weighing 1 (what csat(score [, scale]) gives over the same rows).';
COMMENT ON FUNCTION @extschema@.csat(@extschema@.survey_summary, jsonb) IS
'CSAT of a stored survey summary under options chosen now: {"weights": {source: w}, "default_weight": w, "top_boxes": k, "scale": n}.';
COMMENT ON FUNCTION @extschema@.csat_mean(@extschema@.survey_summary) IS
'Seed 003''s satisfaction score: the mean CSAT score of the answers (one scale), every source weighing 1.';
COMMENT ON FUNCTION @extschema@.csat_mean(@extschema@.survey_summary, jsonb) IS
'The weighted mean CSAT score under options chosen now ({"weights": {"active": 2, "passive": 1}, "default_weight", "scale"}).';
COMMENT ON FUNCTION @extschema@.nps(@extschema@.survey_summary) IS
'NPS of a stored survey summary: promoters (9-10) minus detractors (0-6) in percent of answers (what nps(score) gives over the same rows).';
COMMENT ON FUNCTION @extschema@.nps(@extschema@.survey_summary, jsonb) IS
'NPS of a stored survey summary with answers weighted by source ({"weights": {source: w}, "default_weight": w}).';

-- The handle-time summary: handle times stored per group and category,
-- read under the limits and monthly exemptions chosen then.

CREATE TYPE @extschema@.handle_summary;

CREATE FUNCTION @extschema@.handle_summary_in(cstring) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.handle_summary_out(@extschema@.handle_summary) RETURNS cstring
    AS 'MODULE_PATHNAME', 'handle_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.handle_summary_recv(internal) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.handle_summary_send(@extschema@.handle_summary) RETURNS bytea
    AS 'MODULE_PATHNAME', 'handle_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

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

COMMENT ON FUNCTION @extschema@.handle_summary_in(cstring) IS 'Text input of handle_summary (JSON).';
COMMENT ON FUNCTION @extschema@.handle_summary_out(@extschema@.handle_summary) IS 'Text output of handle_summary (JSON).';
COMMENT ON FUNCTION @extschema@.handle_summary_recv(internal) IS 'Binary input of handle_summary.';
COMMENT ON FUNCTION @extschema@.handle_summary_send(@extschema@.handle_summary) IS 'Binary output of handle_summary.';

CREATE FUNCTION @extschema@.handle_trans(@extschema@.handle_summary, category text, handle_seconds double precision) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.handle_trans(@extschema@.handle_summary, text, double precision) IS
'Transition function of handle_summary(): counts one handle time (a NULL category or time skips the row).';

CREATE FUNCTION @extschema@.handle_inv(@extschema@.handle_summary, category text, handle_seconds double precision) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.handle_inv(@extschema@.handle_summary, text, double precision) IS
'Inverse transition of handle_summary() (moving windows).';

CREATE FUNCTION @extschema@.handle_combine(@extschema@.handle_summary, @extschema@.handle_summary) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.handle_combine(@extschema@.handle_summary, @extschema@.handle_summary) IS
'Combine function of handle_summary() and rollup(handle_summary).';

CREATE FUNCTION @extschema@.handle_final(@extschema@.handle_summary) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.handle_final(@extschema@.handle_summary) IS
'Final function of handle_summary() and rollup(handle_summary); NULL when no handle time was counted.';

CREATE FUNCTION @extschema@.handle_rollup_trans(@extschema@.handle_summary, @extschema@.handle_summary) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_rollup_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.handle_rollup_trans(@extschema@.handle_summary, @extschema@.handle_summary) IS
'Transition function of rollup(handle_summary): adds one stored summary.';

CREATE FUNCTION @extschema@.handle_rollup_inv(@extschema@.handle_summary, @extschema@.handle_summary) RETURNS @extschema@.handle_summary
    AS 'MODULE_PATHNAME', 'handle_rollup_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.handle_rollup_inv(@extschema@.handle_summary, @extschema@.handle_summary) IS
'Inverse transition of rollup(handle_summary) (moving windows).';

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

-- Every role may use the schema (install/current/0_schema.sql says why).
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

-- Workforce planning (install/current/8_staffing.sql).

CREATE TYPE @extschema@.queue_model AS (
    traffic double precision,
    agents integer,
    waiting_probability double precision,
    service_level double precision,
    asa_seconds double precision,
    occupancy double precision,
    abandon_probability double precision
);

COMMENT ON TYPE @extschema@.queue_model IS
'What a queueing model says of one interval: traffic (erlangs = calls x AHT / interval), agents, waiting_probability (a call waits), service_level (answered within the threshold, over all calls), asa_seconds (mean wait), occupancy (traffic / agents) and abandon_probability; probabilities NULL when traffic >= agents (no steady state).';

CREATE TYPE @extschema@.staffing AS (
    traffic double precision,
    raw_agents integer,
    agents integer,
    positions integer,
    fractional_agents double precision,
    service_level double precision,
    occupancy double precision,
    waiting_probability double precision,
    asa_seconds double precision,
    abandon_probability double precision
);

COMMENT ON TYPE @extschema@.staffing IS
'Staffing of one interval: traffic (erlangs), raw_agents (fewest agents meeting the targets), agents (after the occupancy cap), positions (agents / (1 - shrinkage), rounded up), fractional_agents (the continuous answer), and the service level, occupancy, waiting probability, ASA and abandonment achieved with agents.';

CREATE FUNCTION @extschema@.erlang_b(traffic double precision, agents integer)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'staffing_erlang_b'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.erlang_b(double precision, integer) IS
'Erlang B: the probability that a call finds every agent busy when such calls are lost, for traffic in erlangs (by the stable recursion, exact for traffic in the thousands).';

CREATE FUNCTION @extschema@.erlang_c(traffic double precision, agents integer)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'staffing_erlang_c'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.erlang_c(double precision, integer) IS
'Erlang C: the probability that a call waits when calls queue, for traffic in erlangs; NULL when traffic >= agents (no steady state).';

CREATE FUNCTION @extschema@.erlang_c(calls double precision, interval_seconds double precision,
                                     aht_seconds double precision, agents integer,
                                     threshold_seconds double precision DEFAULT 20)
    RETURNS @extschema@.queue_model
    AS 'MODULE_PATHNAME', 'staffing_erlang_c_model'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.erlang_c(double precision, double precision, double precision, integer, double precision) IS
'Erlang C model of an interval with calls, its length and AHT in seconds and the agents: waiting probability, service level within threshold_seconds (default 20), ASA, occupancy (abandonment 0); NULL measures when traffic >= agents.';

CREATE FUNCTION @extschema@.required_agents(calls double precision, interval_seconds double precision,
                                            aht_seconds double precision,
                                            service_level double precision DEFAULT 0.8,
                                            threshold_seconds double precision DEFAULT 20,
                                            max_occupancy double precision DEFAULT NULL,
                                            shrinkage double precision DEFAULT 0,
                                            asa_seconds double precision DEFAULT NULL,
                                            patience_seconds double precision DEFAULT NULL)
    RETURNS @extschema@.staffing
    AS 'MODULE_PATHNAME', 'staffing_required_agents'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.required_agents(double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision, double precision) IS
'Staffing of an interval by Erlang C, or Erlang A when patience_seconds is given: the fewest agents whose service level within threshold_seconds reaches service_level (default 80% in 20 s) and whose ASA is at most asa_seconds (each when not NULL), raised to keep occupancy at most max_occupancy, and the positions after shrinkage; NULL when calls, interval or AHT is NULL.';

CREATE FUNCTION @extschema@.erlang_a(calls double precision, interval_seconds double precision,
                                     aht_seconds double precision, agents integer,
                                     patience_seconds double precision,
                                     threshold_seconds double precision DEFAULT 20)
    RETURNS @extschema@.queue_model
    AS 'MODULE_PATHNAME', 'staffing_erlang_a_model'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.erlang_a(double precision, double precision, double precision, integer, double precision, double precision) IS
'Erlang A (M/M/N+M) model of an interval whose callers abandon after an exponential patience of mean patience_seconds: waiting probability, abandon probability, service level (answered within threshold_seconds over all calls), ASA of answered calls, occupancy.';

-- Forecasts of interval volumes from the warehouse's history, their
-- backtest, and the staffing mismatch of a schedule.

CREATE TYPE @extschema@.interval_forecast AS (
    interval_start timestamp without time zone,
    offered double precision,
    aht_seconds double precision
);

COMMENT ON TYPE @extschema@.interval_forecast IS
'One forecast interval: its start (local wall-clock time, as the history gave it), the offered contacts and the AHT in seconds forecast for it; NULL where no usable history says anything.';

CREATE TYPE @extschema@.forecast_accuracy AS (
    time_of_day time without time zone,
    intervals bigint,
    actual double precision,
    abs_error double precision,
    wape double precision,
    mape double precision
);

COMMENT ON TYPE @extschema@.forecast_accuracy IS
'Backtest accuracy of one interval of the day: intervals scored, the sum of actual volumes, the sum of absolute errors, WAPE (abs_error / actual, NULL when no calls) and MAPE (mean of |actual - forecast| / actual over intervals with calls, NULL when none).';

CREATE FUNCTION @extschema@.forecast_trans(state internal, interval_start timestamp without time zone,
                                           offered double precision, aht_seconds double precision,
                                           options jsonb)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'forecast_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_trans(internal, timestamp without time zone, double precision, double precision, jsonb) IS
'Transition function of volume_forecast: keeps one interval of history (rows with a NULL interval_start or offered are skipped).';

CREATE FUNCTION @extschema@.forecast_trans(state internal, interval_start timestamp without time zone,
                                           offered double precision, options jsonb)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'forecast_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_trans(internal, timestamp without time zone, double precision, jsonb) IS
'Transition function of forecast_backtest: keeps one interval of history (rows with a NULL interval_start or offered are skipped).';

CREATE FUNCTION @extschema@.forecast_combine(a internal, b internal)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'forecast_combine'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_combine(internal, internal) IS
'Combine function of volume_forecast and forecast_backtest: appends one partial history to another (their options must be the same).';

CREATE FUNCTION @extschema@.forecast_serialize(state internal)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'forecast_serialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_serialize(internal) IS
'Serialize function of volume_forecast and forecast_backtest (parallel query): the options and the history.';

CREATE FUNCTION @extschema@.forecast_deserialize(state bytea, dummy internal)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'forecast_deserialize'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_deserialize(bytea, internal) IS
'Deserialize function of volume_forecast and forecast_backtest (parallel query), every point checked.';

CREATE FUNCTION @extschema@.forecast_volume_final(state internal)
    RETURNS @extschema@.interval_forecast[]
    AS 'MODULE_PATHNAME', 'forecast_volume_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_volume_final(internal) IS
'Final function of volume_forecast: the forecast intervals of the days after the history.';

CREATE FUNCTION @extschema@.forecast_backtest_final(state internal)
    RETURNS @extschema@.forecast_accuracy[]
    AS 'MODULE_PATHNAME', 'forecast_backtest_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.forecast_backtest_final(internal) IS
'Final function of forecast_backtest: the accuracy of each interval of the day.';

CREATE AGGREGATE @extschema@.volume_forecast(interval_start timestamp without time zone,
                                             offered double precision,
                                             aht_seconds double precision, options jsonb) (
    SFUNC = @extschema@.forecast_trans, STYPE = internal,
    FINALFUNC = @extschema@.forecast_volume_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.forecast_combine,
    SERIALFUNC = @extschema@.forecast_serialize, DESERIALFUNC = @extschema@.forecast_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.volume_forecast(timestamp without time zone, double precision, double precision, jsonb) IS
'Forecast of interval volumes and AHT for the days after a history of (local interval start, offered, AHT) rows: options method ("seasonal_average" of the same weekday over weeks with weights, or "holt_winters" with level, trend, daily, weekly, damping), interval_seconds (900), days (7), exclude (dates not to learn from). An effcap.interval_forecast[]; unnest it for rows.';

CREATE AGGREGATE @extschema@.forecast_backtest(interval_start timestamp without time zone,
                                               offered double precision, options jsonb) (
    SFUNC = @extschema@.forecast_trans, STYPE = internal,
    FINALFUNC = @extschema@.forecast_backtest_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.forecast_combine,
    SERIALFUNC = @extschema@.forecast_serialize, DESERIALFUNC = @extschema@.forecast_deserialize,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.forecast_backtest(timestamp without time zone, double precision, jsonb) IS
'Backtest of volume_forecast under the same options: each of the last backtest_weeks (4) weeks of the history forecast from the days before it, WAPE and MAPE per interval of the day. An effcap.forecast_accuracy[]; unnest it for rows.';

CREATE TYPE @extschema@.staffing_mismatch AS (
    intervals bigint,
    required bigint,
    scheduled bigint,
    shortfall bigint,
    surplus bigint,
    mismatch_rate double precision,
    under_rate double precision,
    over_rate double precision
);

COMMENT ON TYPE @extschema@.staffing_mismatch IS
'Staffing mismatch over intervals: sums of required and scheduled agents, shortfall (sum of required - scheduled where short) and surplus (sum of scheduled - required where over); mismatch_rate = (shortfall + surplus) / required, under_rate = shortfall / required, over_rate = surplus / required (NULL when nothing was required).';

CREATE FUNCTION @extschema@.staffing_mismatch_trans(state bigint[], scheduled integer, required integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'staffing_mismatch_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.staffing_mismatch_trans(bigint[], integer, integer) IS
'Transition function of staffing_mismatch: adds one interval (NULL scheduled or required: skipped). State {5000000000000 (kind), intervals, required, scheduled, shortfall, surplus}.';

CREATE FUNCTION @extschema@.staffing_mismatch_inv(state bigint[], scheduled integer, required integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'staffing_mismatch_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.staffing_mismatch_inv(bigint[], integer, integer) IS
'Inverse transition of staffing_mismatch (moving windows): removes one interval.';

CREATE FUNCTION @extschema@.staffing_mismatch_final(state bigint[])
    RETURNS @extschema@.staffing_mismatch
    AS 'MODULE_PATHNAME', 'staffing_mismatch_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.staffing_mismatch_final(bigint[]) IS
'Final function of staffing_mismatch: the effcap.staffing_mismatch row.';

CREATE AGGREGATE @extschema@.staffing_mismatch(scheduled integer, required integer) (
    SFUNC = @extschema@.staffing_mismatch_trans, STYPE = bigint[],
    INITCOND = '{5000000000000,0,0,0,0,0}',
    FINALFUNC = @extschema@.staffing_mismatch_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.staffing_mismatch_trans, MINVFUNC = @extschema@.staffing_mismatch_inv,
    MSTYPE = bigint[], MINITCOND = '{5000000000000,0,0,0,0,0}',
    MFINALFUNC = @extschema@.staffing_mismatch_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.staffing_mismatch(integer, integer) IS
'Seed 002''s staffing mismatch rate over intervals: sum |scheduled - required| / sum required, with the under- and over-staffed shares and the sums behind them (add the sums to roll results up). Rows with a NULL scheduled or required are skipped.';

-- Signal from noise (install/current/9_signals.sql).

CREATE TYPE @extschema@.rate_interval AS (
    successes bigint,
    trials bigint,
    rate double precision,
    lower double precision,
    upper double precision
);

COMMENT ON TYPE @extschema@.rate_interval IS
'A rate counted from yes/no outcomes and its Wilson score interval: successes, trials, rate = successes / trials, lower and upper (NULL rate and bounds for no trials).';

CREATE TYPE @extschema@.nps_interval AS (
    answers bigint,
    nps double precision,
    standard_error double precision,
    margin double precision,
    lower double precision,
    upper double precision
);

COMMENT ON TYPE @extschema@.nps_interval IS
'NPS of a set of answers with its uncertainty, in points: answers, nps = 100 (promoter share - detractor share), standard_error = 100 sqrt((p + d - (p - d)^2) / answers), margin = z standard_error, lower and upper (nps -/+ margin, within -100 and 100); NULL measures for no answers.';

CREATE FUNCTION @extschema@.normal_quantile(p double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'uncertainty_normal_quantile'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.normal_quantile(double precision) IS
'The standard normal quantile of p in (0, 1), to the precision of a double: normal_quantile(0.975) = 1.959963984540054, the z of a 95% two-sided interval.';

CREATE FUNCTION @extschema@.wilson_interval(successes bigint, trials bigint,
                                            confidence double precision DEFAULT 0.95)
    RETURNS @extschema@.rate_interval
    AS 'MODULE_PATHNAME', 'uncertainty_wilson'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.wilson_interval(bigint, bigint, double precision) IS
'Wilson score interval of successes out of trials at a two-sided confidence (default 0.95): 81 of 263 gives [0.2553, 0.3662], 0 of 20 gives [0, 0.1611]. Use it for any rate counted from yes/no outcomes (service level, answer and abandon rates, top-box CSAT, on-time rates).';

CREATE FUNCTION @extschema@.wilson_interval(fcr @extschema@.fcr, confidence double precision DEFAULT 0.95)
    RETURNS @extschema@.rate_interval
    AS 'MODULE_PATHNAME', 'uncertainty_wilson_fcr'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.wilson_interval(@extschema@.fcr, double precision) IS
'Wilson score interval of an FCR rate (an effcap.fcr row of fcr_stats): resolved out of the contacts that can be judged (contacts - pending), at a two-sided confidence (default 0.95).';

CREATE FUNCTION @extschema@.nps_interval(promoters bigint, passives bigint, detractors bigint,
                                         confidence double precision DEFAULT 0.95)
    RETURNS @extschema@.nps_interval
    AS 'MODULE_PATHNAME', 'uncertainty_nps'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps_interval(bigint, bigint, bigint, double precision) IS
'NPS of promoters, passives and detractors with its standard error and margin at a two-sided confidence (default 0.95), in points: 500, 300, 200 give NPS 30, standard error 2.47, margin 4.84.';

CREATE FUNCTION @extschema@.trailing_median(value double precision, trailing_rows integer, min_points integer DEFAULT 1)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'anomaly_trailing_median'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.trailing_median(double precision, integer, integer) IS
'Window function: the median of value over the trailing_rows rows before the current one in the window''s order (the current row excluded, NULLs skipped); NULL when they hold fewer than min_points values (default 1).';

CREATE FUNCTION @extschema@.robust_zscore(value double precision, trailing_rows integer, min_points integer DEFAULT 5)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'anomaly_robust_zscore'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.robust_zscore(double precision, integer, integer) IS
'Window function: the modified z-score of value against the trailing_rows rows before it, 0.6745 (value - median) / MAD (Iglewicz and Hoaglin; an anomaly when its absolute value exceeds 3.5); NULL for a NULL value, fewer than min_points values before it (default 5), or a MAD of 0.';

CREATE FUNCTION @extschema@.sudden_drop(value double precision, trailing_rows integer, drop double precision DEFAULT 0.2,
                                        min_points integer DEFAULT 5)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'anomaly_sudden_drop'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.sudden_drop(double precision, integer, double precision, integer) IS
'Window function (seed 003): whether value lies drop (default 0.2) or more below the median of the trailing_rows rows before it, value <= (1 - drop) median; NULL for a NULL value or fewer than min_points values before it (default 5).';

CREATE FUNCTION @extschema@.service_level_interval(summary @extschema@.queue_summary, threshold_seconds double precision,
                                                   policy text DEFAULT 'abandons_negative',
                                                   confidence double precision DEFAULT 0.95)
    RETURNS @extschema@.rate_interval
    AS 'MODULE_PATHNAME', 'queue_service_level_interval'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level_interval(@extschema@.queue_summary, double precision, text, double precision) IS
'The service level of a stored queue summary at threshold_seconds under policy (default abandons_negative) as an effcap.rate_interval: the contacts within the threshold out of those the policy counts, with their Wilson score interval at a two-sided confidence (default 0.95); NULL for a NULL summary.';

CREATE FUNCTION @extschema@.point_change(current double precision, previous double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'anomaly_point_change'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.point_change(double precision, double precision) IS
'The change of a rate between two periods in percentage points, 100 (current - previous), rates given as fractions: point_change(0.78, 0.70) = 8. Use with lag() over the periods.';

CREATE FUNCTION @extschema@.percent_change(current double precision, previous double precision)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'anomaly_percent_change'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.percent_change(double precision, double precision) IS
'The change of a volume between two periods in percent, 100 (current - previous) / previous: percent_change(1150, 1000) = 15; NULL when previous is 0. Use with lag() over the periods.';

-- Service operations: business-hours clocks, time bands and the SLA summary
-- (install/current/10_service.sql).
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

CREATE FUNCTION @extschema@.csat_interval(summary @extschema@.survey_summary, options jsonb DEFAULT '{}',
                                          confidence double precision DEFAULT 0.95)
    RETURNS @extschema@.rate_interval
    AS 'MODULE_PATHNAME', 'survey_csat_interval'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_interval(@extschema@.survey_summary, jsonb, double precision) IS
'The CSAT top-box share of a stored survey summary as an effcap.rate_interval: answers in the top boxes out of all answers, with their Wilson score interval at a two-sided confidence (default 0.95). Options as csat(summary, options) (top_boxes, scale), except that a source''s weight must be 0 (left out) or 1: an interval counts answers. NULL for a NULL summary.';

CREATE FUNCTION @extschema@.nps_interval(summary @extschema@.survey_summary, options jsonb DEFAULT '{}',
                                         confidence double precision DEFAULT 0.95)
    RETURNS @extschema@.nps_interval
    AS 'MODULE_PATHNAME', 'survey_nps_interval'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps_interval(@extschema@.survey_summary, jsonb, double precision) IS
'NPS of a stored survey summary with its standard error and margin, in points (effcap.nps_interval), at a two-sided confidence (default 0.95). Options as nps(summary, options), except that a source''s weight must be 0 (left out) or 1. NULL for a NULL summary.';

-- Incentives: stepped commission (install/current/11_incentives.sql).
CREATE TYPE @extschema@.commission AS (
    amount numeric,
    bracket integer,
    rate numeric,
    commission numeric,
    bonus numeric
);

COMMENT ON TYPE @extschema@.commission IS
'What a commission plan pays on an amount: the amount, the bracket reached (counted from 1; NULL below the first), its rate, the commission (marginal or whole-amount, as the plan reads) and the bonus (the sum of the bonuses of every bracket reached: seed 003''s team fund).';

CREATE FUNCTION @extschema@.tiered_commission(amount numeric, brackets jsonb)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'incentives_tiered_commission'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.tiered_commission(numeric, jsonb) IS
'Stepped commission on an amount, exact: {"reading": "marginal" (each slice at its bracket''s rate) or "whole_amount" (the whole amount at the rate of the bracket reached), "boundary": "lower" (an amount equal to a bracket''s from is in it) or "upper" (in the bracket below), "brackets": [{"from": 0, "rate": 0.01, "bonus": 0}, ...]}. Seed 003: 250,000 pays 3,500 marginal, 5,000 whole-amount.';

CREATE FUNCTION @extschema@.commission_detail(amount numeric, brackets jsonb)
    RETURNS @extschema@.commission
    AS 'MODULE_PATHNAME', 'incentives_commission_detail'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.commission_detail(numeric, jsonb) IS
'What a commission plan pays on an amount, as effcap.commission: the bracket reached, its rate, the commission and the bonuses of the brackets reached.';

CREATE FUNCTION @extschema@.validate_commission_plan(brackets jsonb)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'incentives_validate_plan'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.validate_commission_plan(jsonb) IS
'True for a valid commission plan; otherwise an error that names the JSON path of the problem (a missing reading or boundary, brackets out of order or overlapping, a negative or above-1 rate, a negative bonus). For a CHECK constraint on a table of plans.';

-- Teams by rank (install/current/11_incentives.sql).

CREATE FUNCTION @extschema@.snake_team(n_teams integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'teams_snake_team'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.snake_team(integer) IS
'Window function (seed 000): the team, 1 to n_teams, of each row by a snake draft over the window''s order: picks 1, 2, ..., n, n, ..., 2, 1, 1, 2, ... End the ORDER BY with a unique key for the same teams every time; team sizes differ by at most one.';

CREATE FUNCTION @extschema@.tiered_team(n_teams integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'teams_tiered_team'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.tiered_team(integer) IS
'Window function (seed 000''s tiered rotating picks): rows are cut by the window''s order into tiers of n_teams, and tier r''s picks go to teams r + 1, r + 2, ... (wrapping), so the first pick rotates from tier to tier. Team sizes differ by at most one.';

CREATE FUNCTION @extschema@.streak(flag boolean)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'teams_streak'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.streak(boolean) IS
'Window function: how many rows in a row, ending at the current one, have flag true in the window''s order (0 when the current row''s flag is not true; NULL is not true). Seed 000''s coaching rule: streak(bottom_n) OVER (PARTITION BY agent ORDER BY month) >= K.';

CREATE FUNCTION @extschema@.ramped_target(target double precision, tenure_months integer, ramp jsonb)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'incentives_ramped_target'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.ramped_target(double precision, integer, jsonb) IS
'A target scaled for tenure (seed 002: a new hire''s capacity in the first three months is about 60% of a veteran''s): target times the factor of the month of tenure in {"factors": [0.6, 0.6, 0.6, ...]} (tenure_months 0 is the first month), the full target after the last factor.';

CREATE TYPE @extschema@.commission_state AS (
    amount numeric,
    rows bigint,
    brackets jsonb
);

COMMENT ON TYPE @extschema@.commission_state IS
'The state of effcap.sales_commission: the exact sum of the amounts so far, the rows in it, and the commission plan every row shares.';

CREATE FUNCTION @extschema@.commission_trans(@extschema@.commission_state, numeric, jsonb)
    RETURNS @extschema@.commission_state
    AS 'MODULE_PATHNAME', 'incentives_sales_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.commission_trans(@extschema@.commission_state, numeric, jsonb) IS
'Transition function of effcap.sales_commission: adds an amount (rows with a NULL amount or plan are skipped).';

CREATE FUNCTION @extschema@.commission_inv(@extschema@.commission_state, numeric, jsonb)
    RETURNS @extschema@.commission_state
    AS 'MODULE_PATHNAME', 'incentives_sales_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.commission_inv(@extschema@.commission_state, numeric, jsonb) IS
'Inverse transition function of effcap.sales_commission (moving window frames): takes an amount out.';

CREATE FUNCTION @extschema@.commission_combine(@extschema@.commission_state, @extschema@.commission_state)
    RETURNS @extschema@.commission_state
    AS 'MODULE_PATHNAME', 'incentives_sales_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.commission_combine(@extschema@.commission_state, @extschema@.commission_state) IS
'Combine function of effcap.sales_commission: adds two partial sums that share a plan.';

CREATE FUNCTION @extschema@.commission_final(@extschema@.commission_state)
    RETURNS @extschema@.commission
    AS 'MODULE_PATHNAME', 'incentives_sales_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.commission_final(@extschema@.commission_state) IS
'Final function of effcap.sales_commission: what the plan pays on the sum (NULL for no rows).';

CREATE AGGREGATE @extschema@.sales_commission(amount numeric, brackets jsonb) (
    SFUNC = @extschema@.commission_trans, STYPE = @extschema@.commission_state,
    FINALFUNC = @extschema@.commission_final,
    COMBINEFUNC = @extschema@.commission_combine,
    MSFUNC = @extschema@.commission_trans, MINVFUNC = @extschema@.commission_inv,
    MSTYPE = @extschema@.commission_state, MFINALFUNC = @extschema@.commission_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.sales_commission(numeric, jsonb) IS
'Stepped commission of a group''s sales (an agent''s month), as effcap.commission: what the plan pays on the exact sum of the amounts (refunds may be negative amounts; the sum must not be). Every row of a group shares the plan. The same as commission_detail(sum(amount), plan).';

CREATE FUNCTION @extschema@.target_trans(internal, anyelement)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'incentives_target_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.target_trans(internal, anyelement) IS
'Transition function of effcap.base_target: sorts the values (NULLs skipped).';

CREATE FUNCTION @extschema@.target_final(internal, numeric, anyelement)
    RETURNS anyelement
    AS 'MODULE_PATHNAME', 'incentives_target_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.target_final(internal, numeric, anyelement) IS
'Final function of effcap.base_target: the ceil(share x n)-th value in the ORDER BY''s order.';

CREATE AGGREGATE @extschema@.base_target(share numeric ORDER BY value anyelement) (
    SFUNC = @extschema@.target_trans, STYPE = internal,
    FINALFUNC = @extschema@.target_final, FINALFUNC_EXTRA, FINALFUNC_MODIFY = READ_WRITE,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.base_target(numeric ORDER BY anyelement) IS
'Seed 003''s base target, reached by a share of staff: base_target(0.8) WITHIN GROUP (ORDER BY sales DESC) is the ceil(0.8 n)-th largest value, the strictest target at least 80% of the n rows reach (reaching = at or before it in the ORDER BY; ORDER BY a time ASC for a time to stay under). percentile_disc(share) over the same order, with the share exact (numeric). NULL values skipped.';

CREATE TYPE @extschema@.attainment AS (
    level text,
    multiplier numeric
);

COMMENT ON TYPE @extschema@.attainment IS
'Which target a value reaches (level: below, base or challenge) and the multiplier the plan gives that level.';

CREATE FUNCTION @extschema@.attainment(value anycompatible, base_target anycompatible, challenge_target anycompatible, plan jsonb)
    RETURNS @extschema@.attainment
    AS 'MODULE_PATHNAME', 'incentives_attainment'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.attainment(anycompatible, anycompatible, anycompatible, jsonb) IS
'Which target a value reaches and its multiplier (seed 003: +30% for the challenge target): plan {"better": "higher" (value >= target reaches; the default) or "lower", "below": 0, "base": 1, "challenge": 1.3}. A NULL challenge_target means none; a NULL value, base_target or plan gives NULL.';

CREATE FUNCTION @extschema@.snake_team(n_teams integer, pinned_team integer, max_size integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'teams_snake_team_constrained'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.snake_team(integer, integer, integer) IS
'Window function: the snake draft with a real center''s constraints. Rows with a pinned_team are placed there and take no pick; the others are drafted in the window''s order, passing over full teams; the draft fills no team beyond ceil(rows / n_teams) (pinned rows may, up to max_size when it is given). With n_teams NULL, teams of at most max_size: ceil(rows / max_size) teams.';

CREATE FUNCTION @extschema@.tiered_team(n_teams integer, pinned_team integer, max_size integer)
    RETURNS integer
    AS 'MODULE_PATHNAME', 'teams_tiered_team_constrained'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.tiered_team(integer, integer, integer) IS
'Window function: the tiered rotating draft with pinned rows (placed, no pick) and a team size limit (max_size; with n_teams NULL, ceil(rows / max_size) teams), passing over full teams.';
