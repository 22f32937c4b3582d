-- Included by pgTAP files (\ir lib/fuzz_stored.sql): fuzz what a summary
-- type reads from disk.  Each case damages a stored value as a bad page or
-- a bad restore would (one to three bits flipped, the tail cut, a random
-- byte inserted); reading it must refuse it with data_corrupted or give a
-- value that round-trips through text.  Anything else is counted bad.
-- SQL cannot write a summary's bytes: an internal function whose C code
-- copies any varlena (byteacat with an empty second argument) is declared
-- to return the type, as a superuser can.
-- seeds is a query giving good values of the type.
CREATE FUNCTION pg_temp.fuzz_stored(typ regtype, seeds text, n int)
RETURNS TABLE (accepted int, refused int, bad int) LANGUAGE plpgsql AS $$
DECLARE
    good bytea[];
    b bytea;
    pos int;
    bit int;
    ok boolean;
BEGIN
    accepted := 0; refused := 0; bad := 0;
    EXECUTE format('CREATE FUNCTION pg_temp.fuzz_as(bytea, bytea) RETURNS %s LANGUAGE internal IMMUTABLE STRICT AS ''byteacat''', typ);
    EXECUTE format('CREATE FUNCTION pg_temp.fuzz_raw(%s, bytea) RETURNS bytea LANGUAGE internal IMMUTABLE STRICT AS ''byteacat''', typ);
    EXECUTE format('SELECT array_agg(pg_temp.fuzz_raw(s, ''\x'')) FROM (%s) x(s)', seeds) INTO good;
    FOR i IN 1..n LOOP
        b := good[1 + floor(random() * array_length(good, 1))::int];
        pos := floor(random() * length(b))::int;
        IF random() < 0.8 THEN
            FOR j IN 1..1 + floor(random() * 3)::int LOOP
                bit := floor(random() * length(b) * 8)::int;
                b := set_bit(b, bit, 1 - get_bit(b, bit));
            END LOOP;
        ELSIF random() < 0.5 THEN
            b := substr(b, 1, pos);
        ELSE
            b := substr(b, 1, pos) || set_byte('\x00'::bytea, 0, floor(random() * 256)::int) || substr(b, pos + 1);
        END IF;
        BEGIN
            EXECUTE format('SELECT s::text::%1$s::text = s::text FROM (SELECT pg_temp.fuzz_as($1, ''\x'') AS s) x', typ)
                INTO ok USING b;
            IF ok THEN
                accepted := accepted + 1;
            ELSE
                bad := bad + 1;
            END IF;
        EXCEPTION WHEN data_corrupted THEN
            refused := refused + 1;
        END;
    END LOOP;
    EXECUTE format('DROP FUNCTION pg_temp.fuzz_raw(%s, bytea)', typ);
    DROP FUNCTION pg_temp.fuzz_as(bytea, bytea);
    RETURN NEXT;
END $$;

-- The pgTAP checks of a run: nothing bad, and at least min_refused of the
-- n cases refused (the rest accepted, at least one of them).
CREATE FUNCTION pg_temp.fuzz_stored_checks(typ regtype, seeds text, n int, min_refused int)
RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    SELECT * INTO r FROM pg_temp.fuzz_stored(typ, seeds, n);
    RETURN NEXT is(r.bad, 0, 'damaged stored values: nothing accepted that does not round-trip');
    RETURN NEXT ok(r.refused > min_refused AND r.accepted > 0 AND r.accepted + r.refused = n,
                   format('damaged stored values: %s cases, most refused as data_corrupted, none crash', n));
END $$;
