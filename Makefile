# effcap: PGXS build, plus the two quick-start targets (make demo, make test).

EXTENSION = effcap
EXTVERSION = 0.6.0

MODULE_big = effcap
OBJS = src/effcap.o src/forecast.o src/rules.o src/counters.o src/summary.o src/summary_bins.o src/capacity_rules.o src/capacity.o src/capacity_summary.o src/scorecard.o src/queue_summary.o src/survey_summary.o src/handle_summary.o \
	src/fcr.o src/contact_stats.o src/staffing.o src/uncertainty.o src/anomaly.o src/calendar.o src/sla_summary.o src/service_counts.o src/incentives.o src/teams.o

# Install scripts.  The current definition is install/current/*.sql, one file
# per capability, in dependency order; a fresh install runs them.  0.1.0 and
# every upgrade step are kept as written, for installs made before; the
# regression suite checks that walking the steps gives the same catalog.
CURRENT = $(shell ls install/current/*.sql | sort -V)
UPGRADES = install/effcap--0.1.0--0.2.0.sql install/effcap--0.2.0--0.3.0.sql \
	install/effcap--0.3.0--0.4.0.sql install/effcap--0.4.0--0.5.0.sql \
	install/effcap--0.5.0--0.6.0.sql
DATA = install/effcap--0.1.0.sql $(UPGRADES)
DATA_built = effcap--$(EXTVERSION).sql

REGRESS = setup capacity capacity_summary capacity_errors capacity_parallel \
	scorecard scorecard_errors fcr_window fcr_aggregate contact_stats window_frames queue_summary \
	survey_summary handle_summary staffing forecast uncertainty anomaly service incentives stored_values security upgrade
# --load-extension: any one file runs alone (make test REGRESS=fcr_window).
REGRESS_OPTS = --inputdir=. --load-extension=effcap

PG_CONFIG ?= $(firstword $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# Before the server headers are installed there is no PGXS to include; the
# quick-start targets below install them first and then call make again.
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
endif

effcap--$(EXTVERSION).sql: $(CURRENT)
	{ printf '%s\n\n' '\echo Use "CREATE EXTENSION effcap" to load this file. \quit'; cat $^; } > $@

# Warnings are errors in the test build; PostgreSQL's own headers need the
# three exemptions (fmgr's calling convention, array.h's macros...).
TEST_COPT = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
	-Wno-missing-field-initializers

.PHONY: deps test test-distributed test-clients test-cron test-report dist test-dist test-matrix fuzz demo demo-psql bench bench-distributed profile valgrind memory

# Install what is missing (Debian 12): server headers, pgTAP, pg_prove.
deps:
	@tools/install-deps.sh

# make install writes into PostgreSQL's directories: a user who cannot
# goes through sudo, or finds this build installed already.
INSTALL_EXT = tools/install-ext.sh $(EXTENSION).control $(DATA) $(DATA_built)

# The quick-start targets print one line per step; a failing step prints
# its whole output.
QUIET_BUILD = tools/step.sh "Installing missing packages (PostgreSQL 15, headers, pgTAP)" tools/install-deps.sh && \
	tools/step.sh "Building effcap" $(MAKE) with_llvm=no && \
	tools/step.sh "Installing effcap into PostgreSQL 15" $(INSTALL_EXT)

# A test target's build: clean, with warnings as errors, installed.
TEST_BUILD = $(MAKE) clean >/dev/null && $(MAKE) COPT="$(TEST_COPT)" with_llvm=no && $(INSTALL_EXT) >/dev/null

# Every test: pg_regress and pgTAP against a throwaway cluster.  Name some
# to run only those: make test REGRESS=fcr_window, make test TAP=test/fcr.sql.
test: deps
	$(TEST_BUILD)
	tools/with-cluster.sh -- tools/run-tests.sh

# The client suites: the same scenarios through pgJDBC, psycopg2 and
# node-postgres (test/clients/README.md), against a throwaway cluster on
# 127.0.0.1; installs the drivers (Debian; pg from npm with its lock file).
test-clients:
	tools/install-deps.sh libpostgresql-jdbc-java default-jdk-headless python3-psycopg2
	$(TEST_BUILD)
	tools/test-clients.sh

# doc/pipeline.md's pg_cron recipe with the real pg_cron (test/cron/cron.t):
# about three minutes, as pg_cron 1.4 schedules by the minute.
test-cron:
	tools/install-deps.sh postgresql-15-cron
	$(TEST_BUILD)
	tools/test-cron.sh

# The release tarball from git (PGXN layout: effcap-VERSION/ with META.json
# at its top), of the committed HEAD.
dist:
	@git diff --quiet HEAD -- || echo "dist: uncommitted changes are not in the tarball" >&2
	git archive --format=tar.gz --prefix=effcap-$(EXTVERSION)/ -o effcap-$(EXTVERSION).tar.gz HEAD
	@echo "effcap-$(EXTVERSION).tar.gz"

# The tarball installed into a fresh PostgreSQL 15 prefix and its regression
# suite run there (tools/test-dist.sh).
test-dist: deps dist
	tools/test-dist.sh

# The demo's HTML report opened in headless Chromium (report/check.js).
test-report:
	tools/install-deps.sh chromium
	$(TEST_BUILD)
	tools/test-report.sh

# The distributed tests: Citus built and installed once from the vendored
# source (../shared/vendor/citus; skipped when that build is installed), a
# throwaway coordinator and two workers on loopback, test/distributed/*.sql;
# then a coordinator and two postgres_fdw shards, test/fdw/*.sql.
test-distributed: deps
	$(TEST_BUILD)
	tools/citus-install.sh
	tools/with-nodes.sh --citus -- tools/run-distributed.sh citus
	tools/with-nodes.sh -- tools/run-distributed.sh fdw

# The version matrix: the whole suite against PostgreSQL 15, 17 built from
# Debian's source package with assertions, and 18 with assertions and with
# AddressSanitizer (built once, cached in /var/cache/effcap/pg).
# MATRIX="18-asan" runs one.
test-matrix: deps
	tools/test-matrix.sh

# Every parser fuzzed through SQL on the AddressSanitizer server: N inputs
# each (default 20000), SEED, ONLY=regex; findings saved to fuzz-findings/.
fuzz: deps
	tools/fuzz.sh

# What distribution costs: about a million contacts, local against Citus.
bench-distributed: deps
	@$(QUIET_BUILD)
	tools/citus-install.sh
	tools/with-nodes.sh --citus -- tools/bench-distributed.sh

# The demo: a month of a reference call warehouse, scored and reported.  Its
# cluster is kept (tools/with-cluster.sh --where demo prints where).
demo:
	@$(QUIET_BUILD)
	@tools/with-cluster.sh --keep demo -- tools/demo.sh

# Reopen the demo database (after make demo) in psql.
demo-psql:
	@test -f "$$(tools/with-cluster.sh --where demo)/data/PG_VERSION" || \
		{ echo "There is no demo cluster yet: run make demo first." >&2; exit 1; }
	@tools/with-cluster.sh --keep demo -- psql -X -d effcap_demo

# The benchmark (SCALE millions of contacts, default 10; REPEAT runs each):
# a kept cluster with settings for this 2-core, 24 GB machine.
BENCH_CLUSTER = tools/with-cluster.sh --keep bench --conf shared_buffers=6GB --conf work_mem=256MB \
	--conf max_parallel_workers_per_gather=2 --conf max_worker_processes=8 --conf jit=off

bench:
	@$(QUIET_BUILD)
	$(BENCH_CLUSTER) -- tools/bench.sh

# Every object depends on every header (PGXS tracks none here): a changed
# struct layout must not leave an object built against the old one.
$(OBJS): $(wildcard src/*.h)

# The memory each aggregate's state takes (tables for doc/performance.md).
memory:
	@$(QUIET_BUILD)
	tools/with-cluster.sh --conf work_mem=4GB --conf jit=off -- psql -X -q -f tools/memory.sql

# The regression suite with the server under valgrind's memcheck.
valgrind:
	@$(QUIET_BUILD)
	tools/valgrind.sh

# make profile SQL="SELECT ..." (after make bench): one query under perf.
profile:
	$(BENCH_CLUSTER) -- tools/profile.sh
