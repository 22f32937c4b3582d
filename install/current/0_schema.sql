-- The schema: created by CREATE EXTENSION (effcap.control names it).  Every
-- role may use what is in it, as every role may call a built-in function:
-- effcap only computes from its arguments.  A trusted install (by a role
-- with CREATE on the database, not a superuser) makes the schema owned by
-- the bootstrap superuser, so without this even the installing role could
-- not call it.  REVOKE USAGE ON SCHEMA effcap FROM PUBLIC narrows it.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;

