-- pgTAP: volume forecasts against independent computations on generated
-- history: the seasonal average against plain SQL (missing intervals as 0,
-- excluded days skipped, weights by recency), Holt-Winters against a
-- PL/pgSQL transcription of the documented recursion, the backtest against
-- the plain-SQL forecast of each held-out week, parallel workers against one
-- process; and the staffing mismatch against plain-SQL sums.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT no_plan();

SELECT has_type('effcap', 'interval_forecast', 'type interval_forecast');
SELECT has_type('effcap', 'forecast_accuracy', 'type forecast_accuracy');
SELECT has_type('effcap', 'staffing_mismatch', 'type staffing_mismatch');
SELECT has_function('effcap', 'volume_forecast',
                    ARRAY['timestamp without time zone', 'double precision', 'double precision', 'jsonb']);
SELECT has_function('effcap', 'forecast_backtest', ARRAY['timestamp without time zone', 'double precision', 'jsonb']);
SELECT has_function('effcap', 'staffing_mismatch', ARRAY['integer', 'integer']);
SELECT is((SELECT prorettype::regtype::text FROM pg_proc WHERE oid = 'effcap.volume_forecast(timestamp, float8, float8, jsonb)'::regprocedure),
          'effcap.interval_forecast[]', 'volume_forecast returns an array of interval_forecast rows');

-- History: three queues, 15-minute intervals, six weeks from Monday
-- 2026-09-07 to Sunday 2026-10-18; about one interval in eight has no row
-- (no calls); queue 3 starts a week late.  AHT NULL on some rows.
SELECT setseed(0.15);
CREATE TEMP TABLE hist AS
SELECT q, t AS interval_start,
       floor(random() * (5 + 20 * sin(pi() * extract(hour FROM t) / 24) + 3 * extract(isodow FROM t) + 2 * q))::float8 AS offered,
       CASE WHEN random() < 0.05 THEN NULL ELSE 120 + floor(random() * 240) END::float8 AS aht
FROM generate_series(1, 3) q,
     generate_series(timestamp '2026-09-07', '2026-10-18 23:45', interval '15 minutes') t
WHERE random() >= 0.125 AND (q <> 3 OR t >= '2026-09-14');
-- Every queue has a row on the first and last day of its history.
INSERT INTO hist VALUES (1, '2026-09-07 00:00', 1, 100), (1, '2026-10-18 23:45', 2, 100),
                        (2, '2026-09-07 00:00', 1, 100), (2, '2026-10-18 23:45', 2, 100),
                        (3, '2026-09-14 00:00', 1, 100), (3, '2026-10-18 23:45', 2, 100);
-- Excluded: Monday 2026-10-12 (a holiday) and Wednesday 2026-09-30.
CREATE TEMP TABLE excluded(day) AS VALUES (date '2026-10-12'), (date '2026-09-30');

-- The plain-SQL seasonal average: the dense grid (missing intervals 0),
-- candidates on the same weekday before `known`, ranked by recency.
CREATE TEMP TABLE grid AS
SELECT b.q, d::date AS day, s.slot, coalesce(sum(h.offered), 0) AS offered,
       coalesce(sum(h.offered * h.aht), 0) AS handle,
       coalesce(sum(h.offered) FILTER (WHERE h.aht IS NOT NULL), 0) AS handled
FROM (SELECT q, min(interval_start)::date AS first, max(interval_start)::date AS last FROM hist GROUP BY q) b
     CROSS JOIN LATERAL generate_series(b.first, b.last, interval '1 day') d
     CROSS JOIN generate_series(0, 95) s(slot)
     LEFT JOIN hist h ON h.q = b.q AND h.interval_start = d + s.slot * interval '15 minutes'
GROUP BY 1, 2, 3;

