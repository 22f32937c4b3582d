#!/usr/bin/env perl
# doc/pipeline.md's pg_cron recipe, as written, with the real pg_cron
# (make test-cron: a cluster with shared_preload_libraries = 'pg_cron' and
# cron.database_name = effcap_cron).  The job is scheduled every minute
# instead of nightly; each wait for a run is bounded (150 s).
use strict;
use warnings;
use FindBin;
use Test::More;

chdir "$FindBin::Bin/../.." or die;
my $db = 'effcap_cron';
$ENV{PGOPTIONS} = '-c client_min_messages=warning';

sub psql {
	my ($sql, $dbname) = @_;
	open(my $fh, '-|', 'psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', $dbname // $db, '-c', $sql)
		or die "psql: $!";
	local $/;
	my $out = <$fh> // '';
	close($fh);
	$out =~ s/\s+\z//;
	return ($? == 0, $out);
}

# The SQL blocks of doc/pipeline.md's section "Scheduled with pg_cron".
open(my $doc, '<', 'doc/pipeline.md') or die;
my ($in, $on, @blocks, $block) = (0, 0);
while (<$doc>) {
	$in = 1 if /^## Scheduled with pg_cron/;
	$in = 0 if $in && /^## / && !/^## Scheduled with pg_cron/;
	next unless $in;
	if (/^```sql$/) { $on = 1; $block = ''; next; }
	if (/^```$/ && $on) { $on = 0; push @blocks, $block; next; }
	$block .= $_ if $on;
}
close($doc);
is(scalar @blocks, 2, 'the section has its recipe and its monitoring queries');
my ($recipe, $watch) = @blocks;
my ($schedule) = $recipe =~ /^(SELECT cron\.schedule\(.*\);)$/m;
ok($schedule, 'the recipe schedules the refresh');
$recipe =~ s/^\Q$schedule\E$//m;
$schedule =~ s/'15 2 \* \* \*'/'* * * * *'/ or die 'the schedule is not 15 2 * * *';

my ($st, $out) = psql("DROP DATABASE IF EXISTS $db", 'postgres');
($st, $out) = psql("CREATE DATABASE $db", 'postgres');
ok($st, 'a fresh database') or diag($out);
($st, $out) = psql('CREATE EXTENSION effcap; CREATE EXTENSION pg_cron;');
ok($st, 'CREATE EXTENSION effcap, pg_cron') or diag($out);
($st, $out) = psql($recipe);
ok($st, 'the recipe runs as written') or diag($out);

# A load: calls of 20 agents, days from $from for $days days, in batch $b.
sub load {
	my ($b, $from, $days, $salt) = @_;
	return psql(<<"SQL");
BEGIN;
INSERT INTO calls
SELECT $b, 1 + g % 20, timestamptz '$from' + (g % $days) * interval '1 day' + (g % 37) * interval '13 minutes',
       (g * $salt) % 61, (g * $salt) % 11 <> 0,
       CASE WHEN (g * $salt) % 11 <> 0 THEN 60 + (g * 7 * $salt) % 500 END,
       (ARRAY['inbound', 'inbound', 'outbound', 'complaint', 'ticket'])[1 + g % 5],
       (g * $salt) % 13 = 0, (g * $salt) % 17 = 0, (g * $salt) % 7 = 0,
       (ARRAY[NULL, NULL, NULL, 'A', 'B', 'C'])[1 + (g * $salt) % 6]
FROM generate_series(1, 3000) g;
INSERT INTO loads (batch) VALUES ($b);
COMMIT;
SQL
}

# The kept tables against a full recompute over the calls of the batches
# refreshed: rows in one and not the other, both ways.
my $recompute = <<'SQL';
SELECT (SELECT count(*) FROM (
            (SELECT agent_id, day, summary::text FROM agent_day_queue
             EXCEPT SELECT agent_id, (offered_at AT TIME ZONE 'UTC')::date, effcap.queue_summary(queue_seconds, answered, handle_seconds)::text
                    FROM calls WHERE batch IN (SELECT batch FROM loads WHERE refreshed_at IS NOT NULL) GROUP BY 1, 2)
            UNION ALL
            (SELECT agent_id, (offered_at AT TIME ZONE 'UTC')::date, effcap.queue_summary(queue_seconds, answered, handle_seconds)::text
             FROM calls WHERE batch IN (SELECT batch FROM loads WHERE refreshed_at IS NOT NULL) GROUP BY 1, 2
             EXCEPT SELECT agent_id, day, summary::text FROM agent_day_queue)) x)
     + (SELECT count(*) FROM (
            (SELECT agent_id, day, summary::text, effective, target FROM agent_day_capacity
             EXCEPT SELECT agent_id, day, s::text, (effcap.effective_capacity(s, (SELECT rules FROM refresh_settings))).effective,
                           (effcap.effective_capacity(s, (SELECT rules FROM refresh_settings))).target
                    FROM (SELECT agent_id, (offered_at AT TIME ZONE 'UTC')::date AS day,
                                 effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) AS s
                          FROM calls WHERE answered AND batch IN (SELECT batch FROM loads WHERE refreshed_at IS NOT NULL)
                          GROUP BY 1, 2) r)
            UNION ALL
            (SELECT agent_id, day, s::text, (effcap.effective_capacity(s, (SELECT rules FROM refresh_settings))).effective,
                    (effcap.effective_capacity(s, (SELECT rules FROM refresh_settings))).target
             FROM (SELECT agent_id, (offered_at AT TIME ZONE 'UTC')::date AS day,
                          effcap.capacity_summary(work_type, dissatisfied, qa_invalid, repeat, sale_tier) AS s
                   FROM calls WHERE answered AND batch IN (SELECT batch FROM loads WHERE refreshed_at IS NOT NULL)
                   GROUP BY 1, 2) r
             EXCEPT SELECT agent_id, day, summary::text, effective, target FROM agent_day_capacity)) y)
       || ' differ of ' || (SELECT count(*) FROM agent_day_queue) || ' and ' || (SELECT count(*) FROM agent_day_capacity)
