-- pgTAP: stepped commission agrees with plain SQL over the brackets on
-- generated amounts, under both readings and boundaries; it never falls
-- as the amount grows; the whole-amount reading never pays less than the
-- marginal one when rates rise.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.29);
SELECT no_plan();

SELECT has_type('effcap', 'commission', 'type commission');
SELECT has_function('effcap', 'tiered_commission', ARRAY['numeric', 'jsonb']);
SELECT has_function('effcap', 'commission_detail', ARRAY['numeric', 'jsonb']);
SELECT has_function('effcap', 'validate_commission_plan', ARRAY['jsonb']);
SELECT is((SELECT string_agg(DISTINCT provolatile::text || proparallel::text || proisstrict::text, ',') FROM pg_proc
           WHERE proname IN ('tiered_commission', 'commission_detail', 'validate_commission_plan')
             AND pronamespace = 'effcap'::regnamespace),
          'istrue', 'IMMUTABLE, PARALLEL SAFE and STRICT');

-- Seed 003's brackets, and amounts around every bound: a bound itself and
-- a cent either side, and random amounts with cents and fractions of a cent.
CREATE TEMP TABLE brackets (i int, lo numeric, hi numeric, rate numeric, bonus numeric);
INSERT INTO brackets VALUES (1, 0, 100000, 0.01, 0), (2, 100000, 200000, 0.015, 200), (3, 200000, NULL, 0.02, 500);
CREATE TEMP TABLE plans AS
SELECT reading, boundary, jsonb_build_object('reading', reading, 'boundary', boundary, 'brackets',
           (SELECT jsonb_agg(jsonb_build_object('from', lo, 'rate', rate, 'bonus', bonus) ORDER BY i) FROM brackets)) AS plan
FROM unnest(ARRAY['marginal', 'whole_amount']) reading, unnest(ARRAY['lower', 'upper']) boundary;
CREATE TEMP TABLE amounts AS
SELECT round((random() * 400000)::numeric, 2 + (g % 3)) AS amount FROM generate_series(1, 2000) g
UNION ALL SELECT b + d FROM unnest(ARRAY[0, 100000, 200000]::numeric[]) b, unnest(ARRAY[-0.01, 0, 0.01]::numeric[]) d WHERE b + d >= 0;
-- Plain SQL: the slices of the amount in each bracket; the bracket reached
-- is the last whose lower bound the amount reaches (passes, under "upper").
CREATE TEMP TABLE want AS
SELECT a.amount, p.reading, p.boundary,
       CASE p.reading
           WHEN 'marginal' THEN (SELECT sum(b.rate * greatest(0, least(a.amount, coalesce(b.hi, a.amount)) - b.lo)) FROM brackets b)
           ELSE a.amount * coalesce((SELECT b.rate FROM brackets b
                                     WHERE CASE p.boundary WHEN 'lower' THEN a.amount >= b.lo ELSE a.amount > b.lo END
                                     ORDER BY b.i DESC LIMIT 1), 0) END AS commission,
       (SELECT coalesce(sum(b.bonus), 0) FROM brackets b
        WHERE CASE p.boundary WHEN 'lower' THEN a.amount >= b.lo ELSE a.amount > b.lo END) AS bonus
FROM amounts a, plans p;
SELECT is((SELECT format('%s compared, %s differ', count(*),
                         count(*) FILTER (WHERE (d).commission <> w.commission OR (d).bonus <> w.bonus))
           FROM want w JOIN plans p USING (reading, boundary),
                LATERAL (SELECT effcap.commission_detail(w.amount, p.plan) AS d) x),
          (SELECT format('%s compared, 0 differ', count(*)) FROM want),
          'commission and bonus equal plain SQL over the brackets, exactly, both readings and boundaries');
SELECT is((SELECT count(*) FROM (
              SELECT p.reading, p.boundary, effcap.tiered_commission(a.amount, p.plan) AS c,
                     lag(effcap.tiered_commission(a.amount, p.plan)) OVER (PARTITION BY p.reading, p.boundary ORDER BY a.amount) AS prev
              FROM amounts a, plans p) x WHERE c < prev),
          0::bigint, 'the commission never falls as the amount grows');
SELECT is((SELECT count(*) FROM amounts a, plans m, plans w
           WHERE m.reading = 'marginal' AND w.reading = 'whole_amount' AND m.boundary = w.boundary
             AND effcap.tiered_commission(a.amount, w.plan) < effcap.tiered_commission(a.amount, m.plan)),
          0::bigint, 'with rising rates, the whole-amount reading never pays less than the marginal one');
SELECT is((SELECT count(*) FROM amounts a, plans p
           WHERE p.reading = 'marginal' AND p.boundary = 'lower'
             AND effcap.tiered_commission(a.amount, p.plan)
                 <> effcap.tiered_commission(a.amount, (SELECT plan FROM plans WHERE reading = 'marginal' AND boundary = 'upper'))),
          0::bigint, 'the marginal commission does not depend on the boundary');

SELECT * FROM finish();
ROLLBACK;
