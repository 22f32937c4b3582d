-- Security.  (1) A hostile search_path: look-alike types, functions and
-- operators in a schema searched before pg_catalog.  CREATE EXTENSION runs
-- the install script with the path set to effcap's schema (and pg_temp
-- last), so nothing in it resolves through the caller's path; effcap's
-- functions are all in C and look nothing up by name when called.  So the
-- extension installed under such a path has the same catalog, and its
-- results under such a path are the same numbers.  (2) effcap is a
-- trusted extension: a user with CREATE on the database installs it
-- without being a superuser; one without cannot.
\set VERBOSITY terse
SET extra_float_digits = 0;

CREATE TABLE sp_rows AS
SELECT g, (ARRAY['inbound', 'ticket'])[1 + g % 2] AS wt, (g * 7 % 61)::float8 AS wait,
       g % 5 <> 0 AS answered, 30 + (g * 13 % 900)::float8 AS handle, 1 + g % 5 AS csat, g % 11 AS nps
FROM generate_series(1, 60) g;
-- What every family gives under the clean path.
CREATE FUNCTION pg_temp.results() RETURNS TABLE (what text, result text) LANGUAGE sql AS $$
    SELECT 'contact_stats', effcap.contact_stats(wait, answered, handle, '{"threshold_seconds": 30}')::text FROM sp_rows
    UNION ALL SELECT 'queue_summary', effcap.contact_stats(effcap.queue_summary(wait, answered, handle), '{"threshold_seconds": 30}')::text FROM sp_rows
    UNION ALL SELECT 'wait_percentile', effcap.wait_percentile(effcap.queue_summary(wait, answered, handle), 0.9)::text FROM sp_rows
    UNION ALL SELECT 'capacity', (effcap.effective_capacity(wt, g % 3 = 0, g % 7 = 0, g % 4 = 0, NULL))::text FROM sp_rows
    UNION ALL SELECT 'csat', effcap.csat(effcap.survey_summary(csat, nps, 'phone'))::text FROM sp_rows
    UNION ALL SELECT 'nps', effcap.nps(nps)::text FROM sp_rows
    UNION ALL SELECT 'aht_compliance', effcap.aht_compliance(effcap.handle_summary(wt, handle), '{"inbound": 300, "ticket": 600}', 3)::text FROM sp_rows
    UNION ALL SELECT 'kpi_score', effcap.kpi_score('{"answer_rate": 0.9, "non_call_processing_rate": 0.95, "exam_avg": 90, "qa_avg": 88,
                                               "avg_talk_seconds": 200, "performance_avg": 85, "major_complaints": 0,
                                               "report_errors": 1}')::text
$$;
CREATE TABLE clean AS SELECT * FROM pg_temp.results();
SELECT count(*) AS families FROM clean;
-- The catalog of the extension as installed now.
CREATE TABLE catalog_before AS
SELECT p.oid::regprocedure::text AS fn, pg_get_function_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'effcap';

-- Look-alikes, searched first.
CREATE SCHEMA evil;
CREATE DOMAIN evil.jsonb AS text;
CREATE DOMAIN evil.float8 AS numeric;
CREATE DOMAIN evil.int8 AS numeric;
CREATE FUNCTION evil.floor(double precision) RETURNS double precision LANGUAGE sql AS 'SELECT 42::double precision';
CREATE FUNCTION evil.ceil(double precision) RETURNS double precision LANGUAGE sql AS 'SELECT 42::double precision';
CREATE FUNCTION evil.jsonb_object_field(pg_catalog.jsonb, text) RETURNS pg_catalog.jsonb LANGUAGE sql AS 'SELECT ''42''::pg_catalog.jsonb';
CREATE FUNCTION evil.contact_stats(double precision, boolean, double precision, pg_catalog.jsonb) RETURNS text
    LANGUAGE sql AS 'SELECT ''evil''';
CREATE FUNCTION evil.never_equal(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT false';
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.never_equal);
CREATE FUNCTION evil.always_less(double precision, double precision) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR evil.< (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = evil.always_less);
SET search_path = evil, pg_catalog, public;

-- Installed again under the hostile path: the same catalog, no type from evil.
DROP EXTENSION effcap;
CREATE EXTENSION effcap;
RESET search_path;
SELECT count(*) AS functions_differ FROM (
    (SELECT fn, args, result FROM catalog_before EXCEPT
     SELECT p.oid::regprocedure::text, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'effcap')
    UNION ALL
    (SELECT p.oid::regprocedure::text, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'effcap' EXCEPT
     SELECT fn, args, result FROM catalog_before)) d;
SELECT count(*) AS types_from_evil
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,
     unnest(p.proargtypes::oid[] || p.prorettype) t JOIN pg_type ty ON ty.oid = t
WHERE n.nspname = 'effcap' AND ty.typnamespace = 'evil'::regnamespace;

-- Called under the hostile path: the same results.
SET search_path = evil, pg_catalog, public;
CREATE TABLE public.hostile AS SELECT * FROM pg_temp.results();
RESET search_path;
SELECT c.what, c.result IS NOT NULL AND c.result = h.result AS same FROM clean c JOIN hostile h USING (what) ORDER BY 1;

-- Trusted: installed by a user with CREATE on the database, who owns it
-- then; refused to a user without.
DROP EXTENSION effcap;
CREATE ROLE regress_effcap_owner;
CREATE ROLE regress_effcap_nobody;
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO regress_effcap_owner', current_database()); END $$;
SET ROLE regress_effcap_nobody;
CREATE EXTENSION effcap;
SET ROLE regress_effcap_owner;
CREATE EXTENSION effcap;
SELECT effcap.nps(s) AS nps FROM unnest(ARRAY[10, 9, 7, 0]) s;
RESET ROLE;
SELECT extname, extowner::regrole AS owner FROM pg_extension WHERE extname = 'effcap';
-- ... and the superuser takes it back for the tests that follow.
DROP EXTENSION effcap;
DO $$ BEGIN EXECUTE format('REVOKE CREATE ON DATABASE %I FROM regress_effcap_owner', current_database()); END $$;
DROP ROLE regress_effcap_owner;
DROP ROLE regress_effcap_nobody;
CREATE EXTENSION effcap;
DROP SCHEMA evil CASCADE;
DROP TABLE sp_rows, clean, catalog_before, hostile;
