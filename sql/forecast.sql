-- Workforce planning: interval volume forecasts, their backtest and the
-- staffing mismatch rate, on histories small enough to work out by hand
-- (the values in the comments), NULLs and every error.
\pset null '(null)'

-- Four weeks of 6-hour intervals (4 a day), Monday 2026-11-02 to Sunday
-- 2026-11-29.  Week k (0..3), interval j (0..3): offered 10 (k + 1) + j,
-- AHT 100 + 10 k seconds.
CREATE TEMP TABLE h AS
SELECT d + j * interval '6 hours' AS interval_start,
       (10 * ((d::date - date '2026-11-02') / 7 + 1) + j)::float8 AS offered,
       (100 + 10 * ((d::date - date '2026-11-02') / 7))::float8 AS aht
FROM generate_series(timestamp '2026-11-02', timestamp '2026-11-29', interval '1 day') AS d,
     generate_series(0, 3) AS j;

-- Seasonal average of the four Mondays (and Tuesdays): offered
-- (10 + 20 + 30 + 40) / 4 + j = 25 + j; AHT weighted by volume, interval 0:
-- (10 x 100 + 20 x 110 + 30 x 120 + 40 x 130) / 100 = 120; interval 1:
-- (11 x 100 + 21 x 110 + 31 x 120 + 41 x 130) / 104 = 12460 / 104 = 119.807692.
SELECT f.interval_start, f.offered, round(f.aht_seconds::numeric, 6) AS aht
FROM (SELECT effcap.volume_forecast(interval_start, offered, aht,
                                    '{"interval_seconds": 21600, "days": 2}') AS fc FROM h) s,
     unnest(s.fc) AS f;
-- Weights 4, 3, 2, 1, the most recent week first: offered
-- (4 x 40 + 3 x 30 + 2 x 20 + 1 x 10) / 10 + j = 30 + j; AHT of interval 0
-- (4 x 40 x 130 + 3 x 30 x 120 + 2 x 20 x 110 + 10 x 100) / 300 = 123.333333.
SELECT f.interval_start, f.offered, round(f.aht_seconds::numeric, 6) AS aht
FROM (SELECT effcap.volume_forecast(interval_start, offered, aht,
                                    '{"interval_seconds": 21600, "days": 1, "weights": [4, 3, 2, 1]}') AS fc FROM h) s,
     unnest(s.fc) AS f;
-- Monday 2026-11-23 excluded: the two most recent usable Mondays are weeks
-- 2 and 1, (30 + 20) / 2 + j = 25 + j; AHT (20 x 110 + 30 x 120) / 50 = 116.
SELECT f.interval_start, f.offered, f.aht_seconds
FROM (SELECT effcap.volume_forecast(interval_start, offered, aht,
                                    '{"interval_seconds": 21600, "days": 1, "weeks": 2, "exclude": ["2026-11-23"]}') AS fc FROM h) s,
     unnest(s.fc) AS f
WHERE f.interval_start = '2026-11-30 00:00' OR f.interval_start = '2026-11-30 06:00';
-- More weeks asked than the history holds: the four there are, so again 25 + j.
SELECT f.offered FROM (SELECT effcap.volume_forecast(interval_start, offered, aht,
                                    '{"interval_seconds": 21600, "days": 1, "weeks": 10}') AS fc FROM h) s,
     unnest(s.fc) AS f;

-- An interval without a row had no calls (offered 0); its AHT, with no
-- calls in its weeks, is the history's (here 60 s).  Three days of history
-- (Monday to Wednesday, hourly intervals of which only 09:00 has calls):
-- Thursday has no Thursday to learn from, so NULL.
SELECT f.interval_start, f.offered, f.aht_seconds
FROM (SELECT effcap.volume_forecast(t, 5, 60, '{"interval_seconds": 3600}') AS fc
      FROM generate_series(timestamp '2026-11-02 09:00', '2026-11-04 09:00', interval '1 day') AS t) s,
     unnest(s.fc) AS f
