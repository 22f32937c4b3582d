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
