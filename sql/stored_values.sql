-- Stored values that are corrupt (a damaged page, a bad restore, bytes
-- written by another program) must be refused with data_corrupted (XX001)
-- by every reader when the damage breaks what every value of the type
-- holds, and never crash the server.  Damage that leaves a valid value (a
-- count turned into another count) cannot be told from data: PostgreSQL's
-- data checksums (initdb --data-checksums) are for that.
-- SQL cannot write a summary's bytes, so the test gets at them the way a
-- superuser can: an internal function whose C code copies any varlena
-- (byteacat with an empty second argument) declared to return bytea, or
-- the summary type.
\set VERBOSITY terse
SET extra_float_digits = 0;

CREATE FUNCTION pg_temp.raw(effcap.capacity_summary, bytea) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.raw(effcap.kpi_inputs, bytea) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.raw(effcap.queue_summary, bytea) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.raw(effcap.survey_summary, bytea) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.raw(effcap.handle_summary, bytea) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.as_capacity_summary(bytea, bytea) RETURNS effcap.capacity_summary LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.as_kpi_inputs(bytea, bytea) RETURNS effcap.kpi_inputs LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.as_queue_summary(bytea, bytea) RETURNS effcap.queue_summary LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.as_survey_summary(bytea, bytea) RETURNS effcap.survey_summary LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';
CREATE FUNCTION pg_temp.as_handle_summary(bytea, bytea) RETURNS effcap.handle_summary LANGUAGE internal IMMUTABLE STRICT AS 'byteacat';

-- One good value of each type, built by its aggregate.
CREATE TEMP TABLE good AS
SELECT 'capacity_summary' AS typ,
       pg_temp.raw(effcap.capacity_summary(wt, g % 3 = 0, g % 7 = 0, g % 5 = 0, CASE WHEN g % 4 = 0 THEN 'B' END), '') AS b
FROM (SELECT g, (ARRAY['inbound', 'ticket', 'café'])[1 + g % 3] AS wt FROM generate_series(1, 40) g) x
UNION ALL
SELECT 'kpi_inputs', pg_temp.raw(effcap.kpi_trans(effcap.kpi_trans(NULL, 'qa_avg', 81.5, card), 'aht', 300, card), '')
FROM (SELECT '{"indicators": [{"name": "aht", "kind": "deduction", "points": 10, "better": "lower", "target": 280, "per": 10, "deduct": 1}]}'::jsonb AS card) c
UNION ALL
SELECT 'queue_summary', pg_temp.raw(effcap.queue_summary(w, a, h), '')
FROM (VALUES (10.0, true, 100.0), (25.5, false, NULL), (3.0, true, 61.2), (40.0, true, 200.0)) v(w, a, h)
UNION ALL
SELECT 'survey_summary', pg_temp.raw(effcap.survey_summary(c, 5, n, s), '')
FROM (VALUES (5, 10, 'phone'), (4, NULL, 'phone'), (1, 3, 'chat')) v(c, n, s)
UNION ALL
SELECT 'handle_summary', pg_temp.raw(effcap.handle_summary(c, h), '')
FROM (VALUES ('inbound', 120.0), ('inbound', 300.5), ('ticket', 30.0)) v(c, h);

-- Every aggregate gave a value; copied back unchanged, it reads as built.
SELECT typ, b IS NOT NULL AS built FROM good ORDER BY typ;
SELECT effcap.service_level(pg_temp.as_queue_summary(b, ''), 20) AS sl_of_copy,
       effcap.service_level(effcap.queue_summary(w, a, h), 20) AS sl_built
FROM good, (VALUES (10.0, true, 100.0), (25.5, false, NULL), (3.0, true, 61.2), (40.0, true, 200.0)) v(w, a, h)
WHERE typ = 'queue_summary' GROUP BY b;

