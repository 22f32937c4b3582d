#!/usr/bin/env perl
# The demo's SQL runs as written on a small reference warehouse, against the
# server in the PG* environment, and prints every section of the report.
use strict;
use warnings;
use FindBin;
use Test::More;

chdir "$FindBin::Bin/.." or die;

my $db = "effcap_demo_t";
$ENV{PGOPTIONS} = "-c client_min_messages=warning";
sub psql { my $out = `psql -X -q -v ON_ERROR_STOP=1 @_ 2>&1`; return ($?, $out); }

my ($status, $out) = psql("-d postgres -c 'DROP DATABASE IF EXISTS $db' -c 'CREATE DATABASE $db'");
is($status, 0, 'a fresh database') or diag($out);
($status, $out) = psql("-d $db -c 'CREATE EXTENSION effcap' -f warehouse/schema.sql -c 'SELECT warehouse.generate(96, 30, 30)'");
is($status, 0, 'the warehouse: 96 agents, 30 days') or diag($out);
($status, $out) = psql("-d $db -f warehouse/demo.sql");
is($status, 0, 'warehouse/demo.sql runs to the end') or diag($out);
for my $heading ('Teams per month', 'First-contact resolution by center', 'Sudden drops in handle time',
                 'SLA board of the month', 'Complaints closed within 3 days', 'Backlog at the end of the month',
                 'Answer rate at peak and off-peak hours', 'Complaints by center', 'Survey response rate by channel',
                 'Next month\'s teams', 'Commission of the month\'s top 10 sellers', 'Coaching list',
                 'Where the data lives') {
    like($out, qr/--- \Q$heading\E/, "the report has its section \"$heading\"");
}
like($out, qr/^ escalated_complaint \| /m, 'the SLA board has a row per class');
like($out, qr/^ \w+\s+\| peak\s+\|/m, 'answer rates per center and band');
like($out, qr/^ passive \| /m, 'response rates per channel');
like($out, qr/^ North\s+\|\s+\d+ \|\s+\d+ \| (\d+)-(\d+) /m, 'next month\'s teams per center with their sizes');
like($out, qr/^ .+ \| \d+\.\d\d \|\s+\d+ \|\s+[123] \|\s+[\d.]+ \|\s+[\d.]+ \|\s+\d+ \| (below|base|challenge)\s+\|/m,
     'the commission table: sales, bracket, both readings, team fund, target reached');
psql("-d postgres -c 'DROP DATABASE $db'");
done_testing();
