-- Scorecards: every error, each naming the offending value or JSON path.
CREATE TEMP TABLE at_target (indicator text, value double precision);
INSERT INTO at_target VALUES
    ('answer_rate', 0.90), ('non_call_processing_rate', 1.00), ('exam_avg', 80),
    ('qa_avg', 80), ('avg_talk_seconds', 120), ('performance_avg', 85);

-- Unknown, duplicated and missing indicators.
SELECT effcap.center_kpi_score(indicator, value)
FROM (SELECT * FROM at_target UNION ALL VALUES ('answer_rat', 0.9)) x;
SELECT effcap.center_kpi_score(indicator, value)
FROM (SELECT * FROM at_target UNION ALL VALUES ('qa_avg', 70)) x;
SELECT effcap.center_kpi_score(indicator, value) FROM at_target WHERE indicator <> 'exam_avg';
SELECT effcap.kpi_combine(effcap.kpi_trans(NULL, 'qa_avg', 1), effcap.kpi_trans(NULL, 'qa_avg', 2));
SELECT effcap.kpi_score('{"answer_rate": 0.9, "cost": 1}');
-- Values that cannot be scored.
SELECT effcap.center_kpi_score(indicator, CASE indicator WHEN 'qa_avg' THEN 'NaN' ELSE value END) FROM at_target;
SELECT effcap.center_kpi_score(indicator, CASE indicator WHEN 'qa_avg' THEN '-Infinity' ELSE value END) FROM at_target;
SELECT effcap.kpi_score('{"answer_rate": "high"}');
SELECT effcap.kpi_score('[1, 2]');
SELECT effcap.kpi_score('{"answer_rate": 1e400}');
-- Limits: 63-byte names, 64 indicators a group.
SELECT effcap.kpi_trans(NULL, repeat('k', 64), 1);
SELECT effcap.center_kpi_score('k' || g, 1) FROM generate_series(1, 65) g;
-- NULL scorecard; different scorecards in one group or in combined states.
SELECT effcap.center_kpi_score(indicator, value, NULL) FROM at_target;
SELECT effcap.kpi_score('{}', NULL);
SELECT effcap.center_kpi_score(indicator, value,
       CASE WHEN indicator = 'qa_avg' THEN effcap.default_supervisor_scorecard() ELSE effcap.default_center_scorecard() END)
FROM at_target;
SELECT effcap.kpi_combine(effcap.kpi_trans(NULL, 'a', 1), effcap.kpi_trans(NULL, 'b', 1, effcap.default_center_scorecard()));
-- Scorecards equal as jsonb values are the same, whatever their bytes: the
-- default center scorecard, and the same with 0.90 written 0.9.
SELECT effcap.center_kpi_score(indicator, value,
       CASE WHEN indicator = 'qa_avg' THEN effcap.default_center_scorecard()
            ELSE replace(effcap.default_center_scorecard()::text, '0.90', '0.9')::jsonb END)::text
       = effcap.center_kpi_score(indicator, value)::text AS same_scorecard
FROM at_target;
SELECT effcap.kpi_combine(effcap.kpi_trans(NULL, 'a', 1, effcap.default_center_scorecard()),
                          effcap.kpi_trans(NULL, 'b', 1, replace(effcap.default_center_scorecard()::text, '0.90', '0.9')::jsonb))
       IS NOT NULL AS combined;

-- Malformed scorecards.
SELECT effcap.validate_scorecard('[]');
SELECT effcap.validate_scorecard('{}');
SELECT effcap.validate_scorecard('{"indicators": []}');
SELECT effcap.validate_scorecard('{"indicators": {}}');
SELECT effcap.validate_scorecard('{"indicators": [1]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "linear"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"kind": "deduction"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "", "kind": "deduction"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "up"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 0, "better": "higher"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": "x"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 0, "deduct": 1}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 1, "deduct": -1}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 1, "deduct": 1, "rounding": "up"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 1, "deduct": 1, "poor": 0}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 1, "deduct": 1, "default": "none"}]}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 1, "deduct": 1},
                                                  {"name": "a", "kind": "deduction", "points": 10, "better": "higher", "target": 1, "per": 1, "deduct": 1}]}');
