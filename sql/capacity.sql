-- effective_capacity: golden cases, tier boundaries, invalid and sale
-- interplay, NULLs, custom rules, two-step use, rollup and windows.
-- Every expected value is worked out by hand in the comment above its query.
SET extra_float_digits = 0;

CREATE TEMP TABLE c (
    grp text, work_type text, dissatisfied boolean, invalid boolean,
    repeat boolean, sale_tier text);

-- DESIGN golden case: 50 inbound, 10 dissatisfied -> quality 0.80 (meets the
-- 0.80 tier exactly: no tier), deduction 10 x 1.0 x 1.0 -> effective 40.
INSERT INTO c SELECT 'golden', 'inbound', g <= 10, false, false, NULL FROM generate_series(1, 50) g;
SELECT (effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)).*
FROM c WHERE grp = 'golden';

-- Quality tiers (100 inbound, d dissatisfied; quality = (100-d)/100):
--   d=20: 0.80, no tier        -> 100 - 20           = 80
--   d=21: 0.79, tier 0.80 (5%) -> 100 - (21 + 5)     = 74
--   d=30: 0.70, tier 0.80 (5%) -> 100 - (30 + 5)     = 65
--   d=31: 0.69, tier 0.70 (10%)-> 100 - (31 + 10)    = 59
--   d=40: 0.60, tier 0.70 (10%)-> 100 - (40 + 10)    = 50
--   d=41: 0.59, tier 0.60 (20%)-> 100 - (41 + 20)    = 39
INSERT INTO c SELECT 'q' || d, 'inbound', g <= d, false, false, NULL
FROM unnest(ARRAY[20, 21, 30, 31, 40, 41]) d, generate_series(1, 100) g;
SELECT grp, (r).contacts, (r).quality_rate, (r).quality_deduction, (r).effective
FROM (SELECT grp, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) r
      FROM c WHERE grp ~ '^q\d' GROUP BY grp) s ORDER BY grp;

-- FCR tiers (100 inbound, k repeats; fcr = (100-k)/100; 0.5 per repeat):
--   k=25: 0.75, no tier        -> 100 - 12.5         = 87.5
--   k=26: 0.74, tier 0.75 (5%) -> 100 - (13 + 5)     = 82
--   k=30: 0.70, tier 0.75 (5%) -> 100 - (15 + 5)     = 80
--   k=31: 0.69, tier 0.70 (10%)-> 100 - (15.5 + 10)  = 74.5
INSERT INTO c SELECT 'f' || k, 'inbound', false, false, g <= k, NULL
FROM unnest(ARRAY[25, 26, 30, 31]) k, generate_series(1, 100) g;
SELECT grp, (r).fcr_rate, (r).effectiveness_deduction, (r).effective
FROM (SELECT grp, effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) r
      FROM c WHERE grp ~ '^f\d' GROUP BY grp) s ORDER BY grp;

-- Work type weights: 10 each of inbound 1.0, outbound 0.5, complaint 1.5,
-- ticket 0.8 -> volume 38; 2 dissatisfied complaints cost 2 x 1.5 = 3
-- (quality 38/40 = 0.95, no tier) -> effective 35, completion 35/60.
INSERT INTO c SELECT 'mix', t, t = 'complaint' AND g <= 2, false, false, NULL
FROM unnest(ARRAY['inbound', 'outbound', 'complaint', 'ticket']) t, generate_series(1, 10) g;
SELECT (effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)).*
FROM c WHERE grp = 'mix';

-- Invalid contacts: 20 inbound, 5 QA-invalid.  The invalid ones carry a
-- dissatisfaction, a repeat and a sale each (rows 1-3) that must not count
-- as penalties or bonus; 2 valid sales (A, C) earn 3 + 1.
--   volume 15, invalid_volume 5, quality 15/20 = 0.75 -> tier 0.80: 5% of 15
--   = 0.75; fcr 19/20 (the invalid repeat counts in the rate) -> no tier, no
--   repeat penalty; sales 2, bonus 4 -> effective 15 - 0.75 + 4 = 18.25.
INSERT INTO c SELECT 'invalid', 'inbound', g = 1, g <= 5, g = 2,
       CASE g WHEN 3 THEN 'A' WHEN 6 THEN 'A' WHEN 7 THEN 'C' END
FROM generate_series(1, 20) g;
SELECT (effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)).*
FROM c WHERE grp = 'invalid';

