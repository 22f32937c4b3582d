#!/usr/bin/env perl
# A long FCR aggregate, FCR window function or summary build over millions
# of contacts stops within a second of statement_timeout or
# pg_cancel_backend, wherever in its work the cancel lands, and leaves the
# backend's memory as it was.  Each query first runs to the end twice (T
# is the faster of the two runs; after them every cache is warm and the
# backend's memory is the baseline); then it is cancelled by
# statement_timeout at 0.15 T, 0.35 T and 0.55 T, and once by
# pg_cancel_backend from another session at 0.5 T of the first of twenty
# runs.  The cancels land wherever the work is at the time:
# the scan, the final functions' sorts and merges, a window function
# reading a partition tied at one instant.
# Runs against the server in the PG* environment; EFFCAP_CANCEL_ONLY (a
# regular expression) picks queries by name.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;
use Time::HiRes qw(sleep time);

plan skip_all => 'no server in the environment (PGHOST)' unless $ENV{PGHOST};

my $dir = tempdir(CLEANUP => 1);
chmod 0755, $dir;
my $db = 'effcap_cancel';
my $contacts = 2_000_000;
my $allowed = 1.0;        # seconds from the cancel to the error
my $memory_slack = 256 * 1024;    # bytes a backend may keep after a cancel

sub psql {
    my ($sql, %opt) = @_;
    my $file = "$dir/q.sql";
    open(my $fh, '>', $file) or die;
    print $fh $sql;
    close $fh;
    my $stop = $opt{may_fail} ? '' : '-v ON_ERROR_STOP=1';
    my $out = `psql -X -q -A -t $stop -v VERBOSITY=verbose -d @{[$opt{db} // $db]} -f $file 2>&1`;
    die "psql failed: $out" if $? && !$opt{may_fail};
    chomp $out;
    return $out;
}

psql("DROP DATABASE IF EXISTS $db; CREATE DATABASE $db;", db => 'postgres');
psql(<<"SQL");
CREATE EXTENSION effcap;
-- 2M contacts of 400,000 customers over 30 days.
CREATE TABLE contacts AS
SELECT g, (g::bigint * 7919) % 400000 AS customer,
       timestamptz '2026-11-01 00:00+00' + (g::bigint * 104729 % 2592000) * interval '1 second' AS at
FROM generate_series(1, $contacts) g;
ANALYZE contacts;
SQL

my $serial = 'SET max_parallel_workers_per_gather = 0;';
my $parallel = 'SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; '
  . 'SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;';
my %queries = (
    'fcr_rate, bigint customers' =>
      [$serial, "SELECT effcap.fcr_rate(customer, at, interval '7 days') FROM contacts"],
    'fcr_stats, text customers' =>
      [$serial, "SELECT (effcap.fcr_stats(customer::text, at, interval '7 days')).contacts FROM contacts"],
    'fcr_rate in parallel (workers sort, the leader merges)' =>
      [$parallel, "SELECT effcap.fcr_rate(customer, at, interval '7 days') FROM contacts"],
    'first_contact_resolved over customers' =>
      [$serial, "SELECT count(*) FILTER (WHERE r) FROM (SELECT effcap.first_contact_resolved(at, interval '7 days') "
        . "OVER (PARTITION BY customer ORDER BY at) AS r FROM contacts) s"],
    'first_contact_resolved, 1M contacts tied at one instant' =>
      [$serial, "SELECT count(*) FILTER (WHERE r) FROM (SELECT effcap.first_contact_resolved(t, interval '7 days') "
        . "OVER (ORDER BY t) AS r FROM (SELECT timestamptz '2026-11-01 00:00+00' AS t FROM contacts WHERE g <= 1000000) c) s"],
    'queue_summary of 2M distinct waits' =>
      [$serial, "SELECT pg_column_size(effcap.queue_summary(g * 0.5, true, g::float8)) FROM contacts"],
);

my $memory = 'SELECT sum(total_bytes) FROM pg_backend_memory_contexts';