SELECT effcap.validate_scorecard('{"rounding": "nearest", "indicators": []}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 1, "excellent": 2}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "b", "kind": "banded", "dimension": "e", "better": "higher", "poor": 0, "benchmark": 1, "excellent": 2}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 3, "excellent": 2}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "lower", "poor": 0, "benchmark": 1, "excellent": 2}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 1}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 1, "excellent": 2, "points": 5}]}');
-- Range indicators: each level a [low, high] pair, ordered on both sides.
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": 90, "benchmark": [144, 330], "excellent": [180, 240]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [90, 480], "benchmark": [144], "excellent": [180, 240]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [90, 480], "benchmark": [144, 330], "excellent": [180, 240, 300]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [90, "480"], "benchmark": [144, 330], "excellent": [180, 240]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [150, 480], "benchmark": [144, 330], "excellent": [180, 240]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [90, 300], "benchmark": [144, 330], "excellent": [180, 240]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [90, 480], "benchmark": [144, 330], "excellent": [240, 180]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "better": "lower", "poor": [90, 480], "benchmark": [144, 330], "excellent": [180, 240]}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [90, 480], "benchmark": [144, 330]}]}');
-- A single point as the excellent range is allowed: 200 scores 100, 190 scores 90.
SELECT (effcap.kpi_score('{"r": 190}', '{"dimensions": [{"name": "d", "weight": 10}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [160, 280], "benchmark": [180, 240], "excellent": [200, 200]}]}')).score,
       (effcap.kpi_score('{"r": 200}', '{"dimensions": [{"name": "d", "weight": 10}], "indicators": [{"name": "r", "kind": "range", "dimension": "d", "poor": [160, 280], "benchmark": [180, 240], "excellent": [200, 200]}]}')).score;
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 0}], "indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 1, "excellent": 2}]}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}, {"name": "d", "weight": 2}], "indicators": []}');
SELECT effcap.validate_scorecard('{"dimensions": [{"name": "d", "weight": 1}, {"name": "e", "weight": 2}], "indicators": [{"name": "b", "kind": "banded", "dimension": "d", "better": "higher", "poor": 0, "benchmark": 1, "excellent": 2}]}');
SELECT effcap.validate_scorecard('{"dimensions": {"d": 1}, "indicators": []}');
SELECT effcap.validate_scorecard('{"indicators": [], "extra": true}');
-- The aggregate validates its scorecard the same way.
SELECT effcap.center_kpi_score(indicator, value, '{"indicators": []}') FROM at_target;

-- Breakdown of a hand-made, inconsistent kpi_score row.
SELECT * FROM effcap.kpi_breakdown(ROW(1, 1, '{a,b}', '{NULL}', '{1}', '{1}', '{1}')::effcap.kpi_score);
SELECT * FROM effcap.kpi_breakdown(ROW(1, 1, '{a}', '{NULL}', '{1}', '{NULL}', '{1}')::effcap.kpi_score);
SELECT * FROM effcap.kpi_dimensions(ROW(1, 1, '{a}', '{d}', '{1}', '{1}', '{2}')::effcap.kpi_score);

-- Malformed kpi_inputs text.
SELECT 'nope'::effcap.kpi_inputs;
SELECT '{"version": 1}'::effcap.kpi_inputs;
SELECT '{"version": 3, "values": {}}'::effcap.kpi_inputs;
SELECT '{"version": 1, "values": {"a": "1"}}'::effcap.kpi_inputs;
SELECT '{"version": 1, "values": {"a": 1, "a": 2}}'::effcap.kpi_inputs;
SELECT '{"version": 1, "values": {}, "scorecard": {"indicators": []}}'::effcap.kpi_inputs;
SELECT '{"version": 1, "values": {}, "other": 1}'::effcap.kpi_inputs;
SELECT '{"version": 1, "values": {}}'::effcap.kpi_inputs;

