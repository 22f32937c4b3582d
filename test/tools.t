#!/usr/bin/env perl
# The test runner counts pg_regress's results in the output of PostgreSQL 15
# and in the TAP-style output of PostgreSQL 16 and later; the version
# matrix finds in a server log what no client sees.
use strict;
use warnings;
use FindBin;
use Test::More;

chdir "$FindBin::Bin/.." or die;

# Run a tool on text written to a file: its output and exit status.
sub run_on {
    my ($tool, $text) = @_;
    my $file = "/tmp/effcap-tools-t.$$";
    open(my $fh, '>', $file) or die "$file: $!";
    print $fh $text;
    close $fh;
    my $out = `$tool $file`;
    my $status = $? >> 8;
    unlink $file;
    chomp $out;
    return ($out, $status);
}

sub count { return (run_on('tools/count-regress.sh', $_[0]))[0]; }

is(count(<<'OUT'), '3 1', 'PostgreSQL 15: three ok, one FAILED');
============== running regression test queries        ==============
test setup                        ... ok           66 ms
test capacity                     ... FAILED      120 ms
parallel group (2 tests):  fcr_window fcr_aggregate
     fcr_window                   ... ok           70 ms
     fcr_aggregate                ... ok          862 ms
OUT

is(count(<<'OUT'), '3 2', 'PostgreSQL 16 and later: TAP lines, serial and parallel');
# using postmaster on /tmp/effcap-sock.x, port 55432
ok 1         - setup                                      66 ms
not ok 2     - capacity                                  120 ms
# parallel group (3 tests):  fcr_window fcr_aggregate contact_stats
ok 3         + fcr_window                                 70 ms
not ok 4     + fcr_aggregate                             862 ms
ok 5         + contact_stats                             601 ms
1..5
# 2 of 5 tests failed.
OUT

is(count("no tests ran\n"), '0 0', 'nothing counted in other output');
# Every pg_regress file runs in make test: listed in REGRESS, with its expected output.
my $makefile = do { local (@ARGV, $/) = ('Makefile'); <> };
my ($regress) = $makefile =~ /^REGRESS\s*=\s*((?:.*\\\n)*.*)$/m;
$regress =~ s/\\\n/ /g;
my %listed = map { $_ => 1 } split ' ', $regress;
my @files = map { m{sql/(.*)\.sql$} ? $1 : () } glob('sql/*.sql');
is_deeply([sort keys %listed], [sort @files], 'REGRESS lists every sql/*.sql file');
ok(!(grep { !-f "expected/$_.out" } @files), 'every sql/*.sql file has an expected/*.out');
# tools/server-log-check.sh: 0 for a clean log, 1 for each kind of failure.
sub log_check { return (run_on('tools/server-log-check.sh', $_[0]))[1]; }
my $clean = "2026-12-02 17:00:00 UTC [1] LOG:  database system is ready to accept connections\n"
    . "2026-12-02 17:00:01 UTC [2] ERROR:  corrupt queue_summary value: truncated histogram\n";
is(log_check($clean), 0, 'server log: ERRORs of the tests are not failures');
is(log_check($clean . "LOG:  server process (PID 7) was terminated by signal 9: Killed\n"), 0,
   'server log: a backend killed by SIGKILL (test/crash.t) is not a failure');
for my $line (
    "TRAP: failed Assert(\"n > 0\"), File: \"summary.c\", Line: 10, PID: 7",
    "==7==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011",
    "WARNING:  detected write past chunk end in ExecutorState 0x55d0",
    "WARNING:  problem in alloc set ExecutorState: detected write past chunk end",
    "LOG:  server process (PID 7) was terminated by signal 6: Aborted",
    "PANIC:  could not write to file") {
    is(log_check($clean . $line . "\n"), 1, "server log: found '" . substr($line, 0, 30) . "'");
}

done_testing();
