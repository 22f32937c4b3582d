-- pgTAP: contact statistics agree with plain-SQL FILTER references on
-- generated contacts for every policy and option combination; CSAT, NPS and
-- AHT compliance agree with their SQL definitions per group.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT setseed(0.73);
SELECT no_plan();

-- 30000 offered contacts in 50 groups; waits on a 0.5 s grid so that waits
-- exactly at the thresholds are common; 8% abandoned.
CREATE TEMP TABLE offered AS
SELECT (random() * 50)::int AS grp,
       round((random() ^ 2 * 90)::numeric * 2) / 2 AS wait,
       random() > 0.08 AS answered,
       round((60 + random() * 600)::numeric, 3) AS handle,
       1 + floor(random() * 5)::int AS csat_score,
       floor(random() * 11)::int AS nps_score,
       (ARRAY[180, 900])[1 + floor(random() * 2)::int] AS limit_s
FROM generate_series(1, 30000);

CREATE TEMP TABLE cases (threshold numeric, short_abandon numeric, policy text);
INSERT INTO cases
SELECT t, s, p FROM unnest(ARRAY[20, 10.5, 30]) t, unnest(ARRAY[0, 5]) s,
       unnest(ARRAY['abandons_negative', 'abandons_ignored', 'abandons_positive', 'handled_only']) p;

CREATE FUNCTION pg_temp.mismatches(t numeric, sa numeric, p text) RETURNS bigint LANGUAGE sql AS $$
    WITH ref AS (
        SELECT grp,
               count(*) FILTER (WHERE answered OR wait >= sa) AS offered,
               count(*) FILTER (WHERE NOT answered AND wait < sa) AS short_abandoned,
               count(*) FILTER (WHERE answered) AS answered,
               count(*) FILTER (WHERE answered AND wait <= t) AS answered_within,
               count(*) FILTER (WHERE NOT answered AND wait >= sa) AS abandoned,
               count(*) FILTER (WHERE NOT answered AND wait >= sa AND wait <= t) AS abandoned_within,
               avg(wait) FILTER (WHERE answered) AS asa, avg(handle) FILTER (WHERE answered) AS aht
        FROM offered GROUP BY grp
    ), want AS (
        SELECT *, CASE p WHEN 'abandons_negative' THEN answered_within::numeric / nullif(offered, 0)
                         WHEN 'abandons_ignored' THEN answered_within::numeric / nullif(offered - abandoned_within, 0)
                         WHEN 'abandons_positive' THEN (answered_within + abandoned_within)::numeric / nullif(offered, 0)
                         ELSE answered_within::numeric / nullif(answered, 0) END AS sl
        FROM ref
    ), got AS (
        SELECT grp, effcap.contact_stats(wait::float8, answered, handle::float8,
                   jsonb_build_object('threshold_seconds', t, 'short_abandon_seconds', sa, 'policy', p)) AS s,
               effcap.service_level(wait::float8, answered, t::float8, p) AS sl
        FROM offered GROUP BY grp
    )
    SELECT count(*) FROM got JOIN want USING (grp)
    WHERE (s).offered <> want.offered OR (s).short_abandoned <> want.short_abandoned
       OR (s).answered <> want.answered OR (s).answered_within <> want.answered_within
       OR (s).abandoned <> want.abandoned OR (s).abandoned_within <> want.abandoned_within
       OR abs((s).service_level::numeric - want.sl) > 1e-12
       OR (sa = 0 AND abs(got.sl::numeric - want.sl) > 1e-12)
       OR abs((s).answer_rate::numeric - want.answered::numeric / want.offered) > 1e-12
       OR abs((s).abandon_rate::numeric - want.abandoned::numeric / want.offered) > 1e-12
       OR abs((s).asa_seconds::numeric - want.asa) > 1e-9
       OR abs((s).aht_seconds::numeric - want.aht) > 1e-9
$$;

SELECT is(pg_temp.mismatches(threshold, short_abandon, policy), 0::bigint,
          format('threshold %s s, short abandons under %s s, %s: every group equals the FILTER reference',
                 threshold, short_abandon, policy))
FROM cases;
SELECT ok((SELECT count(*) FROM offered WHERE wait IN (20, 10.5, 30, 5)) > 100, 'many waits exactly at a threshold');

SELECT is((SELECT count(*) FROM (SELECT grp, effcap.csat(csat_score) AS c,
                                        count(*) FILTER (WHERE csat_score >= 4)::float8 / count(*) AS want
                                 FROM offered GROUP BY grp) x WHERE abs(c - want) < 1e-12),
          (SELECT count(DISTINCT grp) FROM offered), 'csat equals the top-2-box share in every group');
SELECT is((SELECT count(*) FROM (SELECT grp, effcap.csat(csat_score, 5, CASE WHEN csat_score % 2 = 0 THEN 2 ELSE 1 END) AS c,
                                        sum(CASE WHEN csat_score % 2 = 0 THEN 2 ELSE 1 END) FILTER (WHERE csat_score >= 4)::float8
                                          / sum(CASE WHEN csat_score % 2 = 0 THEN 2 ELSE 1 END) AS want
                                 FROM offered GROUP BY grp) x WHERE abs(c - want) < 1e-12),
          (SELECT count(DISTINCT grp) FROM offered), 'weighted csat equals the weighted share in every group');
SELECT is((SELECT count(*) FROM (SELECT grp, effcap.nps(nps_score) AS n,
                                        100.0 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6)) / count(*) AS want
                                 FROM offered GROUP BY grp) x WHERE abs(n::numeric - want) < 1e-9),
          (SELECT count(DISTINCT grp) FROM offered), 'nps equals promoters minus detractors in every group');
SELECT is((SELECT count(*) FROM (SELECT grp, effcap.aht_compliance(handle::float8, limit_s, 3) AS c,
                                        (count(*) FILTER (WHERE handle <= limit_s) + least(3, count(*) FILTER (WHERE handle > limit_s)))::float8
                                          / count(*) AS want
                                 FROM offered WHERE answered GROUP BY grp) x WHERE abs(c - want) < 1e-12),
          (SELECT count(DISTINCT grp) FROM offered WHERE answered), 'aht_compliance equals its definition in every group');

SELECT * FROM finish();
ROLLBACK;