-- Binary kpi_inputs through COPY ... (FORMAT binary): round trip, then
-- malformed input.  (Terse: context lines would name the temporary schema.)
CREATE TEMP TABLE recv_t (s effcap.kpi_inputs);
CREATE FUNCTION pg_temp.recv(payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    lo oid;
    result text;
BEGIN
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                           || '\x0001'::bytea || int4send(length(payload)) || payload
                           || '\xffff'::bytea);
    PERFORM lo_export(lo, '/tmp/effcap_regress_kpi_recv.bin');
    PERFORM lo_unlink(lo);
    TRUNCATE recv_t;
    COPY recv_t FROM '/tmp/effcap_regress_kpi_recv.bin' (FORMAT binary);
    SELECT s::text INTO result FROM recv_t;
    RETURN result;
END $$;
\set VERBOSITY terse
SELECT pg_temp.recv(effcap.kpi_inputs_send(effcap.kpi_trans(effcap.kpi_trans(NULL, 'b', 2, c), 'a', 0.5, c)))
FROM (VALUES ('{"indicators": [{"name": "a", "kind": "deduction", "points": 1, "better": "higher", "target": 1, "per": 1, "deduct": 1}]}'::jsonb)) v(c);
SELECT pg_temp.recv(effcap.kpi_inputs_send(effcap.kpi_trans(effcap.kpi_trans(NULL, 'b', 2), 'a', 0.5)));
SELECT pg_temp.recv('\x0200');
SELECT pg_temp.recv('\x0100' || int4send(65));
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(-1));
SELECT pg_temp.recv('\x0100' || int4send(1) || int4send(1) || 'a'::bytea || float8send('NaN'));
SELECT pg_temp.recv('\x0100' || int4send(2) || int4send(1) || 'a'::bytea || float8send(1)
                    || int4send(1) || 'a'::bytea || float8send(2) || int4send(-1));
SELECT pg_temp.recv('\x0100' || int4send(0) || int4send(-1) || '\x00'::bytea);
SELECT pg_temp.recv('\x0100' || int4send(0) || int4send(2) || '{}'::bytea);
SELECT pg_temp.recv('\x0100' || int4send(0) || int4send(99));

-- Found in review: extreme scorecards must not give NaN or Infinity, and the
-- text form must round-trip whatever extra_float_digits says.
SELECT effcap.kpi_score('{"x": 1e308}', '{"indicators": [{"name": "x", "kind": "banded", "dimension": "d", "better": "higher",
    "poor": -1.5e308, "benchmark": 1.5e308, "excellent": 1.7e308}], "dimensions": [{"name": "d", "weight": 1}]}');
SELECT effcap.kpi_score('{"a": 1, "b": 1}', '{"indicators": [
    {"name": "a", "kind": "deduction", "points": 1.7e308, "better": "higher", "target": 1, "per": 1, "deduct": 1},
    {"name": "b", "kind": "deduction", "points": 1.7e308, "better": "higher", "target": 1, "per": 1, "deduct": 1}]}');
-- deduct 0 keeps the points however far below target (no 0 x Infinity).
SELECT (effcap.kpi_score('{"a": -1e308}', '{"indicators": [
    {"name": "a", "kind": "deduction", "points": 5, "better": "higher", "target": 1e308, "per": 1e-300, "deduct": 0}]}')).score;
SET extra_float_digits = 0;
SELECT s::text::effcap.kpi_inputs::text = s::text AS round_trip, s
FROM (SELECT effcap.kpi_trans(NULL, 'a', 0.1::float8 + 0.2::float8) s) x;
RESET extra_float_digits;
-- A hand-made kpi_score with more dimensions than a scorecard can have.
SELECT count(*) FROM effcap.kpi_dimensions(ROW(1, 1,
    (SELECT array_agg('i' || g) FROM generate_series(1, 65) g),
    (SELECT array_agg('d' || g) FROM generate_series(1, 65) g),
    array_fill(1::float8, ARRAY[65]), array_fill(1::float8, ARRAY[65]), array_fill(1::float8, ARRAY[65]))::effcap.kpi_score);
