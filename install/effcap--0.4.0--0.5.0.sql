\echo Use "ALTER EXTENSION effcap UPDATE TO '0.5.0'" to load this file. \quit

-- effcap 0.5.0: performance, no change in results.
--
-- The one-argument csat() and nps() skip a NULL score, which is what a
-- strict transition function does; declared STRICT, the executor skips
-- those rows without calling the function at all (most contacts carry no
-- survey answer).  The initial state is not NULL, so no row is lost.
ALTER FUNCTION @extschema@.csat_trans(bigint[], integer) STRICT;
ALTER FUNCTION @extschema@.csat_inv(bigint[], integer) STRICT;
ALTER FUNCTION @extschema@.nps_trans(bigint[], integer) STRICT;
ALTER FUNCTION @extschema@.nps_inv(bigint[], integer) STRICT;