SQL

# Wait for the job's run number $n to end; its status and message.
sub wait_run {
	my ($n) = @_;
	for (1 .. 75) {
		my ($s, $o) = psql(<<'SQL');
SELECT count(*) || '|' || coalesce((array_agg(d.status || '|' || coalesce(d.return_message, '') ORDER BY d.runid DESC))[1], '')
FROM cron.job_run_details d JOIN cron.job j USING (jobid)
WHERE j.jobname = 'effcap-refresh' AND d.status IN ('succeeded', 'failed')
SQL
		my ($count, $status, $msg) = split /\|/, $o, 3;
		return ($status, $msg) if $s && $count >= $n;
		sleep 2;
	}
	return ('timed out', '');
}

($st, $out) = load(1, '2026-10-01 08:00+00', 5, 3);
ok($st, 'batch 1: 3,000 calls of 5 days') or diag($out);
($st, $out) = psql($schedule);
ok($st, 'the refresh scheduled every minute') or diag($out);

my ($status, $msg) = wait_run(1);
is($status, 'succeeded', 'the first run succeeded (cron.job_run_details)') or diag($msg);
(undef, $out) = psql($recompute);
like($out, qr/^0 differ of [1-9]\d* and [1-9]\d*$/, 'the kept tables equal a full recompute') or diag($out);

# Batch 2: late calls of the first days and a new day; bad rules.
($st, $out) = load(2, '2026-10-03 08:00+00', 4, 7);
ok($st, 'batch 2: late calls and a new day') or diag($out);
my (undef, $before) = psql('SELECT md5(string_agg(q::text, \',\' ORDER BY agent_id, day)) FROM agent_day_queue q');
my (undef, $before_cap) = psql('SELECT md5(string_agg(c::text, \',\' ORDER BY agent_id, day)) FROM agent_day_capacity c');
($st, $out) = psql(q{UPDATE refresh_settings SET rules = '{"targte": 50}'});
ok($st, 'rules with an unknown key') or diag($out);

($status, $msg) = wait_run(2);
is($status, 'failed', 'the run under bad rules is recorded as failed');
like($msg, qr/targte/, 'its return_message names the bad key') or diag($msg);
my (undef, $after) = psql('SELECT md5(string_agg(q::text, \',\' ORDER BY agent_id, day)) FROM agent_day_queue q');
my (undef, $after_cap) = psql('SELECT md5(string_agg(c::text, \',\' ORDER BY agent_id, day)) FROM agent_day_capacity c');
is($after, $before, 'the failed run left the queue summaries as they were');
is($after_cap, $before_cap, 'and the capacity summaries');
(undef, $out) = psql('SELECT string_agg(batch::text, \',\' ORDER BY batch) FROM loads WHERE refreshed_at IS NULL');
is($out, '2', 'batch 2 is still pending');

($st, $out) = psql('UPDATE refresh_settings SET rules = effcap.default_capacity_rules()');
ok($st, 'the rules mended') or diag($out);
($status, $msg) = wait_run(3);
is($status, 'succeeded', 'the next run succeeded') or diag($msg);
(undef, $out) = psql($recompute);
like($out, qr/^0 differ of [1-9]\d* and [1-9]\d*$/, 'the kept tables equal a full recompute of both batches') or diag($out);
(undef, $out) = psql('SELECT count(*) FROM loads WHERE refreshed_at IS NULL');
is($out, '0', 'no batch pending');

($st, $out) = psql($watch);
ok($st, 'the monitoring queries run as written') or diag($out);
like($out, qr/succeeded/, 'and list the runs');
($st, $out) = psql(q{SELECT cron.unschedule('effcap-refresh')});
ok($st && $out eq 't', 'unscheduled') or diag($out);
done_testing();