-- Deductions floor at zero before the bonus: 10 inbound all dissatisfied ->
-- quality 0 (tier 20%): 10 - (10 + 2) < 0 -> 0, plus one B sale -> 2.
INSERT INTO c SELECT 'floor', 'inbound', true, false, false, CASE WHEN g = 1 THEN 'B' END
FROM generate_series(1, 10) g;
SELECT (r).quality_deduction, (r).marketing_bonus, (r).effective
FROM (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) r
      FROM c WHERE grp = 'floor') s;

-- NULLs: a NULL work type skips the row; NULL flags are false; a NULL tier
-- is no sale.  3 inbound rows count -> volume 3, effective 3.
INSERT INTO c VALUES ('nulls', NULL, true, false, true, 'A'),
                     ('nulls', 'inbound', NULL, NULL, NULL, NULL),
                     ('nulls', 'inbound', false, NULL, NULL, NULL),
                     ('nulls', 'inbound', NULL, false, false, NULL);
SELECT (r).contacts, (r).volume, (r).quality_rate, (r).fcr_rate, (r).sales, (r).effective
FROM (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) r
      FROM c WHERE grp = 'nulls') s;

-- An empty group, and a group of skipped rows, give NULL.
SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) IS NULL AS empty
FROM c WHERE false;
SELECT effcap.effective_capacity(NULL::text, true, true, true, 'A') IS NULL AS skipped,
       effcap.capacity_summary(NULL::text, true, true, true, 'A') IS NULL AS summary_skipped;

-- Custom rules: target 40 and a default weight for an unlisted work type.
-- Golden group with target 40 -> completion 40/40 = 1.
SELECT (r).effective, (r).target, (r).completion_rate
FROM (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier,
                                       '{"target": 40}') r
      FROM c WHERE grp = 'golden') s;
-- 4 chat contacts at default_weight 0.25 plus 2 inbound -> volume 3; a sale
-- of tier Z at default_bonus 0.5.
SELECT (r).volume, (r).marketing_bonus, (r).effective
FROM (SELECT effcap.effective_capacity(wt, false, false, false, tier,
                                       '{"default_weight": 0.25, "default_bonus": 0.5}') r
      FROM (VALUES ('chat', NULL), ('chat', 'Z'), ('chat', NULL), ('chat', NULL),
                   ('inbound', NULL), ('inbound', NULL)) v(wt, tier)) s;
-- No tiers at all: 10 dissatisfied of 10 cost only their penalty 0.5 each.
SELECT (r).quality_deduction, (r).effective
FROM (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier,
             '{"quality_tiers": [], "dissatisfied_penalty": 0.5}') r
      FROM c WHERE grp = 'floor') s;
-- A user tier list given in any order is applied by threshold:
-- 100 inbound, 41 dissatisfied (0.59) -> lowest below it is under: 0.6 -> 30%.
SELECT (r).quality_deduction
FROM (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier,
             '{"quality_tiers": [{"below": 0.9, "deduct": 0.01}, {"below": 0.6, "deduct": 0.3},
                                 {"below": 0.75, "deduct": 0.02}]}') r
      FROM c WHERE grp = 'q41') s;
-- Thresholds are compared exactly: 13 dissatisfied of 100 is a quality of
-- exactly 0.87, not under 0.87 (deduction 13 x 1.0 only) but under 0.871
-- (13 + the whole base 100 = 113).  2 good of 3 is under 0.666666666666666667
-- and not under 0.666666666666666666, which one float8 cannot tell apart.
SELECT (effcap.effective_capacity(s, '{"quality_tiers": [{"below": 0.87, "deduct": 1}]}')).quality_deduction AS at_87,
       (effcap.effective_capacity(s, '{"quality_tiers": [{"below": 0.871, "deduct": 1}]}')).quality_deduction AS under_871
FROM (SELECT effcap.capacity_summary('inbound', g <= 13, false, false, NULL) s
      FROM generate_series(1, 100) g) x;
SELECT (effcap.effective_capacity(s, '{"quality_tiers": [{"below": 0.666666666666666667, "deduct": 1}], "dissatisfied_penalty": 0}')).quality_deduction AS under,
       (effcap.effective_capacity(s, '{"quality_tiers": [{"below": 0.666666666666666666, "deduct": 1}], "dissatisfied_penalty": 0}')).quality_deduction AS not_under
