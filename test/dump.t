#!/usr/bin/env perl
# A database holding every summary type, in tables and in a materialized
# view over them, survives pg_dump and pg_restore (custom format), and a
# binary-format COPY round trip: the text form of every stored value, and
# the numbers read from them, are the same afterwards.  Runs against the
# server in the PG* environment (tools/run-tests.sh); skipped without one.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

plan skip_all => 'no server in the environment (PGHOST)' unless $ENV{PGHOST};

my $dir = tempdir(CLEANUP => 1);
chmod 0755, $dir;
my ($src, $dst) = ('effcap_dump_src', 'effcap_dump_dst');

sub psql {
    my ($db, $sql) = @_;
    open(my $fh, '>', "$dir/q.sql") or die;
    print $fh $sql;
    close $fh;
    my $out = `psql -X -q -A -t -v ON_ERROR_STOP=1 -d $db -f $dir/q.sql 2>&1`;
    die "psql failed: $out" if $?;
    chomp $out;
    return $out;
}

psql('postgres', "DROP DATABASE IF EXISTS $src; DROP DATABASE IF EXISTS $dst; CREATE DATABASE $src; CREATE DATABASE $dst;");
psql($src, <<'SQL');
CREATE EXTENSION effcap;
CREATE TABLE rows AS
SELECT g, 1 + g % 5 AS agent, (ARRAY['inbound', 'ticket', 'complaint'])[1 + g % 3] AS wt,
       (g * 7 % 61)::float8 + CASE WHEN g % 4 = 0 THEN 0.5 ELSE 0 END AS wait, g % 8 <> 0 AS answered,
       60 + (g * 13 % 600)::float8 AS handle, 1 + g % 5 AS csat, g % 11 AS nps
FROM generate_series(1, 400) g;
CREATE TABLE stored AS
SELECT agent,
       effcap.capacity_summary(wt, g % 4 = 0, g % 9 = 0, g % 5 = 0, CASE WHEN g % 7 = 0 THEN 'A' END) AS capacity,
       effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) AS queue,
       effcap.survey_summary(csat, nps, CASE WHEN g % 2 = 0 THEN 'phone' ELSE 'chat' END) AS survey,
       effcap.handle_summary(wt, handle) AS handle
FROM rows GROUP BY agent;
CREATE TABLE kpi AS
SELECT 1 AS id, effcap.kpi_trans(effcap.kpi_trans(NULL, 'qa_avg', 81.5, effcap.default_center_scorecard()), 'answer_rate', 0.9,
                                 effcap.default_center_scorecard()) AS inputs;
CREATE MATERIALIZED VIEW report AS
SELECT agent, (effcap.effective_capacity(capacity)).effective, effcap.service_level(queue, 20) AS sl,
       effcap.csat(survey) AS csat, effcap.aht_compliance(handle, '{"inbound": 300, "ticket": 400, "complaint": 500}', 2) AS aht,
       queue AS kept
FROM stored;
SQL

# Everything the database holds, as text: stored values, what they read.
my $fingerprint = <<'SQL';
SELECT md5(string_agg(format('%s|%s|%s|%s|%s', agent, capacity, queue, survey, handle), ';' ORDER BY agent)) FROM stored;
SELECT md5(string_agg(format('%s|%s|%s|%s|%s|%s', agent, effective, sl, csat, aht, kept), ';' ORDER BY agent)) FROM report;
SELECT md5(inputs::text) FROM kpi;
SELECT md5(format('%s|%s|%s', (effcap.effective_capacity(c)).effective, effcap.contact_stats(q)::text, effcap.nps(s)))
FROM (SELECT effcap.rollup(capacity) AS c, effcap.rollup(queue) AS q, effcap.rollup(survey) AS s FROM stored) x;
SQL
my $before = psql($src, $fingerprint);
is(scalar(split /\n/, $before), 4, 'four fingerprints of the source database');

system("pg_dump -Fc -f $dir/db.dump $src") == 0 or die 'pg_dump failed';
my $restore = `pg_restore -d $dst $dir/db.dump 2>&1`;
is($?, 0, 'pg_restore succeeds') or diag($restore);
is(psql($dst, $fingerprint), $before, 'after pg_dump and pg_restore: the same stored values, read the same');

# Binary COPY out of the restored database and into fresh tables.
psql($dst, "\\copy stored TO '$dir/stored.bin' WITH (FORMAT binary)\n\\copy kpi TO '$dir/kpi.bin' WITH (FORMAT binary)");
psql($dst, "CREATE TABLE stored2 (LIKE stored); CREATE TABLE kpi2 (LIKE kpi);\n"
    . "\\copy stored2 FROM '$dir/stored.bin' WITH (FORMAT binary)\n\\copy kpi2 FROM '$dir/kpi.bin' WITH (FORMAT binary)");
is(psql($dst, 'SELECT count(*) FROM (SELECT agent, capacity::text, queue::text, survey::text, handle::text FROM stored EXCEPT SELECT agent, capacity::text, queue::text, survey::text, handle::text FROM stored2) a; '
        . 'SELECT count(*) FROM stored2; SELECT (SELECT inputs::text FROM kpi) = (SELECT inputs::text FROM kpi2)'),
   "0\n5\nt", 'binary COPY round trip: five rows of every summary type, none differ; kpi_inputs the same');

psql('postgres', "DROP DATABASE $src; DROP DATABASE $dst;");
done_testing();
