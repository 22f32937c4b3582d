-- Included by pgTAP files (\ir lib/fuzz_binary.sql): fuzz the binary input
-- of a summary type through COPY (FORMAT binary).  Each case mutates a
-- valid send() output (a byte changed, the tail cut, four bytes inserted);
-- a case is accepted only if the value read back round-trips through text
-- and send(), refused with one of the input errors, or counted bad.
CREATE FUNCTION pg_temp.fuzz_binary(typ regtype, seeds bytea[], n int)
RETURNS TABLE (accepted int, refused int, bad int) LANGUAGE plpgsql AS $$
DECLARE
    b bytea;
    pos int;
    lo oid;
    ok boolean;
BEGIN
    accepted := 0; refused := 0; bad := 0;
    EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS fuzz_recv (s %s)', typ);
    FOR i IN 1..n LOOP
        b := seeds[1 + floor(random() * array_length(seeds, 1))::int];
        FOR j IN 1..1 + floor(random() * 3)::int LOOP
            pos := floor(random() * length(b))::int;
            b := CASE WHEN length(b) = 0 THEN '\x01'::bytea
                 WHEN random() < 1.0 / 3 THEN set_byte(b, pos, floor(random() * 256)::int)
                 WHEN random() < 0.5 THEN substr(b, 1, pos)
                 ELSE substr(b, 1, pos) || int4send(floor(random() * 200)::int - 100) || substr(b, pos + 1) END;
        END LOOP;
        lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                               || '\x0001'::bytea || int4send(length(b)) || b || '\xffff'::bytea);
        PERFORM lo_export(lo, '/tmp/effcap_fuzz_binary.bin');
        PERFORM lo_unlink(lo);
        BEGIN
            TRUNCATE fuzz_recv;
            COPY fuzz_recv FROM '/tmp/effcap_fuzz_binary.bin' (FORMAT binary);
            EXECUTE format('SELECT bool_and(s::text::%1$s::text = s::text AND %2$s(s) IS NOT NULL) FROM fuzz_recv',
                           typ, (SELECT typsend FROM pg_type WHERE oid = typ)) INTO ok;
            IF ok THEN
                accepted := accepted + 1;
            ELSE
                bad := bad + 1;
            END IF;
        EXCEPTION WHEN data_exception OR invalid_parameter_value OR program_limit_exceeded
                       OR string_data_right_truncation OR invalid_text_representation
                       OR invalid_binary_representation OR protocol_violation
                       OR character_not_in_repertoire OR untranslatable_character THEN
            refused := refused + 1;
        END;
    END LOOP;
    EXECUTE 'DROP TABLE fuzz_recv';
    RETURN NEXT;
END $$;