CREATE FUNCTION pg_temp.ref_average(queue int, known date, target date, weights float8[])
RETURNS TABLE(slot int, offered float8, aht float8) LANGUAGE sql STABLE AS $$
    WITH days AS (
        SELECT day, row_number() OVER (ORDER BY day DESC) AS rk
        FROM (SELECT DISTINCT day FROM grid WHERE q = queue) d
        WHERE day < known AND (target - day) % 7 = 0 AND day NOT IN (SELECT day FROM excluded))
    SELECT g.slot, sum(weights[rk] * g.offered) / sum(weights[rk]),
           sum(weights[rk] * g.handle) / nullif(sum(weights[rk] * g.handled), 0)
    FROM grid g JOIN days USING (day)
    WHERE g.q = queue AND rk <= cardinality(weights)
    GROUP BY g.slot
$$;

CREATE TEMP TABLE fc AS
SELECT q, f.*
FROM (SELECT q, effcap.volume_forecast(interval_start, offered, aht,
                  '{"weights": [3, 2, 1], "exclude": ["2026-10-12", "2026-09-30"]}') AS fc
      FROM hist GROUP BY q) s,
     unnest(s.fc) f;
SELECT is((SELECT count(*) FROM fc), 3 * 7 * 96::bigint, 'seven days of 96 intervals for each queue');
SELECT is((SELECT min(interval_start) || ' ' || max(interval_start) FROM fc),
          '2026-10-19 00:00:00 2026-10-25 23:45:00', 'the forecast days follow the history');
SELECT is_empty($$
    SELECT f.q, f.interval_start, f.offered, r.offered
    FROM fc f, LATERAL pg_temp.ref_average(f.q, date '2026-10-19', f.interval_start::date, '{3,2,1}') r
    WHERE r.slot = (extract(epoch FROM f.interval_start::time) / 900)::int
      AND abs(f.offered - r.offered) > 1e-9 * greatest(1, r.offered)$$,
    'the seasonal average equals plain SQL: weights by recency, missing intervals 0, excluded days skipped');
SELECT is_empty($$
    SELECT f.q, f.interval_start, f.aht_seconds, r.aht
    FROM fc f, LATERAL pg_temp.ref_average(f.q, date '2026-10-19', f.interval_start::date, '{3,2,1}') r
    WHERE r.slot = (extract(epoch FROM f.interval_start::time) / 900)::int
      AND r.aht IS NOT NULL AND abs(f.aht_seconds - r.aht) > 1e-9 * r.aht$$,
    'the AHT forecast is the volume-weighted seasonal average of AHT');

-- In parallel: the same forecast from workers' partial histories.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END $$;
CREATE TABLE hist_big AS SELECT * FROM hist, generate_series(1, 4) copy;
ANALYZE hist_big;
CREATE TEMP TABLE serial_fc AS
SELECT q, effcap.volume_forecast(interval_start, offered, aht, '{"method": "holt_winters"}')::text AS fc FROM hist_big GROUP BY q;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
SELECT matches(pg_temp.plan_of($$SELECT q, effcap.volume_forecast(interval_start, offered, aht, '{"method": "holt_winters"}')
                                 FROM hist_big GROUP BY q$$), 'Partial.*Aggregate', 'the forecast runs in parallel workers');
SELECT is_empty($$SELECT q, effcap.volume_forecast(interval_start, offered, aht, '{"method": "holt_winters"}')::text FROM hist_big GROUP BY q
                  EXCEPT SELECT * FROM serial_fc$$,
                'with parallel workers the forecast is the same');
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Holt-Winters, transcribed from the documented recursion in PL/pgSQL.
CREATE FUNCTION pg_temp.ref_holt_winters(y float8[], m1 int, excl bool[], a float8, c float8, e float8,
                                         g float8, phi float8, ahead int) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    m2 int := 7 * m1;
    n int := cardinality(y);
    d float8[] := array_fill(0::float8, ARRAY[m1]);
    w float8[] := array_fill(0::float8, ARRAY[m2]);
    l float8 := 0;
    b float8 := 0;
    usable int := 0;
    mean float8;
    yt float8; l1 float8; d0 float8; steps float8 := 0;
    out float8[] := '{}';
    i int; j int; k int;
