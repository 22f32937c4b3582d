-- effective_capacity: every error, each naming the offending value.
\set VERBOSITY default

-- A work type or sale tier the rules do not know, at scoring time.
SELECT effcap.effective_capacity('chat', false, false, false, NULL);
SELECT effcap.effective_capacity('inbound', false, false, false, 'Z');
-- ... but a sale on a QA-invalid contact earns nothing and is not looked up.
SELECT (effcap.effective_capacity('inbound', false, true, false, 'Z')).sales;

-- NULL rules.
SELECT effcap.effective_capacity('inbound', false, false, false, NULL, NULL::jsonb);
SELECT effcap.effective_capacity(effcap.capacity_summary('inbound', false, false, false, NULL), NULL);

-- Different rules within one group.
SELECT effcap.effective_capacity('inbound', false, false, false, NULL, r)
FROM (VALUES ('{"target": 1}'::jsonb), ('{"target": 2}')) v(r);
-- Rules equal as jsonb values are the same rules, whatever their bytes (2
-- and 2.0, keys in another order): 2 contacts of weight 1 against a target
-- of 2.
SELECT (effcap.effective_capacity('inbound', false, false, false, NULL, r)).completion_rate
FROM (VALUES ('{"target": 2, "repeat_penalty": 0.5}'::jsonb), ('{"repeat_penalty": 0.50, "target": 2.0}')) v(r);

-- Malformed rules, each error naming the JSON path.
SELECT effcap.validate_capacity_rules('[1, 2]');
SELECT effcap.validate_capacity_rules('"rules"');
SELECT effcap.validate_capacity_rules('{"weigths": {}}');
SELECT effcap.validate_capacity_rules('{"weights": []}');
SELECT effcap.validate_capacity_rules('{"weights": {"complaint": -1}}');
SELECT effcap.validate_capacity_rules('{"weights": {"complaint": "1.5"}}');
SELECT effcap.validate_capacity_rules('{"weights": {"live chat": true}}');
SELECT effcap.validate_capacity_rules('{"weights": {"inbound": 1e400}}');
SELECT effcap.validate_capacity_rules('{"default_weight": -0.5}');
SELECT effcap.validate_capacity_rules('{"dissatisfied_penalty": "high"}');
SELECT effcap.validate_capacity_rules('{"repeat_penalty": -1}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": {"below": 0.8}}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [0.8]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"deduct": 0.1}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 0.8}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 0, "deduct": 0.1}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 1.5, "deduct": 0.1}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": -0.5, "deduct": 0.1}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 0.1234567890123456789, "deduct": 0.1}]}');
-- Above 1 with many decimals: refused for being above 1, not for its decimals.
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 1.0000000000000000000000000001, "deduct": 0.1}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 1.000, "deduct": 0.1}]}') IS NOT NULL AS one_is_fine;
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 0.8, "deduct": 1.5}]}');
SELECT effcap.validate_capacity_rules('{"quality_tiers": [{"below": 0.8, "deduct": 0.1, "upto": 0.9}]}');
SELECT effcap.validate_capacity_rules('{"fcr_tiers": [{"below": 0.7, "deduct": 0.1}, {"below": 0.75, "deduct": 0.05}, {"below": 0.700, "deduct": 0.2}]}');
SELECT effcap.validate_capacity_rules('{"sale_bonus": {"A": -3}}');
SELECT effcap.validate_capacity_rules('{"default_bonus": "x"}');
SELECT effcap.validate_capacity_rules('{"target": 0}');
SELECT effcap.validate_capacity_rules('{"target": -60}');
-- Positive but too small for float8: refused as such, not as "not positive";
-- the same for any number of a rules document or a scorecard.
SELECT effcap.validate_capacity_rules('{"target": 1e-400}');
SELECT effcap.validate_capacity_rules('{"weights": {"inbound": 1e-400, "outbound": 1, "complaint": 1, "ticket": 1}}');
SELECT effcap.validate_scorecard('{"indicators": [{"name": "x", "kind": "deduction", "points": 1, "better": "higher", "target": 1e-400, "per": 1, "deduct": 1}]}');
-- The aggregate and the scalar scoring validate the same way.
SELECT effcap.effective_capacity('inbound', false, false, false, NULL, '{"target": 0}');
SELECT effcap.effective_capacity(effcap.capacity_summary('inbound', false, false, false, NULL),
                                 '{"weights": {"inbound": -1}}');
-- A JSON null counts as absent (the default applies).
SELECT (effcap.effective_capacity('inbound', false, false, false, NULL, '{"target": null}')).target;

-- Limits of a summary: 64 distinct work types or sale tiers, 63-byte names.
SELECT effcap.capacity_summary('t' || g, false, false, false, NULL) FROM generate_series(1, 65) g;
SELECT effcap.capacity_summary('inbound', false, false, false, 'tier' || g) FROM generate_series(1, 65) g;
SELECT effcap.capacity_summary(repeat('w', 64), false, false, false, NULL);
SELECT effcap.capacity_summary('inbound', false, false, false, repeat('s', 64));
SELECT length(effcap.capacity_summary(repeat('w', 63), false, false, false, NULL)::text) > 0 AS ok_63;

