#!/usr/bin/env perl
# Readers see stored summaries whole while a refresh runs: 8 pgbench
# clients read agent-day queue summaries (rolled up over every agent) and
# a materialized view of agent-months refreshed concurrently, while one
# session adds a day at a time to every agent by the incremental upsert
# and then refreshes the view.  Each day adds the same number of contacts,
# so a read is right only if its total is that of some whole number of
# days: a read that saw part of a refresh fails its transaction (a
# division by zero).  Runs against the server in the PG* environment.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

plan skip_all => 'no server in the environment (PGHOST)' unless $ENV{PGHOST};

my $dir = tempdir(CLEANUP => 1);
chmod 0755, $dir;
my $db = 'effcap_concurrency';
my $pg_config = $ENV{PG_CONFIG} || '/usr/lib/postgresql/15/bin/pg_config';
my $bindir = `$pg_config --bindir`;
chomp $bindir;
my $pgbench = "$bindir/pgbench";
plan skip_all => "no pgbench at $pgbench" unless -x $pgbench;

sub psql {
    my ($sql, %opt) = @_;
    open(my $fh, '>', "$dir/q.sql") or die;
    print $fh $sql;
    close $fh;
    my $out = `psql -X -q -A -t -v ON_ERROR_STOP=1 -d @{[$opt{db} // $db]} -f $dir/q.sql 2>&1`;
    die "psql failed: $out" if $?;
    chomp $out;
    return $out;
}

my $days = 12;		# refreshed one by one while the readers read
my $agents = 20;
my $per_agent_day = 50;
psql("DROP DATABASE IF EXISTS $db; CREATE DATABASE $db;", db => 'postgres');
psql(<<"SQL");
CREATE EXTENSION effcap;
CREATE TABLE contacts AS
SELECT a AS agent, d AS day, (a * 7 + d * 3 + c) % 61 + 0.5 * (c % 2) AS wait, c % 9 <> 0 AS answered,
       60 + (a * 13 + c * 11) % 600 AS handle
FROM generate_series(1, $agents) a, generate_series(0, $days) d, generate_series(1, $per_agent_day) c;
CREATE TABLE agent_day (agent int PRIMARY KEY, summary effcap.queue_summary NOT NULL);
INSERT INTO agent_day
SELECT agent, effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) FROM contacts WHERE day = 0 GROUP BY agent;
CREATE MATERIALIZED VIEW agent_month AS SELECT agent, summary FROM agent_day;
CREATE UNIQUE INDEX ON agent_month (agent);
SQL

# A read is whole when its total of offered contacts is a whole number of
# days of every agent (agents x contacts a day per day).
my $unit = $agents * $per_agent_day;
open(my $script, '>', "$dir/read.sql") or die;
print $script <<"SQL";
SELECT 1 / (((effcap.contact_stats(effcap.rollup(summary))).offered % $unit = 0)::int) FROM agent_day;
SELECT 1 / ((sum((effcap.contact_stats(summary)).offered) % $unit = 0)::int) FROM agent_month;
SELECT 1 / (((effcap.contact_stats(s)).offered % $unit = 0)::int)
FROM (SELECT effcap.rollup(summary) AS s FROM agent_month) x;
SQL
close $script;

# The refresh: each day upserted into every agent in one transaction, then
# the view refreshed concurrently.
open(my $refresh, '>', "$dir/refresh.sql") or die;
for my $d (1 .. $days) {
    print $refresh <<"SQL";
INSERT INTO agent_day
SELECT agent, effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) FROM contacts WHERE day = $d GROUP BY agent
ON CONFLICT (agent) DO UPDATE SET summary = effcap.merge(agent_day.summary, excluded.summary);
REFRESH MATERIALIZED VIEW CONCURRENTLY agent_month;
SELECT pg_sleep(0.2);
SQL
}
close $refresh;

my $bench = fork();
if ($bench == 0) {
    exec("$pgbench -n -c 8 -j 2 -T 8 -f $dir/read.sql -d $db >$dir/bench.out 2>&1");
}
sleep 1;
my $ok = system("psql -X -q -v ON_ERROR_STOP=1 -d $db -f $dir/refresh.sql >$dir/refresh.out 2>&1") == 0;
waitpid($bench, 0);
my $bench_status = $? >> 8;
my $bench_out = do { local (@ARGV, $/) = ("$dir/bench.out"); <> };
ok($ok, "the refresh ran its $days days while the readers read") or diag(`cat $dir/refresh.out`);
is($bench_status, 0, 'pgbench: 8 clients, no failed transaction') or diag($bench_out);
my ($done) = $bench_out =~ /number of transactions actually processed: (\d+)/;
cmp_ok($done // 0, '>', 100, 'the readers read while the refresh ran');
unlike($bench_out, qr/number of failed transactions: [1-9]/, 'no read saw part of a refresh') or diag($bench_out);

# And the result is the full recompute.
is(psql(<<'SQL'), "t\nt", 'the kept table and the view equal a full recompute');
SELECT bool_and(k.summary::text = f.summary::text) FROM agent_day k
JOIN (SELECT agent, effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) AS summary
      FROM contacts GROUP BY agent) f USING (agent);
SELECT bool_and(k.summary::text = m.summary::text) FROM agent_day k JOIN agent_month m USING (agent);
SQL

psql("DROP DATABASE $db;", db => 'postgres');
done_testing();