BEGIN
    FOR day IN 0..6 LOOP
        CONTINUE WHEN excl[day + 1];
        usable := usable + 1;
        FOR j IN 0..m1 - 1 LOOP l := l + y[day * m1 + j + 1]; END LOOP;
    END LOOP;
    l := l / (usable * m1);
    FOR day IN 0..6 LOOP
        CONTINUE WHEN excl[day + 1];
        mean := 0;
        FOR j IN 0..m1 - 1 LOOP mean := mean + y[day * m1 + j + 1]; END LOOP;
        mean := mean / m1;
        FOR j IN 0..m1 - 1 LOOP d[j + 1] := d[j + 1] + (y[day * m1 + j + 1] - mean) / usable; END LOOP;
    END LOOP;
    FOR day IN 0..6 LOOP
        CONTINUE WHEN excl[day + 1];
        FOR j IN 0..m1 - 1 LOOP w[day * m1 + j + 1] := y[day * m1 + j + 1] - l - d[j + 1]; END LOOP;
    END LOOP;
    FOR i IN m2..n - 1 LOOP
        j := i % m1 + 1;
        k := i % m2 + 1;
        IF excl[i / m1 + 1] THEN yt := l + phi * b + d[j] + w[k]; ELSE yt := y[i + 1]; END IF;
        l1 := a * (yt - d[j] - w[k]) + (1 - a) * (l + phi * b);
        d0 := d[j];
        b := c * (l1 - l) + (1 - c) * phi * b;
        d[j] := e * (yt - l1 - w[k]) + (1 - e) * d0;
        w[k] := g * (yt - l1 - d0) + (1 - g) * w[k];
        l := l1;
    END LOOP;
    FOR h IN 1..ahead LOOP
        steps := steps * phi + 1;
        out := out || greatest(0, l + phi * steps * b + d[(n + h - 1) % m1 + 1] + w[(n + h - 1) % m2 + 1]);
    END LOOP;
    RETURN out;
END $$;

CREATE TEMP TABLE hw AS
SELECT q, f.*
FROM (SELECT q, effcap.volume_forecast(interval_start, offered, aht,
                  '{"method": "holt_winters", "level": 0.2, "trend": 0.05, "daily": 0.15, "weekly": 0.3,
                    "damping": 0.9, "days": 9, "exclude": ["2026-10-12", "2026-09-30"]}') AS fc
      FROM hist GROUP BY q) s,
     unnest(s.fc) f;
CREATE TEMP TABLE hw_ref AS
SELECT q, pg_temp.ref_holt_winters(array_agg(offered ORDER BY day, slot), 96,
                                   (SELECT array_agg(d.day IN (SELECT day FROM excluded) ORDER BY d.day)
                                    FROM (SELECT DISTINCT day FROM grid g2 WHERE g2.q = grid.q) d),
                                   0.2, 0.05, 0.15, 0.3, 0.9, 9 * 96) AS ref
FROM grid GROUP BY q;
SELECT is((SELECT count(*) FROM hw), 3 * 9 * 96::bigint, 'nine days of Holt-Winters forecast for each queue');
SELECT is_empty($$
    SELECT h.q, h.interval_start, h.offered, r.ref[n]
    FROM (SELECT *, row_number() OVER (PARTITION BY q ORDER BY interval_start) AS n FROM hw) h JOIN hw_ref r USING (q)
    WHERE abs(h.offered - r.ref[n]) > 1e-9 * greatest(1, abs(r.ref[n]))$$,
    'Holt-Winters equals a PL/pgSQL transcription of its recursion (excluded days, damping, nine days ahead)');
SELECT ok((SELECT count(DISTINCT round(offered::numeric, 6)) > 100 FROM hw), 'the Holt-Winters forecast is not flat');

