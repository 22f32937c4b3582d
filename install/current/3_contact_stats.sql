-- Contact statistics (DESIGN 5): service level under every policy, answer and
-- abandon rates, ASA, AHT, CSAT, NPS, AHT compliance, and the counter states.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.contact_summary AS (
    offered bigint,
    short_abandoned bigint,
    answered bigint,
    answered_within bigint,
    abandoned bigint,
    abandoned_within bigint,
    service_level double precision,
    answer_rate double precision,
    abandon_rate double precision,
    asa_seconds double precision,
    aht_seconds double precision
);

COMMENT ON TYPE @extschema@.contact_summary IS
'Contact statistics of a group: offered (answered + abandoned, short abandons excluded), short_abandoned, answered, answered_within and abandoned(_within) the threshold (wait <= threshold), service_level under the chosen policy, answer_rate, abandon_rate, asa_seconds (mean wait of answered contacts) and aht_seconds (mean handle time of answered contacts).';

CREATE FUNCTION @extschema@.contact_stats_trans(state bigint[], queue_seconds double precision, answered boolean, handle_seconds double precision)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'contact_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats_trans(bigint[], double precision, boolean, double precision) IS
'Transition function of contact_stats(): adds one offered contact (default options).';

CREATE FUNCTION @extschema@.contact_stats_trans(state bigint[], queue_seconds double precision, answered boolean, handle_seconds double precision, options jsonb)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'contact_stats_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats_trans(bigint[], double precision, boolean, double precision, jsonb) IS
'Transition function of contact_stats(..., options): adds one offered contact.';

CREATE FUNCTION @extschema@.contact_stats_inv(state bigint[], queue_seconds double precision, answered boolean, handle_seconds double precision)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'contact_stats_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats_inv(bigint[], double precision, boolean, double precision) IS
'Inverse transition of contact_stats() (moving windows): removes one contact.';

CREATE FUNCTION @extschema@.contact_stats_inv(state bigint[], queue_seconds double precision, answered boolean, handle_seconds double precision, options jsonb)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'contact_stats_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats_inv(bigint[], double precision, boolean, double precision, jsonb) IS
'Inverse transition of contact_stats(..., options) (moving windows): removes one contact.';

CREATE FUNCTION @extschema@.contact_stats_combine(bigint[], bigint[])
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'contact_stats_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats_combine(bigint[], bigint[]) IS
'Combine function of contact_stats() and service_level(): adds two states with the same options.';

CREATE FUNCTION @extschema@.contact_stats_final(bigint[])
    RETURNS @extschema@.contact_summary
    AS 'MODULE_PATHNAME', 'contact_stats_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.contact_stats_final(bigint[]) IS
'Final function of contact_stats(): the effcap.contact_summary row.';

CREATE FUNCTION @extschema@.service_level_trans(state bigint[], queue_seconds double precision, answered boolean, threshold_seconds double precision)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'service_level_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level_trans(bigint[], double precision, boolean, double precision) IS
'Transition function of service_level().';

CREATE FUNCTION @extschema@.service_level_trans(state bigint[], queue_seconds double precision, answered boolean, threshold_seconds double precision, policy text)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'service_level_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level_trans(bigint[], double precision, boolean, double precision, text) IS
'Transition function of service_level(..., policy).';

CREATE FUNCTION @extschema@.service_level_inv(state bigint[], queue_seconds double precision, answered boolean, threshold_seconds double precision)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'service_level_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level_inv(bigint[], double precision, boolean, double precision) IS
'Inverse transition of service_level() (moving windows).';

CREATE FUNCTION @extschema@.service_level_inv(state bigint[], queue_seconds double precision, answered boolean, threshold_seconds double precision, policy text)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'service_level_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level_inv(bigint[], double precision, boolean, double precision, text) IS
'Inverse transition of service_level(..., policy) (moving windows).';

CREATE FUNCTION @extschema@.service_level_final(bigint[])
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'service_level_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.service_level_final(bigint[]) IS
'Final function of service_level().';

CREATE FUNCTION @extschema@.counts_combine(bigint[], bigint[])
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'counts_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.counts_combine(bigint[], bigint[]) IS
'Combine function of the counting aggregates (csat, nps, aht_compliance, fcr_rate/fcr_stats of judged contacts): adds two counter states of the same kind element by element; their parameters (CSAT scale, exemptions) must agree.';

