#!/usr/bin/env perl
# The test runner counts pg_regress's results in the output of PostgreSQL 15
# and in the TAP-style output of PostgreSQL 16 and later.
use strict;
use warnings;
use FindBin;
use Test::More;

chdir "$FindBin::Bin/.." or die;

sub count {
    my ($text) = @_;
    my $file = "/tmp/effcap-regress-out.$$";
    open(my $fh, '>', $file) or die "$file: $!";
    print $fh $text;
    close $fh;
    my $line = `tools/count-regress.sh $file`;
    unlink $file;
    chomp $line;
    return $line;
}

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
done_testing();