-- Backtest of the two-week seasonal average over the last three weeks of
-- queue 1, against the plain-SQL forecast of each held-out week.
CREATE TEMP TABLE bt AS
SELECT f.*
FROM (SELECT effcap.forecast_backtest(interval_start, offered,
                 '{"weeks": 2, "backtest_weeks": 3, "exclude": ["2026-10-12", "2026-09-30"]}') AS fc
      FROM hist WHERE q = 1) s,
     unnest(s.fc) f;
CREATE TEMP TABLE bt_ref AS
SELECT r.slot, count(*) AS intervals, sum(g.offered) AS actual, sum(abs(g.offered - r.offered)) AS abs_error,
       avg(abs(g.offered - r.offered) / g.offered) FILTER (WHERE g.offered > 0) AS mape
FROM generate_series(1, 3) k,
     LATERAL (SELECT date '2026-10-19' - 7 * k AS known) c,
     generate_series(0, 6) dd,
     LATERAL pg_temp.ref_average(1, c.known, c.known + dd, '{1,1}') r,
     grid g
WHERE g.q = 1 AND g.day = c.known + dd AND g.slot = r.slot
  AND c.known + dd NOT IN (SELECT day FROM excluded)
GROUP BY r.slot;
SELECT is((SELECT count(*) FROM bt), 96::bigint, 'one accuracy row per interval of the day');
SELECT is_empty($$
    SELECT b.time_of_day, b.intervals, r.intervals, b.abs_error, r.abs_error, b.mape, r.mape
    FROM bt b JOIN bt_ref r ON r.slot = extract(epoch FROM b.time_of_day) / 900
    WHERE b.intervals <> r.intervals OR b.actual <> r.actual
       OR abs(b.abs_error - r.abs_error) > 1e-9 * greatest(1, r.abs_error)
       OR abs(b.wape - r.abs_error / r.actual) > 1e-12 OR abs(b.mape - r.mape) > 1e-12$$,
    'backtest WAPE and MAPE equal plain SQL over the held-out weeks');

-- Staffing mismatch against plain SQL, and with parallel workers.
CREATE TABLE sched AS
SELECT i, floor(random() * 30)::int AS scheduled, floor(random() * 30)::int AS required
FROM generate_series(1, 20000) i;
ANALYZE sched;
SELECT is((SELECT (effcap.staffing_mismatch(scheduled, required)).mismatch_rate FROM sched),
          (SELECT sum(abs(scheduled - required))::float8 / sum(required) FROM sched),
          'the mismatch rate is sum |scheduled - required| / sum required');
SELECT is((SELECT row(m.under_rate, m.over_rate)::text FROM (SELECT (effcap.staffing_mismatch(scheduled, required)).* FROM sched) m),
          (SELECT row(sum(greatest(required - scheduled, 0))::float8 / sum(required),
                      sum(greatest(scheduled - required, 0))::float8 / sum(required))::text FROM sched),
          'its under- and over-staffed shares are the short and the surplus sums over required');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT matches(pg_temp.plan_of('SELECT effcap.staffing_mismatch(scheduled, required) FROM sched'),
               'Partial Aggregate', 'the mismatch runs in parallel workers');
SELECT is((SELECT effcap.staffing_mismatch(scheduled, required)::text FROM sched),
          (SELECT row(count(*), sum(required), sum(scheduled), sum(greatest(required - scheduled, 0)),
                      sum(greatest(scheduled - required, 0)), sum(abs(scheduled - required))::float8 / sum(required),
                      sum(greatest(required - scheduled, 0))::float8 / sum(required),
                      sum(greatest(scheduled - required, 0))::float8 / sum(required))::text FROM sched),
          'with parallel workers the mismatch is the same');
RESET max_parallel_workers_per_gather;

SELECT * FROM finish();
ROLLBACK;
