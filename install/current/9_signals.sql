-- Telling signal from noise: Wilson score intervals for rates counted from
-- yes/no outcomes, the standard error and margin of NPS, and change flags
-- that compare each row of an entity's history with the rows before it.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

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