-- queue_summary, by hand (little-endian).  Its bytes after the length
-- word: version (1), flags (1), reserved (2), answered wait µs (8, from byte
-- 4), answered handle µs (8, from 12), three histogram lengths (4 each, from
-- 20), reserved (4), then from byte 36 the histograms, varint pairs (gap,
-- count): answered waits first, the first 6 half seconds (3 s) once.  So
-- 36 bytes, then 6 for three answered waits, 2 for the abandoned one and 6
-- for three handle times: 50.
SELECT get_byte(b, 0) AS version, length(b) AS bytes FROM good WHERE typ = 'queue_summary';
SELECT effcap.contact_stats(pg_temp.as_queue_summary(set_byte(b, 0, 9), '')) FROM good WHERE typ = 'queue_summary';
SELECT effcap.service_level(pg_temp.as_queue_summary(set_byte(b, 1, 1), ''), 20) FROM good WHERE typ = 'queue_summary';
SELECT get_byte(b, 36) AS first_gap, get_byte(b, 37) AS first_count FROM good WHERE typ = 'queue_summary';
-- A negative sum of waits (top byte of answered wait µs).
SELECT effcap.wait_percentile(pg_temp.as_queue_summary(set_byte(b, 11, 128), ''), 0.5) FROM good WHERE typ = 'queue_summary';
-- A sum of handle times that the histogram of handle times cannot give.
SELECT effcap.wait_percentile(pg_temp.as_queue_summary(set_byte(b, 15, 128), ''), 0.5) FROM good WHERE typ = 'queue_summary';
-- Cut short: the last histogram is truncated.
SELECT pg_temp.as_queue_summary(substr(b, 1, length(b) - 1), '')::text FROM good WHERE typ = 'queue_summary';
-- One byte too many.
SELECT pg_temp.as_queue_summary(b || '\x00'::bytea, '')::text FROM good WHERE typ = 'queue_summary';
-- A varint that runs past 64 bits (ten continuation bytes as the last pair's count).
SELECT effcap.merge(v, v) FROM (SELECT pg_temp.as_queue_summary(substr(b, 1, length(b) - 1) || '\xffffffffffffffffff7f'::bytea, '') v FROM good WHERE typ = 'queue_summary') x;
-- A zero count.
SELECT effcap.queue_summary_send(pg_temp.as_queue_summary(set_byte(b, length(b) - 1, 0), '')) FROM good WHERE typ = 'queue_summary';
-- The first answered wait counted twice: answered waits and handle times disagree.
SELECT effcap.contact_stats(pg_temp.as_queue_summary(set_byte(b, 37, get_byte(b, 37) + 1), '')) FROM good WHERE typ = 'queue_summary';
-- Stored in a table and rolled up with good values: the rollup refuses it.
CREATE TEMP TABLE stored_q (s effcap.queue_summary);
INSERT INTO stored_q SELECT pg_temp.as_queue_summary(b, '') FROM good WHERE typ = 'queue_summary';
INSERT INTO stored_q SELECT pg_temp.as_queue_summary(set_byte(b, 0, 0), '') FROM good WHERE typ = 'queue_summary';
SELECT effcap.service_level(effcap.rollup(s), 20) FROM stored_q;

-- The other types: a wrong version, cut short, one byte too many.
SELECT pg_temp.as_capacity_summary(set_byte(b, 0, 9), '')::text FROM good WHERE typ = 'capacity_summary';
SELECT effcap.effective_capacity(pg_temp.as_capacity_summary(substr(b, 1, length(b) - 1), '')) FROM good WHERE typ = 'capacity_summary';
SELECT effcap.rollup(s) FROM (SELECT pg_temp.as_capacity_summary(b || '\x00'::bytea, '') s FROM good WHERE typ = 'capacity_summary') x;
SELECT pg_temp.as_kpi_inputs(set_byte(b, 0, 9), '')::text FROM good WHERE typ = 'kpi_inputs';
SELECT effcap.kpi_inputs_send(pg_temp.as_kpi_inputs(substr(b, 1, length(b) - 1), '')) FROM good WHERE typ = 'kpi_inputs';
SELECT pg_temp.as_survey_summary(set_byte(b, 0, 9), '')::text FROM good WHERE typ = 'survey_summary';
SELECT effcap.csat(pg_temp.as_survey_summary(substr(b, 1, length(b) - 1), '')) FROM good WHERE typ = 'survey_summary';
SELECT effcap.nps(pg_temp.as_survey_summary(b || '\x00'::bytea, '')) FROM good WHERE typ = 'survey_summary';
SELECT pg_temp.as_handle_summary(set_byte(b, 0, 9), '')::text FROM good WHERE typ = 'handle_summary';
SELECT effcap.handle_percentile(pg_temp.as_handle_summary(substr(b, 1, length(b) - 1), ''), 0.5) FROM good WHERE typ = 'handle_summary';
SELECT effcap.aht_compliance(pg_temp.as_handle_summary(b || '\x00'::bytea, ''), '{"inbound": 200}') FROM good WHERE typ = 'handle_summary';

-- Names: capacity_summary keeps its work types' names in one pool, in
-- order (café, inbound, ticket).  A zero byte in a name; a name moved out
-- of order ("inbound" made "znbound", after "ticket").
SELECT pg_temp.as_capacity_summary(set_byte(b, position('inbound'::bytea IN b) - 1, 0), '')::text
FROM good WHERE typ = 'capacity_summary';
SELECT effcap.rollup(pg_temp.as_capacity_summary(set_byte(b, position('inbound'::bytea IN b) - 1, ascii('z')), ''))
FROM good WHERE typ = 'capacity_summary';

-- kpi_inputs embeds its scorecard as a jsonb, which PostgreSQL would walk
-- without checks: it is checked when read.  The document starts with its
-- length word (184 bytes: e0 02 00 00), then the root header (an object of
-- one key: 01 00 00 20) and the key's entry (0a 00 00 80: 10 bytes).
CREATE TEMP VIEW doc AS
SELECT b, position('\xe002000001000020'::bytea IN b) - 1 AS at,
       position('indicators'::bytea IN b) - 1 AS key_at,
       position('\x200000000080180161'::bytea IN b) - 1 AS target_at
FROM good WHERE typ = 'kpi_inputs';
SELECT at > 0 AND key_at > at AND target_at > key_at AS found FROM doc;
-- The root neither an object nor an array.
SELECT pg_temp.as_kpi_inputs(set_byte(b, at + 7, 0), '')::text FROM doc;
-- The key's length past the end of the document.
SELECT pg_temp.as_kpi_inputs(set_byte(b, at + 8, 255), '')::text FROM doc;
-- The key not UTF-8.
SELECT pg_temp.as_kpi_inputs(set_byte(b, key_at, 255), '')::text FROM doc;
-- The target 280 (a short numeric: header 00 80, digit 280) made NaN.
SELECT pg_temp.as_kpi_inputs(set_byte(b, target_at + 5, 192), '')::text FROM doc;
-- ... or given the digit 10264 (18 28), not below 10000.
SELECT pg_temp.as_kpi_inputs(set_byte(b, target_at + 7, 40), '')::text FROM doc;

-- Every damage of one byte (to 0, 1, 2, 127, 128, 255 and its low bit
-- flipped), every cut and one byte added: each read either refuses the
-- value with data_corrupted or accepts a value whose text form reads back
-- as the same value.  Two more outcomes are expected: a capacity summary
-- may hold entries that count nothing (a moving aggregate's state does),
-- which its text form's reading drops, the numbers the same; a scorecard
-- embedded in kpi_inputs whose jsonb is sound but whose content is no
-- longer a scorecard is refused, as invalid_parameter_value, when used.
-- Any other outcome is listed.
CREATE FUNCTION pg_temp.try_stored(typ text, b bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    t text;
    t2 text;
    same boolean;
BEGIN
    EXECUTE format('SELECT pg_temp.as_%s($1, ''\x'')::text', typ) INTO t USING b;
    EXECUTE format('SELECT $1::effcap.%I::text', typ) INTO t2 USING t;
    IF t = t2 THEN
        RETURN 'accepted';
    END IF;
    IF typ = 'capacity_summary' THEN
        -- t2 must be t without the entries whose counts are all zero.
        SELECT t2::jsonb = jsonb_set(jsonb_set(t::jsonb,
                   '{work_types}', (SELECT coalesce(jsonb_object_agg(k, v), '{}') FROM jsonb_each(t::jsonb -> 'work_types') e(k, v)
                                    WHERE EXISTS (SELECT FROM jsonb_each(v) c(n, x) WHERE x <> '0'))),
                   '{sale_tiers}', (SELECT coalesce(jsonb_object_agg(k, v), '{}') FROM jsonb_each(t::jsonb -> 'sale_tiers') e(k, v)
                                    WHERE v <> '0'))
          INTO same;
        IF same THEN
            RETURN 'accepted, empty entry dropped';
        END IF;
    END IF;
    RETURN 'text form differs: ' || t;
EXCEPTION
    WHEN data_corrupted THEN RETURN 'refused';
    WHEN invalid_parameter_value THEN
        RETURN CASE WHEN typ = 'kpi_inputs' AND SQLERRM LIKE 'invalid scorecard: %'
                    THEN 'scorecard refused when used' ELSE SQLSTATE || ': ' || SQLERRM END;
    WHEN others THEN RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

CREATE TEMP TABLE damaged AS
SELECT typ, i AS pos, d AS b FROM good,
     LATERAL (SELECT i, set_byte(b, i, v) AS d
              FROM generate_series(0, length(b) - 1) i,
                   unnest(ARRAY[0, 1, 2, 127, 128, 255, get_byte(b, i) # 1]) v
              WHERE v <> get_byte(b, i)
              UNION ALL
              SELECT l, substr(b, 1, l) FROM generate_series(0, length(b) - 1) l
              UNION ALL
              SELECT length(b), b || '\x00'::bytea) x;
CREATE TEMP TABLE outcome AS SELECT typ, pos, pg_temp.try_stored(typ, b) AS outcome FROM damaged;
-- Enough cases, and both outcomes seen for every type.
SELECT typ, count(*) > 300 AS many, bool_or(outcome = 'refused') AS some_refused,
       bool_or(outcome = 'accepted') AS some_accepted
FROM outcome GROUP BY typ ORDER BY typ;
SELECT typ, pos, outcome FROM outcome
WHERE outcome NOT IN ('refused', 'accepted', 'accepted, empty entry dropped', 'scorecard refused when used')
ORDER BY 1, 2;
