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

-- queue_summary, by hand.  Its bytes after the length word: version (1),
-- flags (0), then varints (7 bits a byte, low first): answered waits
-- 53,000,000 µs (c0 ee a2 19, bytes 2-5), answered handle times
-- 361,200,000 µs (80 f3 9d ac 01, bytes 6-10), and the bins of the three
-- histograms, 3, 1 and 3 (bytes 11-13).  Then each histogram as a block of
-- bits (src/summary_bins.c).  The answered waits 3, 10 and 40 s are the
-- half-second keys 6, 20 and 80, all even: shift 1, coded as 3, 10 and 40.
-- As values, exp-Golomb of order 3: form 1, shift 000001, code 1, k
-- 000011, values beyond the bins 0 (order-0 code: 1), then the gaps 3
-- (x = 3 + 8 = 1011), 7 (1111) and 30 (x = 38 = 100110, after 6 - 3 - 1 = 2
-- zeros: 00100110): 31 bits, a zero to pad, 83 0f 7e 4c (bytes 14-17).
-- The abandoned wait 25.5 s is the key 51: order 4, x = 67 after two zeros,
-- 81 12 43 (bytes 18-20).  The handle times 100, 62 (61.2 rounded up) and
-- 200 s, shift 1: Rice with k = 5 of the gaps 31, 19 and 50: 82 17 fe 6c
-- 80 (bytes 21-25).  26 bytes.
SELECT get_byte(b, 0) AS version, length(b) AS bytes, encode(substr(b, 3, 12), 'hex') AS header,
       encode(substr(b, 15, 4), 'hex') AS answered, encode(substr(b, 19, 3), 'hex') AS abandoned,
       encode(substr(b, 22), 'hex') AS handle
FROM good WHERE typ = 'queue_summary';
SELECT effcap.contact_stats(pg_temp.as_queue_summary(set_byte(b, 0, 9), '')) FROM good WHERE typ = 'queue_summary';
SELECT effcap.service_level(pg_temp.as_queue_summary(set_byte(b, 1, 1), ''), 20) FROM good WHERE typ = 'queue_summary';
-- A sum of waits one µs more than the histogram of answered waits gives.
SELECT effcap.wait_percentile(pg_temp.as_queue_summary(set_byte(b, 2, 193), ''), 0.5) FROM good WHERE typ = 'queue_summary';
-- A sum of handle times 2^28 µs more than the histogram of handle times allows.
SELECT effcap.wait_percentile(pg_temp.as_queue_summary(set_byte(b, 10, 2), ''), 0.5) FROM good WHERE typ = 'queue_summary';
-- A sum past int64 (ten bytes: 64 one bits).
SELECT effcap.contact_stats(pg_temp.as_queue_summary(overlay(b PLACING '\xffffffffffffffffff01'::bytea FROM 3 FOR 4), '')) FROM good WHERE typ = 'queue_summary';
-- A varint that runs past 64 bits (ten continuation bytes as the first sum).
SELECT effcap.merge(v, v) FROM (SELECT pg_temp.as_queue_summary(overlay(b PLACING '\xffffffffffffffffff7f'::bytea FROM 3 FOR 4), '') v FROM good WHERE typ = 'queue_summary') x;
-- Cut short: the last histogram is truncated.
SELECT pg_temp.as_queue_summary(substr(b, 1, length(b) - 1), '')::text FROM good WHERE typ = 'queue_summary';
-- One byte too many.
SELECT pg_temp.as_queue_summary(b || '\x00'::bytea, '')::text FROM good WHERE typ = 'queue_summary';
-- The answered waits said to have 2 bins: a third key is found.
SELECT effcap.queue_summary_send(pg_temp.as_queue_summary(set_byte(b, 11, 2), '')) FROM good WHERE typ = 'queue_summary';
-- A padding bit set (the handle block's last byte, 80, made 81).
SELECT effcap.handle_percentile(pg_temp.as_queue_summary(set_byte(b, 25, 129), ''), 0.5) FROM good WHERE typ = 'queue_summary';
-- A code longer than 64 bits: the handle block made form 1, shift 0, code
-- 1, k 0, no values beyond the bins (81 02), then 70 zero bits and a one.
SELECT effcap.handle_percentile(pg_temp.as_queue_summary(overlay(b PLACING '\x8102000000000000000004'::bytea FROM 22 FOR 5), ''), 0.5)
FROM good WHERE typ = 'queue_summary';
-- One handle time (the abandoned block copied as the handle block, its bins
-- 1) against three answered waits: answered waits and handle times disagree.
SELECT effcap.contact_stats(pg_temp.as_queue_summary(overlay(set_byte(b, 13, 1) PLACING substr(b, 19, 3) FROM 22 FOR 5), ''))
FROM good WHERE typ = 'queue_summary';
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
SELECT typ, count(*) > 150 AS many, bool_or(outcome = 'refused') AS some_refused,
       bool_or(outcome = 'accepted') AS some_accepted
FROM outcome GROUP BY typ ORDER BY typ;
SELECT typ, pos, outcome FROM outcome
WHERE outcome NOT IN ('refused', 'accepted', 'accepted, empty entry dropped', 'scorecard refused when used')
ORDER BY 1, 2;