WHERE f.interval_start::time IN ('08:00', '09:00');

-- Rows of one interval add up (raw contacts binned to their interval count
-- one each); AHT is weighted by volume: two contacts of 100 s and 400 s at
-- 09:00 on Monday 2026-11-02 forecast 2 contacts of AHT 250 s on 11-09.
SELECT f.interval_start, f.offered, f.aht_seconds
FROM (SELECT effcap.volume_forecast(t, 1, a, '{"interval_seconds": 3600}') AS fc
      FROM (VALUES (timestamp '2026-11-02 09:00', 100::float8), ('2026-11-02 09:00', 400),
                   ('2026-11-08 23:00', NULL)) v(t, a)) s,
     unnest(s.fc) AS f
WHERE f.interval_start = '2026-11-09 09:00' OR f.interval_start = '2026-11-15 23:00';

-- Local wall-clock time across a daylight-saving change: in Berlin the
-- clocks went back at 03:00 on Sunday 2026-10-25, so 00:00 and 01:00 UTC are
-- both 02:00 local; the two calls add up at 02:00, and the next Sunday
-- (weeks 1) is forecast 2 calls at 02:00 and none at 03:00 local.
SELECT f.interval_start, f.offered
FROM (SELECT effcap.volume_forecast(t AT TIME ZONE 'Europe/Berlin', 1, 60, '{"interval_seconds": 3600, "weeks": 1}') AS fc
      FROM (VALUES (timestamptz '2026-10-25 00:00+00'), ('2026-10-25 01:00+00'), ('2026-10-19 12:00+00')) v(t)) s,
     unnest(s.fc) AS f
WHERE f.interval_start IN ('2026-11-01 02:00', '2026-11-01 03:00');

-- Holt-Winters on a history that repeats exactly every week (three weeks,
-- interval j of weekday w (Monday 0): 10 (w + 1) + 5 j): started on week
-- 1, it forecasts week 2 and 3 without error, so nothing moves and Monday
-- and Sunday come out as the pattern: 10 + 5 j and 70 + 5 j.
SELECT f.interval_start, round(f.offered::numeric, 9) AS offered
FROM (SELECT effcap.volume_forecast(d + j * interval '6 hours',
                                    (10 * extract(isodow FROM d) + 5 * j)::float8, 180,
                                    '{"interval_seconds": 21600, "method": "holt_winters"}') AS fc
      FROM generate_series(timestamp '2026-11-02', '2026-11-22', interval '1 day') AS d,
           generate_series(0, 3) AS j) s,
     unnest(s.fc) AS f
WHERE f.interval_start::date IN ('2026-11-23', '2026-11-29');
-- Less than 14 days: Holt-Winters cannot start, every forecast NULL (the
-- AHT still comes from the seasonal average).
SELECT count(*) AS intervals, count(f.offered) AS forecast, min(f.aht_seconds) AS aht
FROM (SELECT effcap.volume_forecast(d, 1, 30, '{"method": "holt_winters", "interval_seconds": 86400}') AS fc
      FROM generate_series(timestamp '2026-11-02', '2026-11-14', interval '1 day') AS d) s,
     unnest(s.fc) AS f;

-- Backtest, a one-week seasonal average, the last two weeks: week 3
-- forecast from week 2 (30 + j against 40 + j) and week 2 from week 1
-- (20 + j against 30 + j), an error of 10 on each of 14 intervals.
-- Interval 0: actual 7 x 40 + 7 x 30 = 490, abs_error 140, WAPE 140 / 490
-- = 0.285714; MAPE (7 x 10/40 + 7 x 10/30) / 14 = 0.291667.
SELECT f.time_of_day, f.intervals, f.actual, f.abs_error, round(f.wape::numeric, 6) AS wape,
       round(f.mape::numeric, 6) AS mape