FROM (SELECT effcap.capacity_summary('inbound', g = 1, false, false, NULL) s
      FROM generate_series(1, 3) g) x;

-- The default rules document.
SELECT effcap.default_capacity_rules();
SELECT effcap.validate_capacity_rules(effcap.default_capacity_rules()) = effcap.default_capacity_rules() AS valid;

-- Two steps: a stored summary scores exactly like the one-step aggregate,
-- and re-scores under other rules without the contacts.
CREATE TEMP TABLE sums AS
SELECT grp, effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier) AS s,
       effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier) AS one_step
FROM c GROUP BY grp;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE effcap.effective_capacity(s) IS NOT DISTINCT FROM one_step) AS equal
FROM sums;
-- Golden group re-scored: penalty 2 per dissatisfied -> 50 - 20 = 30.
SELECT (effcap.effective_capacity(s, '{"dissatisfied_penalty": 2}')).effective
FROM sums WHERE grp = 'golden';
-- The rules form's state carries its rules: one contact against target 1
-- scores completion 1 wherever the state is finalised.
SELECT effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 1}');
SELECT (effcap.effective_capacity(
            effcap.capacity_trans(NULL, 'inbound', false, false, false, NULL, '{"target": 1}')
        )).completion_rate;

-- rollup: the summaries of all groups merge into the summary of all rows.
SELECT (SELECT effcap.rollup(s) FROM sums)::text =
       (SELECT effcap.capacity_summary(work_type, dissatisfied, invalid, repeat, sale_tier) FROM c)::text
       AS rollup_exact;
SELECT effcap.rollup(s) FROM sums WHERE grp IN ('golden', 'mix');
-- rollup of no rows, and of NULL summaries, is NULL.
SELECT effcap.rollup(s) IS NULL AS none FROM sums WHERE false;
SELECT effcap.rollup(NULL::effcap.capacity_summary) IS NULL AS nulls;
-- capacity_subtract undoes capacity_combine.
SELECT effcap.capacity_subtract(effcap.capacity_combine(a.s, b.s), b.s)::text = a.s::text AS undone
FROM sums a, sums b WHERE a.grp = 'mix' AND b.grp = 'invalid';

-- Windows: a 3-row moving frame uses the inverse transition and gives what
-- a fresh aggregate over the same 3 rows gives.
CREATE TEMP TABLE w AS
SELECT g, CASE WHEN g % 4 = 0 THEN 'complaint' ELSE 'inbound' END AS work_type,
       g % 3 = 0 AS dissatisfied, g % 7 = 0 AS invalid, g % 5 = 0 AS repeat,
       CASE WHEN g % 6 = 0 THEN 'B' END AS sale_tier
FROM generate_series(1, 40) g;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE moving IS NOT DISTINCT FROM fresh) AS equal
FROM (SELECT effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)
               OVER (ORDER BY g ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving,
             (SELECT effcap.effective_capacity(w2.work_type, w2.dissatisfied, w2.invalid,
                                               w2.repeat, w2.sale_tier)
              FROM w w2 WHERE w2.g BETWEEN w.g - 2 AND w.g) AS fresh
      FROM w) x;
-- Row 1: 1 inbound -> 1; rows 1-2 -> 2; rows 1-3 (the third dissatisfied):
-- volume 3, quality 2/3 (tier 0.70: 10%) -> 3 - (1 + 0.3) = 1.7; rows 2-4
-- swap row 1 for a complaint (1.5): volume 3.5, quality still 2/3 ->
-- 3.5 - (1 + 0.35) = 2.15.
SELECT g, round((effcap.effective_capacity(work_type, dissatisfied, invalid, repeat, sale_tier)
                 OVER (ORDER BY g ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)).effective::numeric, 6)
FROM w ORDER BY g LIMIT 4;
-- The same for rollup over stored summaries (7-group moving window).
CREATE TEMP TABLE numbered AS SELECT row_number() OVER (ORDER BY grp) AS n, s FROM sums;
SELECT count(*) AS rows,
       count(*) FILTER (WHERE moving = fresh) AS equal
FROM (SELECT effcap.rollup(s) OVER (ORDER BY n ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)::text AS moving,
             (SELECT effcap.rollup(n2.s)::text FROM numbered n2
              WHERE n2.n BETWEEN numbered.n - 6 AND numbered.n) AS fresh
      FROM numbered) x;
