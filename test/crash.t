#!/usr/bin/env perl
# A backend killed (SIGKILL) in the middle of a refresh of stored summaries
# leaves the server to recover on its own and the summaries as they were:
# the incremental upsert of the night, and a concurrent refresh of a
# materialized view, each killed before it commits.  Runs against the
# server in the PG* environment (tools/run-tests.sh) when this process may
# signal the server's processes (root, or the user the server runs as).
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use Time::HiRes qw(sleep time);

plan skip_all => 'no server in the environment (PGHOST)' unless $ENV{PGHOST};

my $dir = tempdir(CLEANUP => 1);
chmod 0755, $dir;
my $db = 'effcap_crash';

sub psql {
    my ($sql, %opt) = @_;
    open(my $fh, '>', "$dir/q.sql") or die;
    print $fh $sql;
    close $fh;
    my $d = $opt{db} // $db;
    my $out = `psql -X -q -A -t -v ON_ERROR_STOP=1 -d $d -f $dir/q.sql 2>&1`;
    die "psql failed: $out" if $? && !$opt{may_fail};
    chomp $out;
    return $out;
}

# The server's processes must be ours to signal.
my $checkpointer = psql("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'", db => 'postgres');
plan skip_all => 'the server runs as another user' unless $checkpointer && kill(0, $checkpointer);

psql("DROP DATABASE IF EXISTS $db; CREATE DATABASE $db;", db => 'postgres');
psql(<<'SQL');
CREATE EXTENSION effcap;
CREATE TABLE contacts AS
SELECT g, 1 + g % 40 AS agent, date '2026-11-01' + (g % 30) AS day, (g * 7 % 61)::float8 AS wait,
       g % 8 <> 0 AS answered, 60 + (g * 13 % 600)::float8 AS handle
FROM generate_series(1, 60000) g;
CREATE TABLE agent_day (agent int, day date, summary effcap.queue_summary, PRIMARY KEY (agent, day));
INSERT INTO agent_day
SELECT agent, day, effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) FROM contacts GROUP BY 1, 2;
CREATE MATERIALIZED VIEW agent_month AS
SELECT agent, effcap.rollup(summary) AS summary FROM agent_day GROUP BY agent;
CREATE UNIQUE INDEX ON agent_month (agent);
SQL

my $fingerprint = <<'SQL';
SELECT md5(string_agg(format('%s|%s|%s', agent, day, summary), ';' ORDER BY agent, day)) FROM agent_day;
SELECT md5(string_agg(format('%s|%s|%s', agent, summary, effcap.service_level(summary, 20)), ';' ORDER BY agent)) FROM agent_month;
SQL
my $before = psql($fingerprint);

# Run SQL in the background under a name, wait until it is at its pg_sleep,
# kill its backend with SIGKILL, and wait for the server to take queries
# again.  Returns how many seconds recovery took.
sub kill_during {
    my ($name, $sql) = @_;
    open(my $fh, '>', "$dir/$name.sql") or die;
    print $fh $sql;
    close $fh;
    my $child = fork();
    if ($child == 0) {
        $ENV{PGAPPNAME} = $name;
        exec("psql -X -q -d $db -f $dir/$name.sql >$dir/$name.out 2>&1");
    }
    my $pid;
    for (1 .. 600) {
        $pid = `psql -X -A -t -d postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$name' AND wait_event = 'PgSleep'" 2>/dev/null`;
        chomp $pid;
        last if $pid;
        sleep 0.05;
    }
    die "$name never reached its pg_sleep" unless $pid;
    kill 'KILL', $pid or die "cannot signal $pid: $!";
    waitpid($child, 0);
    my $start = time;
    for (1 .. 600) {
        last if system("psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1") == 0;
        sleep 0.1;
    }
    return time - $start;
}

# The incremental upsert, killed after it wrote, before it commits.
my $recovery = kill_during('effcap_crash_upsert', <<'SQL');
BEGIN;
INSERT INTO agent_day
SELECT agent, day, effcap.queue_summary(wait * 2, answered, CASE WHEN answered THEN handle END) FROM contacts GROUP BY 1, 2
ON CONFLICT (agent, day) DO UPDATE SET summary = effcap.merge(agent_day.summary, excluded.summary);
SELECT pg_sleep(60);
COMMIT;
SQL
cmp_ok($recovery, '<', 60, 'the server takes queries again after the killed upsert');
is(psql($fingerprint), $before, 'stored summaries as they were before the killed upsert');

# A concurrent refresh of the materialized view, killed in its transaction.
$recovery = kill_during('effcap_crash_refresh', <<'SQL');
BEGIN;
UPDATE agent_day SET summary = effcap.merge(summary, summary) WHERE agent = 1;
REFRESH MATERIALIZED VIEW CONCURRENTLY agent_month;
SELECT pg_sleep(60);
COMMIT;
SQL
cmp_ok($recovery, '<', 60, 'the server takes queries again after the killed refresh');
is(psql($fingerprint), $before, 'stored summaries and the materialized view as they were before the killed refresh');

# And the refresh, run again to its end, commits.
psql("UPDATE agent_day SET summary = effcap.merge(summary, summary) WHERE agent = 1;\n"
    . "REFRESH MATERIALIZED VIEW CONCURRENTLY agent_month;");
isnt(psql($fingerprint), $before, 'a refresh that is not killed changes them');

psql("DROP DATABASE $db;", db => 'postgres');
done_testing();