FROM (SELECT effcap.forecast_backtest(interval_start, offered,
                                      '{"interval_seconds": 21600, "weeks": 1, "backtest_weeks": 2}') AS fc FROM h) s,
     unnest(s.fc) AS f;
-- Excluded days are neither learnt from nor scored: with 2026-11-23 out,
-- week 3 has 6 scored days; its Monday is not there to score.  Interval 0:
-- 6 x 10 + 7 x 10 = 130 over 6 x 40 + 7 x 30 = 450.
SELECT f.intervals, f.actual, f.abs_error
FROM (SELECT effcap.forecast_backtest(interval_start, offered,
                                      '{"interval_seconds": 21600, "weeks": 1, "backtest_weeks": 2, "exclude": ["2026-11-23"]}') AS fc FROM h) s,
     unnest(s.fc) AS f
WHERE f.time_of_day = '00:00';
-- Weeks without one week of history before them are not scored: asking for
-- 10 weeks scores the 3 that have one (21 intervals of each time of day).
SELECT f.intervals FROM (SELECT effcap.forecast_backtest(interval_start, offered,
                                      '{"interval_seconds": 21600, "weeks": 1, "backtest_weeks": 10}') AS fc FROM h) s,
     unnest(s.fc) AS f WHERE f.time_of_day = '00:00';
-- A perfect forecast: the weekly pattern under Holt-Winters, three weeks,
-- one backtest week (forecast from the first two): no error at all.
SELECT f.intervals, round(f.abs_error::numeric, 9) AS abs_error, round(f.mape::numeric, 9) AS mape
FROM (SELECT effcap.forecast_backtest(d + j * interval '6 hours', (10 * extract(isodow FROM d) + 5 * j)::float8,
                                      '{"interval_seconds": 21600, "method": "holt_winters", "backtest_weeks": 1}') AS fc
      FROM generate_series(timestamp '2026-11-02', '2026-11-22', interval '1 day') AS d,
           generate_series(0, 3) AS j) s,
     unnest(s.fc) AS f WHERE f.time_of_day = '18:00';

-- Options from a table column, long enough to be stored compressed (an
-- exclude list of 400 dates, none in the history): read as the same
-- options written out, so the forecast is the seasonal average of the
-- Mondays, 25 + j as above.
CREATE TEMP TABLE forecast_options AS
SELECT jsonb_build_object('interval_seconds', 21600, 'days', 1,
                          'exclude', (SELECT jsonb_agg(to_char(d, 'YYYY-MM-DD'))
                                      FROM generate_series(date '2020-01-01', date '2021-02-03', interval '1 day') d)) AS o;
SELECT pg_column_size(o) < length(o::text) AS compressed FROM forecast_options;
SELECT f.offered
FROM (SELECT effcap.volume_forecast(h.interval_start, h.offered, h.aht, fo.o) AS fc FROM h, forecast_options fo) s,
     unnest(s.fc) AS f;

-- NULLs: no rows, or only rows with a NULL time or volume, give NULL.
SELECT effcap.volume_forecast(t, o, 1, '{}') IS NULL AS no_rows
FROM (VALUES (timestamp '2026-11-02', 1::float8)) v(t, o) WHERE false;
SELECT effcap.volume_forecast(t, o, 1, '{}') IS NULL AS null_rows,
       effcap.forecast_backtest(t, o, '{}') IS NULL AS null_backtest
FROM (VALUES (NULL::timestamp, 1::float8), ('2026-11-02', NULL)) v(t, o);
-- One week of history cannot be backtested: NULL.
SELECT effcap.forecast_backtest(d, 1, '{"interval_seconds": 86400}') IS NULL AS one_week
FROM generate_series(timestamp '2026-11-02', '2026-11-08', interval '1 day') AS d;

