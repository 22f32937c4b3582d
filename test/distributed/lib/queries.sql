-- Helpers of the distributed tests (included by citus.sql and
-- postgres_fdw.sql).

-- The lines of a query's plan (EXPLAIN VERBOSE), as one text.
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END $$;

-- A query's rows as one text, "group=value" sorted by group.
CREATE FUNCTION pg_temp.rows_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    g text;
    v text;
    out text[] := '{}';
BEGIN
    FOR g, v IN EXECUTE q LOOP
        out := out || (coalesce(g, 'NULL') || '=' || coalesce(v, 'NULL'));
    END LOOP;
    RETURN array_to_string(ARRAY(SELECT x FROM unnest(out) x ORDER BY x), E'\n');
END $$;

