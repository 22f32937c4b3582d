\echo Use "ALTER EXTENSION effcap UPDATE TO '0.3.0'" to load this file. \quit

-- effcap 0.3.0: first-contact resolution (DESIGN 4): repeat-contact window
-- functions.

CREATE FUNCTION @extschema@.first_contact_resolved(contact_at timestamptz, repeat_window interval)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'first_contact_resolved'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_contact_resolved(timestamptz, interval) IS
'Window function over (PARTITION BY customer [, reason] ORDER BY contact_at): true when the customer makes no later contact t2 with contact_at < t2 <= contact_at + repeat_window, false when it does. NULL contact_at or window gives NULL. The window is an exact duration (days of 24 hours; months refused).';

CREATE FUNCTION @extschema@.first_contact_resolved(contact_at timestamptz, repeat_window interval, as_of timestamptz)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'first_contact_resolved'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.first_contact_resolved(timestamptz, interval, timestamptz) IS
'Window function: as first_contact_resolved(contact_at, repeat_window), but NULL (pending) when there is no repeat and contact_at + repeat_window > as_of: the data cannot tell yet.';

CREATE FUNCTION @extschema@.is_repeat(contact_at timestamptz, repeat_window interval)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'is_repeat'
    LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.is_repeat(timestamptz, interval) IS
'Window function over (PARTITION BY customer [, reason] ORDER BY contact_at): true when the customer made an earlier contact t0 with t0 < contact_at <= t0 + repeat_window (a repeat inquiry). NULL contact_at or window gives NULL.';
