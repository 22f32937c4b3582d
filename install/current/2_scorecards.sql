-- KPI scorecards (DESIGN 3): the center KPI and supervisor radar scorecards,
-- the kpi_inputs state type, scoring and breakdowns.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

CREATE TYPE @extschema@.kpi_score AS (
    score double precision,
    max_score double precision,
    indicators text[],
    dimensions text[],
    indicator_values double precision[],
    points double precision[],
    max_points double precision[]
);

COMMENT ON TYPE @extschema@.kpi_score IS
'A scorecard result: total score out of max_score, and per indicator (in scorecard order) its dimension (NULL for deduction indicators), value, points and max_points. Read as rows with effcap.kpi_breakdown() and effcap.kpi_dimensions().';

CREATE TYPE @extschema@.kpi_inputs;

CREATE FUNCTION @extschema@.kpi_inputs_in(cstring)
    RETURNS @extschema@.kpi_inputs
    AS 'MODULE_PATHNAME', 'kpi_inputs_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_inputs_in(cstring) IS
'Text input of kpi_inputs (JSON).';

CREATE FUNCTION @extschema@.kpi_inputs_out(@extschema@.kpi_inputs)
    RETURNS cstring
    AS 'MODULE_PATHNAME', 'kpi_inputs_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_inputs_out(@extschema@.kpi_inputs) IS
'Text output of kpi_inputs (JSON).';

CREATE FUNCTION @extschema@.kpi_inputs_recv(internal)
    RETURNS @extschema@.kpi_inputs
    AS 'MODULE_PATHNAME', 'kpi_inputs_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_inputs_recv(internal) IS
'Binary input of kpi_inputs.';

CREATE FUNCTION @extschema@.kpi_inputs_send(@extschema@.kpi_inputs)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'kpi_inputs_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_inputs_send(@extschema@.kpi_inputs) IS
'Binary output of kpi_inputs.';

CREATE TYPE @extschema@.kpi_inputs (
    INPUT = @extschema@.kpi_inputs_in,
    OUTPUT = @extschema@.kpi_inputs_out,
    RECEIVE = @extschema@.kpi_inputs_recv,
    SEND = @extschema@.kpi_inputs_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE @extschema@.kpi_inputs IS
'State of center_kpi_score(): the indicator values of a group (and the scorecard, when one was given). Text form is JSON.';

CREATE FUNCTION @extschema@.default_center_scorecard()
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'default_center_scorecard'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.default_center_scorecard() IS
'Seed 004''s center KPI scorecard: eight deduction indicators worth 100 points (answer_rate, non_call_processing_rate, exam_avg, qa_avg, avg_talk_seconds, performance_avg, major_complaints, report_errors).';

CREATE FUNCTION @extschema@.default_supervisor_scorecard()
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'default_supervisor_scorecard'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.default_supervisor_scorecard() IS
'Seed 001''s supervisor radar: banded indicators (0 poor / 80 benchmark / 100 excellent) in four weighted dimensions: service quality 40, operational efficiency 30, business capability 20, team management 10.';

CREATE FUNCTION @extschema@.validate_scorecard(scorecard jsonb)
    RETURNS jsonb
    AS 'MODULE_PATHNAME', 'validate_scorecard'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.validate_scorecard(jsonb) IS
'Returns the scorecard unchanged, or raises an error naming the JSON path and the problem. Usable in a CHECK constraint.';

CREATE FUNCTION @extschema@.kpi_trans(state @extschema@.kpi_inputs, indicator text, value double precision)
    RETURNS @extschema@.kpi_inputs
    AS 'MODULE_PATHNAME', 'kpi_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_trans(@extschema@.kpi_inputs, text, double precision) IS
'Transition function of center_kpi_score(): adds one indicator value.';

CREATE FUNCTION @extschema@.kpi_trans(state @extschema@.kpi_inputs, indicator text, value double precision, scorecard jsonb)
    RETURNS @extschema@.kpi_inputs
    AS 'MODULE_PATHNAME', 'kpi_trans'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_trans(@extschema@.kpi_inputs, text, double precision, jsonb) IS
'Transition function of center_kpi_score(..., scorecard): adds one indicator value; the state carries the (validated) scorecard.';

CREATE FUNCTION @extschema@.kpi_combine(@extschema@.kpi_inputs, @extschema@.kpi_inputs)
    RETURNS @extschema@.kpi_inputs
    AS 'MODULE_PATHNAME', 'kpi_combine'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_combine(@extschema@.kpi_inputs, @extschema@.kpi_inputs) IS
'Combines two partial kpi_inputs; an indicator present in both is the duplicate error.';

CREATE FUNCTION @extschema@.kpi_final(@extschema@.kpi_inputs)
    RETURNS @extschema@.kpi_score
    AS 'MODULE_PATHNAME', 'kpi_final'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_final(@extschema@.kpi_inputs) IS
'Final function of center_kpi_score(): scores the values with the carried scorecard, or the default center scorecard.';

CREATE FUNCTION @extschema@.kpi_score(kpis jsonb)
    RETURNS @extschema@.kpi_score
    AS 'MODULE_PATHNAME', 'kpi_score_jsonb'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_score(jsonb) IS
'Wide-row form: scores one JSON object of indicator values ({"answer_rate": 0.87, ...}) with the default center scorecard. JSON null values count as absent.';

CREATE FUNCTION @extschema@.kpi_score(kpis jsonb, scorecard jsonb)
    RETURNS @extschema@.kpi_score
    AS 'MODULE_PATHNAME', 'kpi_score_jsonb'
    LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_score(jsonb, jsonb) IS
'Wide-row form: scores one JSON object of indicator values with the given scorecard. NULL kpis gives NULL; NULL scorecard is an error.';

CREATE FUNCTION @extschema@.kpi_breakdown(score @extschema@.kpi_score)
    RETURNS TABLE(indicator text, dimension text, value double precision, points double precision, max_points double precision)
    AS 'MODULE_PATHNAME', 'kpi_breakdown'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_breakdown(@extschema@.kpi_score) IS
'One row per indicator of a kpi_score: indicator, dimension (NULL for deduction indicators), value, points and max_points.';

CREATE FUNCTION @extschema@.kpi_dimensions(score @extschema@.kpi_score)
    RETURNS TABLE(dimension text, weight double precision, score double precision, points double precision)
    AS 'MODULE_PATHNAME', 'kpi_dimensions'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.kpi_dimensions(@extschema@.kpi_score) IS
'One row per dimension of a kpi_score (the radar): dimension, weight, score (0..100, mean of its indicators) and points (its weighted contribution).';

CREATE AGGREGATE @extschema@.center_kpi_score(indicator text, value double precision) (
    SFUNC = @extschema@.kpi_trans, STYPE = @extschema@.kpi_inputs,
    FINALFUNC = @extschema@.kpi_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.kpi_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.center_kpi_score(text, double precision) IS
'Scores long-format KPI rows (one per indicator) with the default center scorecard (seed 004). Rows with NULL indicator or value are skipped; an unknown or duplicated indicator, or a missing one without a default, is an error.';

CREATE AGGREGATE @extschema@.center_kpi_score(indicator text, value double precision, scorecard jsonb) (
    SFUNC = @extschema@.kpi_trans, STYPE = @extschema@.kpi_inputs,
    FINALFUNC = @extschema@.kpi_final, FINALFUNC_MODIFY = READ_ONLY,
    COMBINEFUNC = @extschema@.kpi_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE @extschema@.center_kpi_score(text, double precision, jsonb) IS
'Scores long-format KPI rows (one per indicator) with the given scorecard (validated once per query). NULL scorecard is an error.';
