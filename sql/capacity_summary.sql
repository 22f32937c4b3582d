-- capacity_summary: text and binary forms, canonical form, malformed input.
SET extra_float_digits = 0;

CREATE TEMP TABLE t AS
SELECT effcap.capacity_summary(wt, g % 3 = 0, g % 7 = 0, g % 5 = 0,
                               CASE WHEN g % 4 = 0 THEN 'B' WHEN g % 9 = 0 THEN 'A' END) AS s
FROM (SELECT g, (ARRAY['inbound', 'ticket', 'complaint', 'café', 'a "quoted" \ name'])[1 + g % 5] AS wt
      FROM generate_series(1, 60) g) x;

-- The text form is JSON, sorted by name; it round-trips exactly.
SELECT s FROM t;
SELECT s::text::effcap.capacity_summary::text = s::text AS text_round_trip FROM t;
SELECT (s::text::jsonb) #>> '{work_types,inbound,valid}' AS inbound_valid FROM t;

-- Input in any order, with empty entries, comes out canonical.
SELECT '{"sale_tiers": {"Z": 0, "B": 2}, "work_types": {"ticket": {"repeat_invalid": 0, "valid": 2, "invalid": 1, "dissatisfied": 1, "repeat_valid": 0},
         "chat": {"valid": 0, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "version": 1}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {}, "sale_tiers": {}}'::effcap.capacity_summary;
-- An empty summary scores NULL.
SELECT effcap.effective_capacity('{"version": 1, "work_types": {}, "sale_tiers": {}}'::effcap.capacity_summary) IS NULL AS empty;

-- Binary form: version 1, flags 0, then counted names and int64 counters.
SELECT effcap.capacity_summary_send('{"version": 1, "work_types": {"inbound": {"valid": 2, "invalid": 1, "dissatisfied": 1, "repeat_valid": 0, "repeat_invalid": 1}}, "sale_tiers": {"A": 1}}');

-- Binary input is exercised through COPY ... (FORMAT binary) of a file built
-- here: the COPY signature, one row of one field, the trailer.
CREATE TEMP TABLE recv_t (s effcap.capacity_summary);
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    lo oid;
    result text;
BEGIN
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                           || '\x0001'::bytea || int4send(length(payload)) || payload
                           || '\xffff'::bytea);
    PERFORM lo_export(lo, '/tmp/effcap_regress_recv.bin');
    PERFORM lo_unlink(lo);
    TRUNCATE recv_t;
    COPY recv_t FROM '/tmp/effcap_regress_recv.bin' (FORMAT binary);
    SELECT s::text INTO result FROM recv_t;
    RETURN result;
END $$;

-- Binary round trip, with and without embedded rules.
SELECT pg_temp.recv(effcap.capacity_summary_send(s)) = s::text AS binary_round_trip FROM t;
SELECT pg_temp.recv(effcap.capacity_summary_send(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, 'A', '{"target": 5}')));

-- Malformed binary input: each is refused with a clear error.  (Terse: the
-- context lines would name this session's temporary schema.)
\set VERBOSITY terse
SELECT pg_temp.recv('\x0200');                                   -- version
SELECT pg_temp.recv('\x0101');                                   -- flags
SELECT pg_temp.recv('\x0100');                                   -- truncated
SELECT pg_temp.recv('\x0100' || int4send(65));                   -- too many names
SELECT pg_temp.recv('\x0100' || int4send(-3));                   -- negative count
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(-2));    -- negative length
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1000));  -- length past the end
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(64) || convert_to(repeat('x', 64), 'UTF8')
                    || int8send(0) || int8send(0) || int8send(0) || int8send(0) || int8send(0));
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea
                    || int8send(-1) || int8send(0) || int8send(0) || int8send(0) || int8send(0));
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea
                    || int8send(1) || int8send(0) || int8send(2) || int8send(0) || int8send(0));
SELECT pg_temp.recv('\x0100' || int4send(2)
                    || int4send(1) || 'a'::bytea || int8send(1) || int8send(0) || int8send(0) || int8send(0) || int8send(0)
                    || int4send(1) || 'a'::bytea || int8send(1) || int8send(0) || int8send(0) || int8send(0) || int8send(0));
SELECT pg_temp.recv('\x0100' || int4send(0) || int4send(0) || int4send(-1) || '\x00'::bytea);  -- trailing
SELECT pg_temp.recv('\x0100' || int4send(0) || int4send(0) || int4send(3) || 'abc'::bytea);    -- rules not JSON
SELECT pg_temp.recv('\x0100' || int4send(0) || int4send(0) || int4send(12) || '{"target":0}'::bytea);

-- Malformed text input.
\set VERBOSITY default
SELECT 'hello'::effcap.capacity_summary;
SELECT '[1]'::effcap.capacity_summary;
SELECT '{"work_types": {}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 2, "work_types": {}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {}, "sale_tiers": {}, "extra": 1}'::effcap.capacity_summary;
SELECT '{"version": 1, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": [], "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": 1}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0, "other": 1}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": -1, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1.5, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": "1", "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1e30, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1, "invalid": 0, "dissatisfied": 2, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1, "invalid": 0, "dissatisfied": 0, "repeat_valid": 2, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 1}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {"a": {"valid": 1, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0},
                                     "a": {"valid": 2, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary;
SELECT ('{"version": 1, "work_types": {"' || repeat('x', 64) || '": {"valid": 1, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}')::effcap.capacity_summary;
SELECT ('{"version": 1, "work_types": {}, "sale_tiers": {' ||
        string_agg(format('"t%s": 1', g), ', ') || '}}')::effcap.capacity_summary
FROM generate_series(1, 65) g;
SELECT '{"version": 1, "work_types": {}, "sale_tiers": {"A": -1}}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {}, "sale_tiers": {}, "rules": []}'::effcap.capacity_summary;
SELECT '{"version": 1, "work_types": {}, "sale_tiers": {}, "rules": {"target": -1}}'::effcap.capacity_summary;