CREATE FUNCTION @extschema@.csat_trans(state bigint[], score integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'csat_trans'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_trans(bigint[], integer) IS
'Transition function of csat(score).';

CREATE FUNCTION @extschema@.csat_trans(state bigint[], score integer, scale integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'csat_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_trans(bigint[], integer, integer) IS
'Transition function of csat(score, scale).';

CREATE FUNCTION @extschema@.csat_inv(state bigint[], score integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'csat_inv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_inv(bigint[], integer) IS
'Inverse transition of csat(score) (moving windows).';

CREATE FUNCTION @extschema@.csat_inv(state bigint[], score integer, scale integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'csat_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_inv(bigint[], integer, integer) IS
'Inverse transition of csat(score, scale) (moving windows).';

CREATE FUNCTION @extschema@.csat_final(bigint[])
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'csat_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_final(bigint[]) IS
'Final function of csat(): top-2-box answers / answers.';

CREATE FUNCTION @extschema@.csat_weighted_trans(state double precision[], score integer, scale integer, weight double precision)
    RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'csat_weighted_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_weighted_trans(double precision[], integer, integer, double precision) IS
'Transition function of csat(score, scale, weight).';

CREATE FUNCTION @extschema@.csat_weighted_combine(double precision[], double precision[])
    RETURNS double precision[]
    AS 'MODULE_PATHNAME', 'csat_weighted_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_weighted_combine(double precision[], double precision[]) IS
'Combine function of csat(score, scale, weight).';

CREATE FUNCTION @extschema@.csat_weighted_final(double precision[])
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'csat_weighted_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_weighted_final(double precision[]) IS
'Final function of csat(score, scale, weight): weighted top-2-box share.';

CREATE FUNCTION @extschema@.nps_trans(state bigint[], score integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'nps_trans'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps_trans(bigint[], integer) IS
'Transition function of nps().';

CREATE FUNCTION @extschema@.nps_inv(state bigint[], score integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'nps_inv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps_inv(bigint[], integer) IS
'Inverse transition of nps() (moving windows).';

CREATE FUNCTION @extschema@.nps_final(bigint[])
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'nps_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps_final(bigint[]) IS
'Final function of nps(): promoters minus detractors, on -100..100.';

CREATE FUNCTION @extschema@.aht_compliance_trans(state bigint[], handle_seconds double precision, limit_seconds double precision, exemptions integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'aht_compliance_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aht_compliance_trans(bigint[], double precision, double precision, integer) IS
'Transition function of aht_compliance().';

CREATE FUNCTION @extschema@.aht_compliance_inv(state bigint[], handle_seconds double precision, limit_seconds double precision, exemptions integer)
    RETURNS bigint[]
    AS 'MODULE_PATHNAME', 'aht_compliance_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aht_compliance_inv(bigint[], double precision, double precision, integer) IS
'Inverse transition of aht_compliance() (moving windows).';

CREATE FUNCTION @extschema@.aht_compliance_final(bigint[])
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'aht_compliance_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.aht_compliance_final(bigint[]) IS
'Final function of aht_compliance().';

CREATE AGGREGATE @extschema@.contact_stats(queue_seconds double precision, answered boolean, handle_seconds double precision) (
    SFUNC = @extschema@.contact_stats_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.contact_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.contact_stats_combine,
    MSFUNC = @extschema@.contact_stats_trans, MINVFUNC = @extschema@.contact_stats_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.contact_stats_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.contact_stats(double precision, boolean, double precision) IS
'Contact statistics of offered contacts with the default options (threshold 20 s, no short abandons, policy abandons_negative). Rows with NULL queue_seconds or answered are skipped; an answered contact needs handle_seconds.';

CREATE AGGREGATE @extschema@.contact_stats(queue_seconds double precision, answered boolean, handle_seconds double precision, options jsonb) (
    SFUNC = @extschema@.contact_stats_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.contact_stats_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.contact_stats_combine,
    MSFUNC = @extschema@.contact_stats_trans, MINVFUNC = @extschema@.contact_stats_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.contact_stats_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.contact_stats(double precision, boolean, double precision, jsonb) IS
'Contact statistics with options {"threshold_seconds", "short_abandon_seconds", "policy"}, validated once per query.';

CREATE AGGREGATE @extschema@.service_level(queue_seconds double precision, answered boolean, threshold_seconds double precision) (
    SFUNC = @extschema@.service_level_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.service_level_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.contact_stats_combine,
    MSFUNC = @extschema@.service_level_trans, MINVFUNC = @extschema@.service_level_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.service_level_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.service_level(double precision, boolean, double precision) IS
'Service level (abandons_negative: answered within the threshold / offered) as a plain number, for BI tools.';

CREATE AGGREGATE @extschema@.service_level(queue_seconds double precision, answered boolean, threshold_seconds double precision, policy text) (
    SFUNC = @extschema@.service_level_trans, STYPE = bigint[],
    FINALFUNC = @extschema@.service_level_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.contact_stats_combine,
    MSFUNC = @extschema@.service_level_trans, MINVFUNC = @extschema@.service_level_inv, MSTYPE = bigint[],
    MFINALFUNC = @extschema@.service_level_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.service_level(double precision, boolean, double precision, text) IS
'Service level under the named policy: abandons_negative, abandons_ignored, abandons_positive or handled_only.';

CREATE AGGREGATE @extschema@.csat(score integer) (
    SFUNC = @extschema@.csat_trans, STYPE = bigint[],
    INITCOND = '{1000000000000,0,0}',
    FINALFUNC = @extschema@.csat_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.csat_trans, MINVFUNC = @extschema@.csat_inv, MSTYPE = bigint[],
    MINITCOND = '{1000000000000,0,0}',
    MFINALFUNC = @extschema@.csat_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat(integer) IS
'CSAT: share of top-2-box answers (4 and 5) on a 1..5 scale. NULL scores are skipped.';

CREATE AGGREGATE @extschema@.csat(score integer, scale integer) (
    SFUNC = @extschema@.csat_trans, STYPE = bigint[],
    INITCOND = '{1000000000000,0,0}',
    FINALFUNC = @extschema@.csat_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.csat_trans, MINVFUNC = @extschema@.csat_inv, MSTYPE = bigint[],
    MINITCOND = '{1000000000000,0,0}',
    MFINALFUNC = @extschema@.csat_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat(integer, integer) IS
'CSAT on a 1..scale scale: share of answers in the two highest points.';

CREATE AGGREGATE @extschema@.csat(score integer, scale integer, weight double precision) (
    SFUNC = @extschema@.csat_weighted_trans, STYPE = double precision[],
    INITCOND = '{0,0,0}',
    FINALFUNC = @extschema@.csat_weighted_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.csat_weighted_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.csat(integer, integer, double precision) IS
'Weighted CSAT (seed 003: active feedback above passive): weighted share of top-2-box answers. Rows with NULL score or weight are skipped.';

CREATE AGGREGATE @extschema@.nps(score integer) (
    SFUNC = @extschema@.nps_trans, STYPE = bigint[],
    INITCOND = '{2000000000000,0,0,0}',
    FINALFUNC = @extschema@.nps_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.nps_trans, MINVFUNC = @extschema@.nps_inv, MSTYPE = bigint[],
    MINITCOND = '{2000000000000,0,0,0}',
    MFINALFUNC = @extschema@.nps_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.nps(integer) IS
'Net promoter score: promoters (9-10) minus detractors (0-6), in percent of answers, on -100..100. NULL scores are skipped.';

CREATE AGGREGATE @extschema@.aht_compliance(handle_seconds double precision, limit_seconds double precision, exemptions integer) (
    SFUNC = @extschema@.aht_compliance_trans, STYPE = bigint[],
    INITCOND = '{3000000000000,0,0}',
    FINALFUNC = @extschema@.aht_compliance_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.counts_combine,
    MSFUNC = @extschema@.aht_compliance_trans, MINVFUNC = @extschema@.aht_compliance_inv, MSTYPE = bigint[],
    MINITCOND = '{3000000000000,0,0}',
    MFINALFUNC = @extschema@.aht_compliance_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.aht_compliance(double precision, double precision, integer) IS
'Share of handled contacts within their own limit, forgiving up to exemptions over-limit contacts in the group (seed 001: 3 a month). Rows with NULL handle or limit are skipped.';