-- Numbers that overflow: effective capacity out of float8 range, counters
-- out of int64 range.
SELECT effcap.effective_capacity(s, '{"weights": {"inbound": 1e308}}')
FROM (SELECT effcap.capacity_summary('inbound', false, false, false, NULL) s
      FROM generate_series(1, 10) g) x;
SELECT effcap.capacity_combine(s, s)
FROM (VALUES ('{"version": 1, "work_types": {"inbound": {"valid": 9223372036854775807, "invalid": 0,
              "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary)) v(s);

-- Combining summaries that carry different rules, or rules and none.
SELECT effcap.capacity_combine(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 1}'),
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 2}'));
SELECT effcap.capacity_combine(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 1}'),
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL));
-- Equal as jsonb values: they combine.
SELECT (effcap.effective_capacity(effcap.capacity_combine(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 4}'),
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 4.000}')))).completion_rate AS combined;

-- Subtracting what is not there.
SELECT effcap.capacity_subtract(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
    effcap.capacity_trans(NULL, 'ticket', false, false, false, NULL));
SELECT effcap.capacity_subtract(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
    effcap.capacity_trans(NULL, 'inbound', true, false, false, NULL));
SELECT effcap.capacity_subtract(
    effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
    effcap.capacity_combine(effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
                            effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL)));
SELECT effcap.capacity_inv(NULL, 'inbound', false, false, false, NULL);
SELECT effcap.capacity_inv(effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
                           'ticket', false, false, false, NULL);
SELECT effcap.capacity_inv(effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
                           'inbound', false, true, false, NULL);
SELECT effcap.capacity_inv(effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL),
                           'inbound', false, false, false, 'A');
-- The inverse of the one contact leaves an empty summary, which scores NULL.
SELECT effcap.capacity_inv(effcap.capacity_trans(NULL, 'inbound', true, false, true, 'A'),
                           'inbound', true, false, true, 'A');

-- Found in review: each of these once gave a wrong answer or a bad error.
-- A moving frame that starts on a row without a work type (the row is
-- skipped; a moving aggregate still has a state).  Rows 1-2: 1 inbound.
SELECT g, effcap.capacity_summary(w, false, false, false, NULL)
              OVER (ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) IS NOT NULL AS has_state,
       (effcap.effective_capacity(w, false, false, false, NULL, '{"target": 1}')
              OVER (ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)).effective
FROM (VALUES (1, NULL::text), (2, 'inbound'), (3, NULL), (4, NULL), (5, 'ticket')) v(g, w) ORDER BY g;
-- Rules are validated even when every row is skipped.
SELECT effcap.effective_capacity(NULL::text, false, false, false, NULL, '{"bogus": 1}');
-- Every output must be finite: huge penalties, a denormal target.
SELECT effcap.effective_capacity('inbound', true, false, false, NULL,
                                 '{"dissatisfied_penalty": 1e300, "weights": {"inbound": 1e10}}');
SELECT effcap.effective_capacity('inbound', false, false, true, NULL, '{"repeat_penalty": 1e308, "weights": {"inbound": 10}}');
SELECT effcap.effective_capacity('inbound', false, false, false, NULL, '{"target": 1e-320}');
-- Totals past int64 are refused, not wrapped.
SELECT effcap.effective_capacity('{"version": 1, "work_types": {"inbound": {"valid": 9223372036854775807, "invalid": 1,
    "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}'::effcap.capacity_summary);
SELECT effcap.capacity_trans('{"version": 1, "work_types": {"inbound": {"valid": 9223372036854775807, "invalid": 0,
    "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}', 'inbound', false, false, false, NULL);
-- Removing a contact may not leave an impossible summary.
SELECT effcap.capacity_inv('{"version": 1, "work_types": {"inbound": {"valid": 1, "invalid": 0,
    "dissatisfied": 1, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}', 'inbound', false, false, false, NULL);
SELECT effcap.capacity_inv('{"version": 1, "work_types": {"inbound": {"valid": 1, "invalid": 0,
    "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {"A": 1}}', 'inbound', false, false, false, NULL);
-- No more sales than valid contacts, in input or after a subtraction.
SELECT '{"version": 1, "work_types": {"inbound": {"valid": 1, "invalid": 0, "dissatisfied": 0,
    "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {"A": 2}}'::effcap.capacity_summary;
SELECT effcap.capacity_subtract(
    '{"version": 1, "work_types": {"inbound": {"valid": 2, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {"A": 1}}',
    '{"version": 1, "work_types": {"inbound": {"valid": 2, "invalid": 0, "dissatisfied": 0, "repeat_valid": 0, "repeat_invalid": 0}}, "sale_tiers": {}}');
-- A too-long multibyte name is cut on a character boundary in the message.
SELECT effcap.capacity_summary('a' || repeat('é', 40), false, false, false, NULL);
