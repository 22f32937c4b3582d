#!/usr/bin/env perl
# META.json is valid PGXN metadata (Meta spec 1.0.0) for the version the
# Makefile builds and effcap.control installs.
use strict;
use warnings;
use JSON::PP;
use FindBin;
use Test::More;

chdir "$FindBin::Bin/.." or die;
sub slurp { local (@ARGV, $/) = @_; <> }

my $meta = eval { JSON::PP->new->decode(slurp('META.json')) };
ok($meta, 'META.json is JSON') or BAIL_OUT($@);

# The spec's required keys, and their forms.
for my $key (qw(name abstract maintainer license provides version meta-spec)) {
    ok(exists $meta->{$key}, "META.json has $key");
}
my $semver = qr/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
is($meta->{name}, 'effcap', 'name');
like($meta->{version}, $semver, 'version is a semantic version');
is($meta->{'meta-spec'}{version}, '1.0.0', 'meta-spec version');
ok(ref $meta->{maintainer} eq 'ARRAY' && @{$meta->{maintainer}}, 'maintainer is a non-empty list');
ok((grep { $_ eq $meta->{license} } qw(postgresql bsd mit apache_2_0 gpl_3 lgpl_3_0 artistic_2)),
   'license is one of the spec\'s names');
like($meta->{prereqs}{runtime}{requires}{PostgreSQL}, $semver, 'PostgreSQL prerequisite is a semantic version');

# The version is the one being built and installed.
my ($make_version) = slurp('Makefile') =~ /^EXTVERSION\s*=\s*(\S+)/m;
my ($control_version) = slurp('effcap.control') =~ /^default_version\s*=\s*'([^']+)'/m;
is($meta->{version}, $make_version, 'version is the Makefile\'s EXTVERSION');
is($meta->{version}, $control_version, 'version is effcap.control\'s default_version');

my $ext = $meta->{provides}{effcap};
ok($ext, 'provides effcap');
is($ext->{version}, $meta->{version}, 'provided version is the distribution\'s');
ok(defined $ext->{abstract} && length $ext->{abstract}, 'provided extension has an abstract');
ok(-f $ext->{file}, "provided file $ext->{file} exists");
ok($ext->{file} eq 'effcap.control' || $ext->{file} =~ /--\Q$meta->{version}\E\.sql$/,
   'provided file is the control file or the install script of this version');
ok(!defined $ext->{docfile} || -f $ext->{docfile}, 'docfile exists');
ok(-f "install/effcap--0.1.0.sql", 'the base install script exists');
done_testing();
