-- pgTAP: catalog facts of the whole extension.  The exact list of functions
-- is a contract (users' SQL, matviews and dashboards depend on it); every
-- function is IMMUTABLE, PARALLEL SAFE and commented; every aggregate can be
-- split for parallel and distributed execution and keeps a real state type.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only true
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pgtap;
BEGIN;
CREATE EXTENSION IF NOT EXISTS effcap;
SELECT no_plan();

CREATE TEMP VIEW ext_functions AS
SELECT p.oid, p.oid::regprocedure::text AS sig, p.provolatile, p.proparallel, p.prokind, p.proisstrict
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_extension e ON e.oid = d.refobjid AND d.deptype = 'e'
WHERE e.extname = 'effcap';

SELECT set_eq($$SELECT sig FROM ext_functions$$, ARRAY[
    'effcap.aht_compliance(double precision,double precision,integer)',
    'effcap.aht_compliance_final(bigint[])',
    'effcap.aht_compliance_inv(bigint[],double precision,double precision,integer)',
    'effcap.aht_compliance_trans(bigint[],double precision,double precision,integer)',
    'effcap.capacity_combine(effcap.capacity_summary,effcap.capacity_summary)',
    'effcap.capacity_inv(effcap.capacity_summary,text,boolean,boolean,boolean,text)',
    'effcap.capacity_inv(effcap.capacity_summary,text,boolean,boolean,boolean,text,jsonb)',
    'effcap.capacity_subtract(effcap.capacity_summary,effcap.capacity_summary)',
    'effcap.capacity_summary(text,boolean,boolean,boolean,text)',
    'effcap.capacity_summary_in(cstring)',
    'effcap.capacity_summary_out(effcap.capacity_summary)',
    'effcap.capacity_summary_recv(internal)',
    'effcap.capacity_summary_send(effcap.capacity_summary)',
    'effcap.capacity_trans(effcap.capacity_summary,text,boolean,boolean,boolean,text)',
    'effcap.capacity_trans(effcap.capacity_summary,text,boolean,boolean,boolean,text,jsonb)',
    'effcap.center_kpi_score(text,double precision)',
    'effcap.center_kpi_score(text,double precision,jsonb)',
    'effcap.contact_stats(double precision,boolean,double precision)',
    'effcap.contact_stats(double precision,boolean,double precision,jsonb)',
    'effcap.contact_stats_combine(bigint[],bigint[])',
    'effcap.contact_stats(effcap.queue_summary)',
    'effcap.contact_stats(effcap.queue_summary,jsonb)',
    'effcap.queue_combine(internal,internal)',
    'effcap.queue_deserialize(bytea,internal)',
    'effcap.queue_final(internal)',
    'effcap.queue_inv(internal,double precision,boolean,double precision)',
    'effcap.queue_rollup_inv(internal,effcap.queue_summary)',
    'effcap.queue_rollup_trans(internal,effcap.queue_summary)',
    'effcap.queue_serialize(internal)',
    'effcap.queue_summary(double precision,boolean,double precision)',
    'effcap.queue_summary_in(cstring)',
    'effcap.queue_summary_out(effcap.queue_summary)',
    'effcap.queue_summary_recv(internal)',
    'effcap.queue_summary_send(effcap.queue_summary)',
    'effcap.queue_trans(internal,double precision,boolean,double precision)',
    'effcap.rollup(effcap.queue_summary)',
    'effcap.service_level(effcap.queue_summary,double precision)',
    'effcap.service_level(effcap.queue_summary,double precision,text)',
    'effcap.wait_percentile(effcap.queue_summary,double precision)',
    'effcap.contact_stats_final(bigint[])',
    'effcap.contact_stats_inv(bigint[],double precision,boolean,double precision)',
    'effcap.contact_stats_inv(bigint[],double precision,boolean,double precision,jsonb)',
    'effcap.contact_stats_trans(bigint[],double precision,boolean,double precision)',
    'effcap.contact_stats_trans(bigint[],double precision,boolean,double precision,jsonb)',
    'effcap.counts_combine(bigint[],bigint[])',
    'effcap.csat(integer)',
    'effcap.csat(integer,integer)',
    'effcap.csat(integer,integer,double precision)',
    'effcap.csat_final(bigint[])',
    'effcap.csat_inv(bigint[],integer)',
    'effcap.csat_inv(bigint[],integer,integer)',
    'effcap.csat_trans(bigint[],integer)',
    'effcap.csat_trans(bigint[],integer,integer)',
    'effcap.csat_weighted_combine(double precision[],double precision[])',
    'effcap.csat_weighted_final(double precision[])',
    'effcap.csat_weighted_trans(double precision[],integer,integer,double precision)',
    'effcap.default_capacity_rules()',
    'effcap.default_center_scorecard()',
    'effcap.default_supervisor_scorecard()',
    'effcap.effective_capacity(effcap.capacity_summary)',
    'effcap.effective_capacity(effcap.capacity_summary,jsonb)',
    'effcap.effective_capacity(text,boolean,boolean,boolean,text)',
    'effcap.effective_capacity(text,boolean,boolean,boolean,text,jsonb)',
    'effcap.fcr_combine(internal,internal)',
    'effcap.fcr_deserialize(bytea,internal)',
    'effcap.fcr_judged_inv(bigint[],boolean)',
    'effcap.fcr_judged_rate_final(bigint[])',
    'effcap.fcr_judged_stats_final(bigint[])',
    'effcap.fcr_judged_trans(bigint[],boolean)',
    'effcap.fcr_rate(boolean)',
    'effcap.fcr_rate(bigint,text,timestamp with time zone,interval)',
    'effcap.fcr_rate(bigint,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_rate(bigint,timestamp with time zone,interval)',
    'effcap.fcr_rate(bigint,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_rate(text,text,timestamp with time zone,interval)',
    'effcap.fcr_rate(text,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_rate(text,timestamp with time zone,interval)',
    'effcap.fcr_rate(text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_rate(uuid,text,timestamp with time zone,interval)',
    'effcap.fcr_rate(uuid,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_rate(uuid,timestamp with time zone,interval)',
    'effcap.fcr_rate(uuid,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_rate_final(internal)',
    'effcap.fcr_serialize(internal)',
    'effcap.fcr_stats(boolean)',
    'effcap.fcr_stats(bigint,text,timestamp with time zone,interval)',
    'effcap.fcr_stats(bigint,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_stats(bigint,timestamp with time zone,interval)',
    'effcap.fcr_stats(bigint,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_stats(text,text,timestamp with time zone,interval)',
    'effcap.fcr_stats(text,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_stats(text,timestamp with time zone,interval)',
    'effcap.fcr_stats(text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_stats(uuid,text,timestamp with time zone,interval)',
    'effcap.fcr_stats(uuid,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_stats(uuid,timestamp with time zone,interval)',
    'effcap.fcr_stats(uuid,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_stats_final(internal)',
    'effcap.handle_percentile(effcap.queue_summary,double precision)',
    'effcap.merge(effcap.capacity_summary,effcap.capacity_summary)',
    'effcap.merge(effcap.queue_summary,effcap.queue_summary)',
    'effcap.fcr_trans(internal,bigint,text,timestamp with time zone,interval)',
    'effcap.fcr_trans(internal,bigint,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_trans(internal,bigint,timestamp with time zone,interval)',
    'effcap.fcr_trans(internal,bigint,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_trans(internal,text,text,timestamp with time zone,interval)',
    'effcap.fcr_trans(internal,text,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_trans(internal,text,timestamp with time zone,interval)',
    'effcap.fcr_trans(internal,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_trans(internal,uuid,text,timestamp with time zone,interval)',
    'effcap.fcr_trans(internal,uuid,text,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.fcr_trans(internal,uuid,timestamp with time zone,interval)',
    'effcap.fcr_trans(internal,uuid,timestamp with time zone,interval,timestamp with time zone)',
    'effcap.first_contact_resolved(timestamp with time zone,interval)',
    'effcap.first_contact_resolved(timestamp with time zone,interval,timestamp with time zone)',
    'effcap.is_repeat(timestamp with time zone,interval)',
    'effcap.kpi_breakdown(effcap.kpi_score)',
    'effcap.kpi_combine(effcap.kpi_inputs,effcap.kpi_inputs)',
    'effcap.kpi_dimensions(effcap.kpi_score)',
    'effcap.kpi_final(effcap.kpi_inputs)',
    'effcap.kpi_inputs_in(cstring)',
    'effcap.kpi_inputs_out(effcap.kpi_inputs)',
    'effcap.kpi_inputs_recv(internal)',
    'effcap.kpi_inputs_send(effcap.kpi_inputs)',
    'effcap.kpi_score(jsonb)',
    'effcap.kpi_score(jsonb,jsonb)',
    'effcap.kpi_trans(effcap.kpi_inputs,text,double precision)',
    'effcap.kpi_trans(effcap.kpi_inputs,text,double precision,jsonb)',
    'effcap.nps(integer)',
    'effcap.nps_final(bigint[])',
    'effcap.nps_inv(bigint[],integer)',
    'effcap.nps_trans(bigint[],integer)',
    'effcap.rollup(effcap.capacity_summary)',
    'effcap.service_level(double precision,boolean,double precision)',
    'effcap.service_level(double precision,boolean,double precision,text)',
    'effcap.service_level_final(bigint[])',
    'effcap.service_level_inv(bigint[],double precision,boolean,double precision)',
    'effcap.service_level_inv(bigint[],double precision,boolean,double precision,text)',
    'effcap.service_level_trans(bigint[],double precision,boolean,double precision)',
    'effcap.service_level_trans(bigint[],double precision,boolean,double precision,text)',
    'effcap.validate_capacity_rules(jsonb)',
    'effcap.validate_scorecard(jsonb)'
], 'the extension declares exactly the documented functions');

SELECT is_empty($$SELECT sig FROM ext_functions WHERE provolatile <> 'i'$$, 'every function is IMMUTABLE');
SELECT is_empty($$SELECT sig FROM ext_functions WHERE proparallel <> 's'$$, 'every function is PARALLEL SAFE');
SELECT is_empty($$SELECT sig FROM ext_functions WHERE obj_description(oid, 'pg_proc') IS NULL$$,
                'every function and aggregate has a comment');
SELECT is_empty($$SELECT t FROM unnest(ARRAY['effcap.capacity', 'effcap.capacity_summary',
                                             'effcap.kpi_score', 'effcap.kpi_inputs', 'effcap.fcr',
                                             'effcap.contact_summary', 'effcap.queue_summary']::regtype[]) t
                  WHERE obj_description(t, 'pg_type') IS NULL$$, 'every type has a comment');
SELECT is_empty($$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN ext_functions f ON f.oid = a.aggfnoid
                  WHERE a.aggcombinefn = 0$$, 'every aggregate has a combine function');
SELECT is_empty($$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN ext_functions f ON f.oid = a.aggfnoid
                  WHERE a.aggtranstype IN ('bigint[]'::regtype, 'double precision[]'::regtype)
                    AND (SELECT proisstrict FROM pg_proc WHERE oid = a.aggcombinefn) IS NOT TRUE$$,
                'array states have strict combine functions');
SELECT set_eq($$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN ext_functions f ON f.oid = a.aggfnoid
                WHERE a.aggtranstype = 'internal'::regtype$$,
              ARRAY['effcap.fcr_rate(bigint,text,timestamp with time zone,interval)',
                    'effcap.fcr_rate(bigint,text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_rate(bigint,timestamp with time zone,interval)',
                    'effcap.fcr_rate(bigint,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_rate(text,text,timestamp with time zone,interval)',
                    'effcap.fcr_rate(text,text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_rate(text,timestamp with time zone,interval)',
                    'effcap.fcr_rate(text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_rate(uuid,text,timestamp with time zone,interval)',
                    'effcap.fcr_rate(uuid,text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_rate(uuid,timestamp with time zone,interval)',
                    'effcap.fcr_rate(uuid,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_stats(bigint,text,timestamp with time zone,interval)',
                    'effcap.fcr_stats(bigint,text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_stats(bigint,timestamp with time zone,interval)',
                    'effcap.fcr_stats(bigint,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_stats(text,text,timestamp with time zone,interval)',
                    'effcap.fcr_stats(text,text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_stats(text,timestamp with time zone,interval)',
                    'effcap.fcr_stats(text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_stats(uuid,text,timestamp with time zone,interval)',
                    'effcap.fcr_stats(uuid,text,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.fcr_stats(uuid,timestamp with time zone,interval)',
                    'effcap.fcr_stats(uuid,timestamp with time zone,interval,timestamp with time zone)',
                    'effcap.queue_summary(double precision,boolean,double precision)',
                    'effcap.rollup(effcap.queue_summary)'],
              'only the FCR aggregates (a state that grows with the contacts) and the queue summary (a hash table of histogram counts) keep an internal state');
SELECT is_empty($$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN ext_functions f ON f.oid = a.aggfnoid
                  WHERE a.aggtranstype = 'internal'::regtype AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)$$,
                'internal states have serialize and deserialize functions');
