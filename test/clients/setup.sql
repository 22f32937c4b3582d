-- The database the client suites (test/clients) query: a small reference
-- warehouse with its stored summaries and BI views, and one table per
-- summary type for the round trips (row 0 holds a stored value; the suites
-- write copies under other ids).  Run from the repository's top directory.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION effcap;
\i warehouse/schema.sql
SELECT warehouse.generate(24, 14, 20, 5);
\i warehouse/summaries.sql
\i warehouse/bi.sql

CREATE TABLE warehouse.rt_queue_summary (id int PRIMARY KEY, s effcap.queue_summary);
INSERT INTO warehouse.rt_queue_summary SELECT 0, effcap.rollup(summary) FROM warehouse.agent_day_queue WHERE agent_id = 1;
CREATE TABLE warehouse.rt_survey_summary (id int PRIMARY KEY, s effcap.survey_summary);
INSERT INTO warehouse.rt_survey_summary SELECT 0, effcap.rollup(summary) FROM warehouse.agent_day_survey WHERE agent_id = 1;
CREATE TABLE warehouse.rt_capacity_summary (id int PRIMARY KEY, s effcap.capacity_summary);
INSERT INTO warehouse.rt_capacity_summary SELECT 0, effcap.rollup(summary) FROM warehouse.agent_day_capacity WHERE agent_id = 1;
CREATE TABLE warehouse.rt_handle_summary (id int PRIMARY KEY, s effcap.handle_summary);
INSERT INTO warehouse.rt_handle_summary
SELECT 0, effcap.handle_summary(work_type, handle_seconds) FROM warehouse.contacts WHERE answered AND agent_id = 1;
CREATE TABLE warehouse.rt_sla_summary (id int PRIMARY KEY, s effcap.sla_summary);
INSERT INTO warehouse.rt_sla_summary
SELECT 0, effcap.sla_summary(class, opened_at, responded_at, closed_at, escalated, warehouse.sla_rules(), '2026-10-15 00:00+00')
FROM warehouse.work_items;
