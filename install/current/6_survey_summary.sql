-- The survey summary: CSAT and NPS answers per source, read under weights,
-- satisfied boxes and scale chosen then; rollup and merge.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.survey_summary;

CREATE FUNCTION @extschema@.survey_summary_in(cstring)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_summary_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_summary_in(cstring) IS
'Text input of survey_summary (JSON).';

CREATE FUNCTION @extschema@.survey_summary_out(@extschema@.survey_summary)
    RETURNS cstring
    AS 'MODULE_PATHNAME', 'survey_summary_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_summary_out(@extschema@.survey_summary) IS
'Text output of survey_summary (JSON).';

CREATE FUNCTION @extschema@.survey_summary_recv(internal)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_summary_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_summary_recv(internal) IS
'Binary input of survey_summary.';

CREATE FUNCTION @extschema@.survey_summary_send(@extschema@.survey_summary)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'survey_summary_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_summary_send(@extschema@.survey_summary) IS
'Binary output of survey_summary.';

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

CREATE FUNCTION @extschema@.survey_trans(state @extschema@.survey_summary, csat_score integer, nps_score integer)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_trans(@extschema@.survey_summary, integer, integer) IS
'Transition function of survey_summary(csat_score, nps_score): counts one respondent''s answers (source "survey", 5-point CSAT).';

CREATE FUNCTION @extschema@.survey_trans(state @extschema@.survey_summary, csat_score integer, nps_score integer, source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_trans(@extschema@.survey_summary, integer, integer, text) IS
'Transition function of survey_summary(csat_score, nps_score, source): counts one respondent''s answers (5-point CSAT); a NULL source skips the row.';

CREATE FUNCTION @extschema@.survey_trans(state @extschema@.survey_summary, csat_score integer, csat_scale integer, nps_score integer, source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_trans(@extschema@.survey_summary, integer, integer, integer, text) IS
'Transition function of survey_summary(csat_score, csat_scale, nps_score, source): counts one respondent''s answers; a NULL source skips the row.';

CREATE FUNCTION @extschema@.survey_inv(state @extschema@.survey_summary, csat_score integer, nps_score integer)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_inv(@extschema@.survey_summary, integer, integer) IS
'Inverse transition of survey_summary(csat_score, nps_score) (moving windows).';

CREATE FUNCTION @extschema@.survey_inv(state @extschema@.survey_summary, csat_score integer, nps_score integer, source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_inv(@extschema@.survey_summary, integer, integer, text) IS
'Inverse transition of survey_summary(csat_score, nps_score, source) (moving windows).';

CREATE FUNCTION @extschema@.survey_inv(state @extschema@.survey_summary, csat_score integer, csat_scale integer, nps_score integer, source text)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_inv'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

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

CREATE FUNCTION @extschema@.survey_final(@extschema@.survey_summary)
    RETURNS @extschema@.survey_summary
    AS 'MODULE_PATHNAME', 'survey_final'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.survey_final(@extschema@.survey_summary) IS
'Final function of survey_summary() and rollup(survey_summary): NULL for a summary of no answer.';

CREATE FUNCTION @extschema@.csat(summary @extschema@.survey_summary)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat(@extschema@.survey_summary) IS
'CSAT of a stored survey summary: share of answers in the two highest points of their scale, every source weighing 1 (what csat(score [, scale]) gives over the same rows).';

CREATE FUNCTION @extschema@.csat(summary @extschema@.survey_summary, options jsonb)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat(@extschema@.survey_summary, jsonb) IS
'CSAT of a stored survey summary under options chosen now: {"weights": {source: w}, "default_weight": w, "top_boxes": k, "scale": n}.';

CREATE FUNCTION @extschema@.csat_mean(summary @extschema@.survey_summary)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat_mean'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_mean(@extschema@.survey_summary) IS
'Seed 003''s satisfaction score: the mean CSAT score of the answers (one scale), every source weighing 1.';

CREATE FUNCTION @extschema@.csat_mean(summary @extschema@.survey_summary, options jsonb)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_csat_mean'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.csat_mean(@extschema@.survey_summary, jsonb) IS
'The weighted mean CSAT score under options chosen now ({"weights": {"active": 2, "passive": 1}, "default_weight", "scale"}).';

CREATE FUNCTION @extschema@.nps(summary @extschema@.survey_summary)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_nps'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps(@extschema@.survey_summary) IS
'NPS of a stored survey summary: promoters (9-10) minus detractors (0-6) in percent of answers (what nps(score) gives over the same rows).';

CREATE FUNCTION @extschema@.nps(summary @extschema@.survey_summary, options jsonb)
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'survey_nps'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.nps(@extschema@.survey_summary, jsonb) IS
'NPS of a stored survey summary with answers weighted by source ({"weights": {source: w}, "default_weight": w}).';

CREATE AGGREGATE @extschema@.survey_summary(csat_score integer, nps_score integer) (
    SFUNC = @extschema@.survey_trans, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.survey_trans, MINVFUNC = @extschema@.survey_inv, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.survey_summary(integer, integer) IS
'The survey summary of a group: 5-point CSAT and NPS answers of source "survey" (a NULL score is no answer). NULL when there is no answer.';

CREATE AGGREGATE @extschema@.survey_summary(csat_score integer, nps_score integer, source text) (
    SFUNC = @extschema@.survey_trans, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.survey_trans, MINVFUNC = @extschema@.survey_inv, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.survey_summary(integer, integer, text) IS
'The survey summary of a group, answers kept apart by source (seed 003: passive survey, active rating) so that weights are chosen when reading.';

CREATE AGGREGATE @extschema@.survey_summary(csat_score integer, csat_scale integer, nps_score integer, source text) (
    SFUNC = @extschema@.survey_trans, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.survey_trans, MINVFUNC = @extschema@.survey_inv, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.survey_summary(integer, integer, integer, text) IS
'The survey summary of a group, CSAT answers on the given scale (3..100 points), kept apart by source.';

CREATE AGGREGATE @extschema@.rollup(@extschema@.survey_summary) (
    SFUNC = @extschema@.merge, STYPE = @extschema@.survey_summary,
    FINALFUNC = @extschema@.survey_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.merge,
    MSFUNC = @extschema@.merge, MINVFUNC = @extschema@.survey_summary_subtract, MSTYPE = @extschema@.survey_summary,
    MFINALFUNC = @extschema@.survey_final, MFINALFUNC_MODIFY = READ_ONLY,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.rollup(@extschema@.survey_summary) IS
'Merges survey summaries exactly (any order, in parallel, over window frames).';