my $only = $ENV{EFFCAP_CANCEL_ONLY} // '';
for my $name (grep { /$only/ } sort keys %queries) {
    my ($settings, $query) = @{ $queries{$name} };

    # One session: the whole run, then three runs cut short by statement_timeout.
    my $script = <<"SQL";
$settings
SELECT clock_timestamp() AS t0 \\gset
$query;
SELECT round(1000 * extract(epoch FROM clock_timestamp() - :'t0'))::int AS first_ms \\gset
SELECT clock_timestamp() AS t0 \\gset
$query;
-- T: the faster of two whole runs (a slow moment of the machine must not
-- put a timeout past the end of a later run).
SELECT least(:first_ms, round(1000 * extract(epoch FROM clock_timestamp() - :'t0')))::int AS full_ms \\gset
SELECT 'full ' || :full_ms;
-- The statements around the cancelled runs below, once: what they bring
-- into the catalog caches (PostgreSQL 17 grows CacheMemoryContext by 512 kB
-- for them) belongs in the baseline.
SET statement_timeout = 0;
RESET statement_timeout;
SELECT 'warm ' || (extract(epoch FROM clock_timestamp() - :'t0') - 1 / 1000.0);
SELECT 'memory ' || ($memory);
SQL
    for my $f (0.15, 0.35, 0.55) {
        $script .= <<"SQL";
SELECT greatest(1, round($f * :full_ms))::int AS timeout_ms \\gset
SET statement_timeout = :timeout_ms;
SELECT clock_timestamp() AS t0 \\gset
$query;
RESET statement_timeout;
SELECT 'late $f ' || (extract(epoch FROM clock_timestamp() - :'t0') - :timeout_ms / 1000.0);
SELECT 'memory ' || ($memory);
SQL
    }
    my $out = psql($script, may_fail => 1);
    my ($full_ms) = $out =~ /^full (\d+)$/m or die "$name did not run to the end: $out";
    my ($baseline, @after) = $out =~ /^memory (\d+)$/mg;
    my @errors = $out =~ /ERROR:\s+(\w+): canceling statement due to statement timeout$/mg;
    is(scalar(@errors), 3, "$name (T = $full_ms ms): every timeout cancels it with SQLSTATE 57014")
      or diag($out);
    for my $f (0.15, 0.35, 0.55) {
        my ($late) = $out =~ /^late $f (-?[\d.]+)$/m;
        ok(defined $late && $late < $allowed,
            sprintf("%s: stops %.3f s after a timeout at %.2f T", $name, $late // -1, $f));
    }
    my $most = (sort { $b <=> $a } @after)[0] // 0;
    ok(@after == 3 && $most <= $baseline + $memory_slack,
        "$name: the backend holds $most bytes after the cancels, $baseline after the whole run");
    my $full = $full_ms / 1000;

    # pg_cancel_backend from another session, halfway through the first of
    # twenty runs of the query: on a loaded machine one run can take half
    # the time of another, and the cancel must still find one running (the
    # first error ends the script).
    my $app = "effcap_cancel_$$";
    open(my $fh, '>', "$dir/victim.sql") or die;
    print $fh "$settings\n" . "$query;\n" x 20;
    close $fh;
    my $child = fork();
    if ($child == 0) {
        $ENV{PGAPPNAME} = $app;
        exec("psql -X -q -v VERBOSITY=verbose -v ON_ERROR_STOP=1 -d $db -f $dir/victim.sql >$dir/victim.out 2>&1");
    }
    my $pid = '';
    for (1 .. 400) {
        $pid = psql("SELECT pid FROM pg_stat_activity WHERE application_name = '$app' AND state = 'active' AND backend_type = 'client backend'",
            db => 'postgres');
        last if $pid;
        sleep 0.01;
    }
    sleep($full / 2);
    my $sent = time;
    psql("SELECT pg_cancel_backend($pid)", db => 'postgres') if $pid;
    waitpid($child, 0);
    my $late = time - $sent;
    my $victim = do { local (@ARGV, $/) = "$dir/victim.out"; <> } // '';
    like($victim, qr/ERROR:\s+57014: canceling statement due to user request/,
        "$name: pg_cancel_backend cancels it") or diag($victim);
    ok($late < $allowed + 0.5, sprintf("%s: psql returns %.3f s after pg_cancel_backend", $name, $late));
}

psql("DROP DATABASE $db", db => 'postgres');
done_testing();