SELECT set_eq($$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN ext_functions f ON f.oid = a.aggfnoid
                WHERE a.aggminvtransfn <> 0$$,
              ARRAY['effcap.aht_compliance(double precision,double precision,integer)',
                    'effcap.capacity_summary(text,boolean,boolean,boolean,text)',
                    'effcap.contact_stats(double precision,boolean,double precision)',
                    'effcap.contact_stats(double precision,boolean,double precision,jsonb)',
                    'effcap.csat(integer)',
                    'effcap.csat(integer,integer)',
                    'effcap.effective_capacity(text,boolean,boolean,boolean,text)',
                    'effcap.effective_capacity(text,boolean,boolean,boolean,text,jsonb)',
                    'effcap.fcr_rate(boolean)',
                    'effcap.fcr_stats(boolean)',
                    'effcap.nps(integer)',
                    'effcap.queue_summary(double precision,boolean,double precision)',
                    'effcap.rollup(effcap.capacity_summary)',
                    'effcap.rollup(effcap.queue_summary)',
                    'effcap.service_level(double precision,boolean,double precision)',
                    'effcap.service_level(double precision,boolean,double precision,text)'],
              'the counting aggregates have a moving-aggregate mode');
SELECT is_empty($$SELECT a.aggfnoid::regprocedure::text FROM pg_aggregate a JOIN ext_functions f ON f.oid = a.aggfnoid
                  WHERE a.aggfinalmodify <> 'r' OR (a.aggmfinalfn <> 0 AND a.aggmfinalmodify <> 'r')$$,
                'every aggregate can run over window frames (its final functions are read-only)');
SELECT is_empty($$SELECT sig FROM ext_functions WHERE sig ~ '_(combine|subtract)\(' AND sig !~ 'internal'
                  AND NOT proisstrict$$,
                'combine functions of SQL state types are strict (PostgreSQL copies the first state)');
SELECT set_eq($$SELECT sig FROM ext_functions WHERE sig ~ '^effcap\.(csat|nps)_(trans|inv)\('
                AND proisstrict$$,
              ARRAY['effcap.csat_trans(bigint[],integer)', 'effcap.csat_inv(bigint[],integer)',
                    'effcap.nps_trans(bigint[],integer)', 'effcap.nps_inv(bigint[],integer)'],
              'one-argument csat and nps skip NULL scores by strictness (the scale form checks its scale)');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'effcap'), '0.6.0', 'version 0.6.0');
SELECT is((SELECT nspname::text FROM pg_namespace n JOIN pg_extension e ON e.extnamespace = n.oid
           WHERE extname = 'effcap'), 'effcap', 'everything lives in schema effcap');

SELECT * FROM finish();
ROLLBACK;
