-- Workforce planning: the queueing model of one interval (Erlang B, Erlang
-- C) and the fewest agents that meet a service-level or ASA target.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

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
