-- pg_regress created the current version (--load-extension).  Install the
-- oldest version instead and walk every upgrade step, so the whole chain is
-- exercised by every test run that follows.
DROP EXTENSION effcap;
CREATE EXTENSION effcap VERSION '0.1.0';
ALTER EXTENSION effcap UPDATE TO '0.2.0';
ALTER EXTENSION effcap UPDATE TO '0.3.0';
ALTER EXTENSION effcap UPDATE TO '0.4.0';
ALTER EXTENSION effcap UPDATE TO '0.5.0';
ALTER EXTENSION effcap UPDATE TO '0.6.0';
SELECT extversion FROM pg_extension WHERE extname = 'effcap';
