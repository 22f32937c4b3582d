-- The install scripts.  pg_regress created the current version
-- (--load-extension), from install/current/*.sql.  Its catalog must be the
-- one that walking every upgrade step from 0.1.0 gives: same functions with
-- the same arguments, results, C symbols, volatility, strictness and
-- parallel safety; same aggregates with every support function; same types;
-- same comments.  The tests that follow run on the walked chain.
CREATE FUNCTION pg_temp.effcap_catalog() RETURNS TABLE (object text, definition text) LANGUAGE sql AS $$
    WITH ext AS (
        SELECT d.classid, d.objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
        WHERE e.extname = 'effcap' AND d.deptype = 'e'
    )
    SELECT 'function ' || p.oid::regprocedure::text,
           concat_ws(' | ', pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), p.prosrc,
                     p.probin, p.provolatile, p.proisstrict, p.proparallel, p.prokind, p.proretset,
                     obj_description(p.oid, 'pg_proc'))
    FROM pg_proc p JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = p.oid
    UNION ALL
    SELECT 'aggregate ' || a.aggfnoid::regprocedure::text,
           concat_ws(' | ', a.aggkind, a.aggnumdirectargs, a.aggtransfn::regprocedure, a.aggfinalfn::regprocedure,
                     a.aggcombinefn::regprocedure, a.aggserialfn::regprocedure, a.aggdeserialfn::regprocedure,
                     a.aggmtransfn::regprocedure, a.aggminvtransfn::regprocedure, a.aggmfinalfn::regprocedure,
                     a.aggfinalextra, a.aggmfinalextra, a.aggfinalmodify, a.aggmfinalmodify, a.aggsortop,
                     a.aggtranstype::regtype, a.aggtransspace, a.aggmtranstype::regtype, a.aggmtransspace,
                     a.agginitval, a.aggminitval)
    FROM pg_aggregate a JOIN ext ON ext.classid = 'pg_proc'::regclass AND ext.objid = a.aggfnoid
    UNION ALL
    SELECT 'type ' || t.oid::regtype::text,
           concat_ws(' | ', t.typtype, t.typinput::regprocedure, t.typoutput::regprocedure,
                     t.typreceive::regprocedure, t.typsend::regprocedure, t.typlen, t.typalign, t.typstorage,
                     (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                      FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0),
                     obj_description(t.oid, 'pg_type'))
    FROM pg_type t JOIN ext ON ext.classid = 'pg_type'::regclass AND ext.objid = t.oid
    -- the types made, not their array types (members too in PostgreSQL 18)
    WHERE t.typcategory <> 'A'
    UNION ALL
    SELECT 'schema ' || n.nspname, n.nspacl::text
    FROM pg_namespace n JOIN pg_extension e ON e.extnamespace = n.oid WHERE e.extname = 'effcap'
$$;
CREATE TEMP TABLE fresh_catalog AS SELECT * FROM pg_temp.effcap_catalog();
SELECT split_part(object, ' ', 1) AS kind, count(*) FROM fresh_catalog GROUP BY 1 ORDER BY 1;

-- Install the oldest version instead and walk every upgrade step.
DROP EXTENSION effcap;
CREATE EXTENSION effcap VERSION '0.1.0';
ALTER EXTENSION effcap UPDATE TO '0.2.0';
ALTER EXTENSION effcap UPDATE TO '0.3.0';
ALTER EXTENSION effcap UPDATE TO '0.4.0';
ALTER EXTENSION effcap UPDATE TO '0.5.0';
ALTER EXTENSION effcap UPDATE TO '0.6.0';
SELECT extversion FROM pg_extension WHERE extname = 'effcap';

-- Nothing the fresh install has that the chain lacks, and the reverse.
SELECT 'fresh only' AS side, * FROM (SELECT * FROM fresh_catalog EXCEPT SELECT * FROM pg_temp.effcap_catalog()) x
UNION ALL
SELECT 'chain only', * FROM (SELECT * FROM pg_temp.effcap_catalog() EXCEPT SELECT * FROM fresh_catalog) y
ORDER BY 2, 1;
DROP TABLE fresh_catalog;
