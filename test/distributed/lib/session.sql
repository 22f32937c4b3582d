-- psql settings of every distributed test (pgTAP output only).
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset pager off
SET client_min_messages = warning;
SET TIME ZONE 'UTC';