-- Errors.
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, NULL);
SELECT effcap.volume_forecast(t, 1, 1, o)
FROM (VALUES (timestamp '2026-11-02', '{}'::jsonb), ('2026-11-03', '{"days": 1}')) v(t, o);
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"horizon": 7}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '[]');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"method": "arima"}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"interval_seconds": 59}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"interval_seconds": 7000}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"interval_seconds": 900.5}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"days": 0}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"days": 367}');
SELECT effcap.forecast_backtest(timestamp '2026-11-02', 1, '{"days": 7}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"backtest_weeks": 2}');
SELECT effcap.forecast_backtest(timestamp '2026-11-02', 1, '{"backtest_weeks": 0}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weights": []}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weights": [1, -1]}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weights": [0, 0]}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weights": [1, "2"]}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weights": [1, 2], "weeks": 3}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weeks": 0}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"weeks": 261}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"level": 0.5}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"method": "holt_winters", "weeks": 4}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"method": "holt_winters", "weekly": 1.5}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"exclude": "2026-12-25"}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"exclude": ["2026-12-25", "12/26/2026"]}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, 1, '{"exclude": ["2026-02-29"]}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', -1, 1, '{}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 'NaN', 1, '{}');
SELECT effcap.volume_forecast(timestamp '2026-11-02', 1, '-Infinity', '{}');
SELECT effcap.volume_forecast(timestamp 'infinity', 1, 1, '{}');
SELECT effcap.volume_forecast(timestamp '2026-11-02 09:10', 1, 1, '{}');
SELECT effcap.volume_forecast(t, 1, 1, '{"interval_seconds": 86400}')
FROM (VALUES (timestamp '2016-11-02'), ('2026-11-11')) v(t);
SELECT effcap.volume_forecast(timestamp '294276-12-30', 1, 1, '{"interval_seconds": 86400}');

-- Staffing mismatch (seed 002): required 12, 8, 10 against scheduled 10,
-- 8, 15 (a NULL skipped): shortfall 2, surplus 5, over 30 required:
-- mismatch 7 / 30 = 0.233333, under 2 / 30 = 0.066667, over 5 / 30 = 0.166667.
SELECT intervals, required, scheduled, shortfall, surplus, round(mismatch_rate::numeric, 6) AS mismatch,
       round(under_rate::numeric, 6) AS under, round(over_rate::numeric, 6) AS over
FROM (SELECT (effcap.staffing_mismatch(s, r)).* FROM (VALUES (10, 12), (8, 8), (15, 10), (NULL, 3), (4, NULL)) v(s, r)) x;
-- Nothing required: the sums, and NULL rates; no rows at all likewise.
SELECT (effcap.staffing_mismatch(s, r)).* FROM (VALUES (3, 0)) v(s, r);
SELECT (effcap.staffing_mismatch(s, r)).* FROM (VALUES (3, 0)) v(s, r) WHERE false;
-- Over a moving window of two intervals: 2 / 12 = 0.166667, then
-- (|10 - 12| + 0) / 20 = 0.1, then (0 + 5) / 18 = 0.277778.
SELECT i, round((effcap.staffing_mismatch(s, r) OVER (ORDER BY i ROWS 1 PRECEDING)).mismatch_rate::numeric, 6) AS mismatch
FROM (VALUES (1, 10, 12), (2, 8, 8), (3, 15, 10)) v(i, s, r);
-- Parallel workers' states add up: {kind, 1 + 1, 12 + 10, 10 + 15, 2 + 0, 0 + 5}.
SELECT effcap.counts_combine('{5000000000000,1,12,10,2,0}', '{5000000000000,1,10,15,0,5}');
-- Errors: negative agents; a state of another kind; a broken state.
SELECT effcap.staffing_mismatch(-1, 3);
SELECT effcap.staffing_mismatch(1, -3);
SELECT effcap.staffing_mismatch_final('{4000000000000,0,0,0}');
SELECT effcap.staffing_mismatch_final('{5000000000000,1,10,5,2,0}');
SELECT effcap.counts_combine('{5000000000000,1,10,8,2,0}', '{4000000000000,0,0,0}');
