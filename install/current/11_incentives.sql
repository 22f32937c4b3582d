-- Incentives and teams: stepped sales commission in exact decimal
-- arithmetic, under either reading of a pay plan's brackets; teams formed
-- by draft over a ranking.
--
-- The current definition: install/effcap--<version>.sql is built from the
-- files of install/current/ (Makefile); upgrades are the delta scripts of
-- install/, and sql/setup.sql checks that both give the same catalog.

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
