/*
 * staffing.c
 *		Workforce planning: the queueing model of one interval (Erlang B and
 *		Erlang C) and the fewest agents that meet a service-level or ASA
 *		target (seed 001: 80% answered within 20 s; seed 002: a staffing
 *		plan from the warehouse's own volumes).
 *
 * Traffic A = calls * AHT / interval, in erlangs.  Erlang B comes from its
 * recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)): every term lies in
 * (0, 1], so it neither overflows nor cancels for A in the thousands, where
 * the textbook form's A^N / N! overflows a double at N = 171.  Erlang C (the
 * probability that a call waits) follows from it:
 * C = N B / (N - A (1 - B)), defined for N > A only (at N <= A the queue
 * grows without bound).  With wait threshold t and AHT h:
 * service level = 1 - C exp(-(N - A) t / h), ASA = C h / (N - A),
 * occupancy = A / N.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "counters.h"
#include "effcap.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(staffing_erlang_b);
PG_FUNCTION_INFO_V1(staffing_erlang_c);
PG_FUNCTION_INFO_V1(staffing_erlang_c_model);
PG_FUNCTION_INFO_V1(staffing_erlang_a_model);
PG_FUNCTION_INFO_V1(staffing_required_agents);
PG_FUNCTION_INFO_V1(staffing_mismatch_trans);
PG_FUNCTION_INFO_V1(staffing_mismatch_inv);
PG_FUNCTION_INFO_V1(staffing_mismatch_final);

/* The largest traffic and agent count a model takes (agents are int4). */
#define MAX_TRAFFIC 1e7
#define MAX_AGENTS 100000000
/* Erlang A: the most queue lengths it keeps (8 bytes each). */
#define MAX_QUEUE_STATES 4000000

/*
 * A quotient within a relative 1e-12 of a whole number counts as that
 * number when rounding up: 14 agents at 30% shrinkage are 20 positions,
 * though 14 / 0.7 is 20.000000000000004 in binary floating point.
 */
#define WHOLE_TOLERANCE 1e-12

static void
CheckPositive(double v, const char *name)
{
	if (!(v > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be greater than 0, not %g", name, v)));
}

static void
CheckNotNegative(double v, const char *name)
{
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative, not %g", name, v)));
}

static void
CheckTraffic(double traffic)
{
	CheckNotNegative(traffic, "traffic");
	if (traffic > MAX_TRAFFIC)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("traffic of %g erlangs is more than the %g a model takes", traffic, MAX_TRAFFIC)));
}

static int32
ArgAgents(FunctionCallInfo fcinfo, int argno)
{
	int32		n = PG_GETARG_INT32(argno);

	if (n < 1 || n > MAX_AGENTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("agents must be between 1 and %d, not %d", MAX_AGENTS, n)));
	return n;
}

/* The smallest whole number at least x (x >= 0), with WHOLE_TOLERANCE. */
static int64
WholeAtLeast(double x)
{
	double		n = ceil(x - x * WHOLE_TOLERANCE);

	if (n > MAX_AGENTS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%g agents is more than the %d a model takes", x, MAX_AGENTS)));
	return (int64) Max(n, 0);
}

/* Erlang B for n agents from B(n - 1) (the recursion's step). */
static inline double
ErlangBStep(double traffic, double b, int64 n)
{
	return traffic * b / ((double) n + traffic * b);
}

/* Erlang B of n agents, by the recursion from B(0) = 1. */
static double
ErlangB(double traffic, int64 n)
{
	double		b = 1.0;

	for (int64 k = 1; k <= n; k++)
	{
		b = ErlangBStep(traffic, b, k);
		EFFCAP_CHECK_INTERRUPTS_EVERY(k);
	}
	return b;
}

/* What a model says of n agents. */
typedef struct QueueModel
{
	double		waiting;		/* probability a call waits */
	double		service_level;	/* answered within the threshold, of all calls */
	double		asa;			/* mean wait (Erlang A: of answered calls), seconds */
	double		occupancy;
	double		abandon;		/* probability a call abandons (Erlang A) */
} QueueModel;

/* Erlang C's probability of waiting for n agents (n > traffic), from B(n). */
static inline double
ErlangCWaiting(double traffic, int64 n, double b)
{
	return (double) n * b / ((double) n - traffic + traffic * b);
}

/* Erlang C of n agents (n > traffic), from B(n). */
static QueueModel
ErlangCModel(double traffic, int64 n, double b, double aht, double threshold)
{
	QueueModel	m;
	double		spare = (double) n - traffic;

	m.waiting = ErlangCWaiting(traffic, n, b);
	m.service_level = 1.0 - m.waiting * exp(-spare * threshold / aht);
	m.asa = m.waiting * aht / spare;
	m.occupancy = traffic / (double) n;
	m.abandon = 0;
	return m;
}

/*
 * erlang_b(traffic, agents): the probability that a call finds every agent
 * busy when calls that find them busy are lost (Erlang B).
 */
Datum
staffing_erlang_b(PG_FUNCTION_ARGS)
{
	double		traffic = FiniteArg(fcinfo, 0, "traffic");
	int32		n;

	CheckTraffic(traffic);
	n = ArgAgents(fcinfo, 1);
	PG_RETURN_FLOAT8(ErlangB(traffic, n));
}

/*
 * erlang_c(traffic, agents): the probability that a call waits when calls
 * queue (Erlang C); NULL at traffic >= agents (no steady state).
 */
Datum
staffing_erlang_c(PG_FUNCTION_ARGS)
{
	double		traffic = FiniteArg(fcinfo, 0, "traffic");
	int32		n;

	CheckTraffic(traffic);
	n = ArgAgents(fcinfo, 1);
	if (traffic >= n)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ErlangCWaiting(traffic, n, ErlangB(traffic, n)));
}

/* The interval's traffic from its calls, length and AHT (checked). */
static double
Traffic(double calls, double interval, double aht)
{
	double		traffic;

	CheckNotNegative(calls, "calls");
	CheckPositive(interval, "interval_seconds");
	CheckPositive(aht, "aht_seconds");
	traffic = calls * aht / interval;
	CheckTraffic(traffic);
	return traffic;
}

/* An effcap.queue_model row; m NULL: no steady state (measures NULL). */
static Datum
QueueModelDatum(FunctionCallInfo fcinfo, double traffic, int32 n, const QueueModel *m)
{
	TupleDesc	tupdesc = SummaryResultDesc(fcinfo, "effcap.queue_model");
	Datum		values[7];
	bool		nulls[7] = {false};

	values[0] = Float8GetDatum(traffic);
	values[1] = Int32GetDatum(n);
	if (m)
	{
		values[2] = Float8GetDatum(m->waiting);
		values[3] = Float8GetDatum(m->service_level);
		values[4] = Float8GetDatum(m->asa);
		values[5] = Float8GetDatum(m->occupancy);
		values[6] = Float8GetDatum(m->abandon);
	}
	else
		nulls[2] = nulls[3] = nulls[4] = nulls[5] = nulls[6] = true;
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * erlang_c(calls, interval_seconds, aht_seconds, agents [, threshold_seconds])
 * -> effcap.queue_model: traffic, agents, waiting_probability, service_level
 * (answered within the threshold), asa_seconds, occupancy,
 * abandon_probability (0: nobody abandons in Erlang C).  At traffic >=
 * agents the probabilities, ASA and occupancy are NULL (no steady state).
 */
Datum
staffing_erlang_c_model(PG_FUNCTION_ARGS)
{
	double		calls = FiniteArg(fcinfo, 0, "calls");
	double		interval = FiniteArg(fcinfo, 1, "interval_seconds");
	double		aht = FiniteArg(fcinfo, 2, "aht_seconds");
	int32		n = ArgAgents(fcinfo, 3);
	double		threshold = FiniteArg(fcinfo, 4, "threshold_seconds");
	double		traffic = Traffic(calls, interval, aht);
	QueueModel	m;

	CheckNotNegative(threshold, "threshold_seconds");
	if (traffic >= n)
		PG_RETURN_DATUM(QueueModelDatum(fcinfo, traffic, n, NULL));
	m = ErlangCModel(traffic, n, ErlangB(traffic, n), aht, threshold);
	PG_RETURN_DATUM(QueueModelDatum(fcinfo, traffic, n, &m));
}

/*
 * Erlang A (M/M/N+M): calls abandon after an exponential patience of mean
 * 1 / theta while they wait.  The states are the calls in the system; with
 * every agent busy, k calls queued leave at n mu + k theta.  Relative to
 * pi(n): the states below add up to 1 / B(n) (Erlang B of the traffic),
 * and q(k) = pi(n + k) / pi(n) = prod_{j=1..k} lambda / (n mu + j theta)
 * for the queue (in logarithms: an overloaded queue's terms pass 1e308),
 * summed until they fall to 2.9e-20 of the largest.
 * Waiting: an arrival finds n or more calls (PASTA).  Abandoning:
 * theta E[queue] / lambda.  An arrival with k calls ahead moves up at
 * n mu + j theta and abandons at theta from position j, so it is answered
 * with probability prod_j (n mu + j theta) / r_j, r_j = n mu + (j + 1)
 * theta, after a wait that is the sum of Exp(r_j): its mean gives the ASA
 * of answered calls, and the chance it is at most t comes from the queue
 * positions' flow uniformized at the largest rate (a Poisson mixture of
 * its jump chain's steps).
 */
static QueueModel
ErlangA(double lambda, double mu, double theta, int64 n, double t)
{
	QueueModel	m;
	double		traffic = lambda / mu;
	double		nmu = (double) n * mu;
	double		b = ErlangB(traffic, n);
	double		ln_low,
				lmax,
				low,
				tail = 0,
				queued = 0,
				total,
				answered_queued = 0,
				answered_wait = 0,
				pk = 1,
				hk = 0,
				rate,
				lt,
				served = 0,
				within = 0,
				weighed = 0;
	int			cap = 1024,
				k_n = 1;
	double	   *q;
	int64		steps;

	/* The queue grows while lambda > n mu + k theta: too long is an error. */
	if ((lambda - nmu) / theta > MAX_QUEUE_STATES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("Erlang A needs more than %d queue lengths for this traffic and patience",
						MAX_QUEUE_STATES)));
	if (b == 0)
	{
		/* B below the smallest double: nobody waits, to double precision */
		m.waiting = m.abandon = m.asa = 0;
		m.service_level = 1;
		m.occupancy = traffic / (double) n;
		return m;
	}

	/*
	 * ln q(k), then q(k) relative to the largest term (an overloaded queue's
	 * terms pass 1e308).  Stop once the terms fall and lie 45 nats (2.9e-20)
	 * below the largest: with ratio r < 1 the rest adds up to at most
	 * r / (1 - r) times that.
	 */
	ln_low = -log(b);
	lmax = ln_low;
	q = palloc(sizeof(double) * cap);
	q[0] = 0;
	for (int k = 1;; k++)
	{
		double		ratio = lambda / (nmu + k * theta);
		double		next = q[k - 1] + log(ratio);

		if (ratio < 1 && next < lmax - 45)
			break;
		if (k >= MAX_QUEUE_STATES)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("Erlang A needs more than %d queue lengths for this traffic and patience",
							MAX_QUEUE_STATES)));
		if (k == cap)
		{
			cap *= 2;
			q = repalloc(q, sizeof(double) * cap);
		}
		q[k] = next;
		lmax = Max(lmax, next);
		k_n = k + 1;
		EFFCAP_CHECK_INTERRUPTS_EVERY(k);
	}
	low = exp(ln_low - lmax);	/* low holds pi(n) = q[0] itself */
	for (int k = 0; k < k_n; k++)
	{
		q[k] = exp(q[k] - lmax);
		if (k > 0)
		{
			tail += q[k];
			queued += (double) k * q[k];
		}
	}
	total = low + tail;			/* low holds pi(n) = q[0] itself */
	m.waiting = (q[0] + tail) / total;
	m.abandon = theta * (queued / total) / lambda;
	for (int k = 0; k < k_n; k++)
		q[k] /= total;			/* an arrival's chance to find k queued */

	/* Answered from each queue position, and their mean wait. */
	for (int k = 0; k < k_n; k++)
	{
		rate = nmu + (k + 1) * theta;
		pk *= (nmu + k * theta) / rate;
		hk += 1.0 / rate;
		answered_queued += q[k] * pk;
		answered_wait += q[k] * pk * hk;
	}
	m.asa = answered_wait / ((1 - m.waiting) + answered_queued);
	m.occupancy = Min(traffic * (1 - m.abandon) / (double) n, 1.0);

	/* Answered within t: the positions' flow, uniformized at the top rate. */
	rate = nmu + k_n * theta;
	lt = rate * t;
	/*
	 * Steps enough for all but a negligible Poisson tail; a threshold so
	 * long that they pass int64 (a cast would be undefined) runs until the
	 * queue has drained, below.
	 */
	steps = lt + 12 * sqrt(lt) + 30 < (double) (PG_INT64_MAX / 2) ?
		(int64) ceil(lt + 12 * sqrt(lt) + 30) : PG_INT64_MAX / 2;
	for (int64 s = 0; s <= steps; s++)
	{
		double		w = lt > 0 ? exp(-lt + s * log(lt) - lgamma((double) s + 1)) : (s == 0);
		double		left = 0;

		within += w * served;
		weighed += w;
		served += q[0] * nmu / rate;
		for (int j = 0; j < k_n; j++)
		{
			q[j] = q[j] * (1 - (nmu + (j + 1) * theta) / rate) +
				(j + 1 < k_n ? q[j + 1] * (nmu + (j + 1) * theta) / rate : 0);
			left += q[j];
		}
		/* Nobody left waiting: every later step counts what is served now. */
		if (left < 1e-18)
		{
			within += Max(1 - weighed, 0) * served;
			break;
		}
		CHECK_FOR_INTERRUPTS();
	}
	m.service_level = (1 - m.waiting) + within;
	pfree(q);
	return m;
}

/*
 * erlang_a(calls, interval_seconds, aht_seconds, agents, patience_seconds
 * [, threshold_seconds]) -> effcap.queue_model: the Erlang A model of an
 * interval whose callers abandon after an exponential patience of mean
 * patience_seconds.  service_level: answered within the threshold over all
 * calls (abandoned ones count as not answered in time); asa_seconds: the
 * mean wait of answered calls; occupancy: answered traffic / agents.
 */
Datum
staffing_erlang_a_model(PG_FUNCTION_ARGS)
{
	double		calls = FiniteArg(fcinfo, 0, "calls");
	double		interval = FiniteArg(fcinfo, 1, "interval_seconds");
	double		aht = FiniteArg(fcinfo, 2, "aht_seconds");
	int32		n = ArgAgents(fcinfo, 3);
	double		patience = FiniteArg(fcinfo, 4, "patience_seconds");
	double		threshold = FiniteArg(fcinfo, 5, "threshold_seconds");
	double		traffic = Traffic(calls, interval, aht);
	QueueModel	m = {0, 1, 0, 0, 0};	/* no calls: nobody waits */

	CheckPositive(patience, "patience_seconds");
	CheckNotNegative(threshold, "threshold_seconds");
	if (traffic > 0)
		m = ErlangA(calls / interval, 1.0 / aht, 1.0 / patience, n, threshold);
	PG_RETURN_DATUM(QueueModelDatum(fcinfo, traffic, n, &m));
}

/* An optional argument: NULL when the SQL value is NULL. */
static bool
OptionalDouble(FunctionCallInfo fcinfo, int argno, const char *name, double *v)
{
	if (PG_ARGISNULL(argno))
		return false;
	*v = FiniteArg(fcinfo, argno, name);
	return true;
}

/* What required_agents is asked: the interval, its model and the targets. */
typedef struct StaffingGoal
{
	double		calls,
				interval,
				aht,
				traffic,
				threshold;
	bool		has_sl,
				has_asa,
				has_patience;	/* Erlang A; else Erlang C */
	double		sl_target,
				asa_target,
				patience;
} StaffingGoal;

/* Whether a model meets the targets (those given). */
static bool
MeetsTargets(const StaffingGoal *g, const QueueModel *m)
{
	return (!g->has_sl || m->service_level >= g->sl_target) &&
		(!g->has_asa || m->asa <= g->asa_target);
}

/* The goal's model of n agents (Erlang C: n > traffic). */
static QueueModel
ModelOf(const StaffingGoal *g, int64 n)
{
	if (g->has_patience)
		return ErlangA(g->calls / g->interval, 1 / g->aht, 1 / g->patience, n, g->threshold);
	return ErlangCModel(g->traffic, n, ErlangB(g->traffic, n), g->aht, g->threshold);
}

pg_noreturn static void
NoStaffing(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("no staffing up to %d agents meets the target", MAX_AGENTS)));
}

/*
 * The fewest agents meeting the goal, *m their model and *prev that of one
 * fewer (*has_prev false when one fewer has no model: Erlang C at
 * n - 1 <= traffic, or no agents).
 */
static int64
FewestAgents(const StaffingGoal *g, QueueModel *m, QueueModel *prev, bool *has_prev)
{
	int64		lo = 0,
				hi = 1;

	*has_prev = false;
	if (!g->has_patience)
	{
		/* Erlang C: up from the fewest agents with a steady state, B carried along. */
		int64		n = (int64) floor(g->traffic) + 1;
		double		b = ErlangB(g->traffic, n);

		for (;;)
		{
			*m = ErlangCModel(g->traffic, n, b, g->aht, g->threshold);
			if (MeetsTargets(g, m))
				return n;
			*prev = *m;
			*has_prev = true;
			if (++n > MAX_AGENTS)
				NoStaffing();
			b = ErlangBStep(g->traffic, b, n);
			EFFCAP_CHECK_INTERRUPTS_EVERY(n);
		}
	}

	/*
	 * Erlang A: service level rises and ASA falls with the agents, so double
	 * the agents until they meet the targets, then halve the interval
	 * between the last that did not and the first that did.
	 */
	while (*m = ModelOf(g, hi), !MeetsTargets(g, m))
	{
		if (hi >= MAX_AGENTS)
			NoStaffing();
		lo = hi;
		hi = Min(hi * 2, MAX_AGENTS);
	}
	while (hi - lo > 1)
	{
		int64		mid = lo + (hi - lo) / 2;
		QueueModel	mm = ModelOf(g, mid);

		if (MeetsTargets(g, &mm))
		{
			hi = mid;
			*m = mm;
		}
		else
			lo = mid;
	}
	if (hi > 1)
	{
		*prev = ModelOf(g, hi - 1);
		*has_prev = true;
	}
	return hi;
}

/*
 * The continuous answer's fraction of the last agent: the binding target's
 * share of that agent's gain (with no model of one fewer, service level 0
 * and ASA unbounded).
 */
static double
LastAgentShare(const StaffingGoal *g, const QueueModel *m, const QueueModel *prev, bool has_prev)
{
	double		f_sl = 0,
				f_asa = 0;

	if (g->has_sl)
	{
		double		before = has_prev ? prev->service_level : 0;

		if (before < g->sl_target)
			f_sl = (g->sl_target - before) / (m->service_level - before);
	}
	if (g->has_asa)
		f_asa = !has_prev ? 1 :
			prev->asa > g->asa_target ? (prev->asa - g->asa_target) / (prev->asa - m->asa) : 0;
	return Min(Max(f_sl, f_asa), 1.0);
}

/*
 * required_agents(calls, interval_seconds, aht_seconds [, service_level
 * [, threshold_seconds [, max_occupancy [, shrinkage [, asa_seconds
 * [, patience_seconds]]]]]]) -> effcap.staffing.
 *
 * By Erlang C, or by Erlang A when patience_seconds is given (then any N
 * may do, the ASA is that of answered calls and abandonment is reported).
 * raw_agents: the fewest N > traffic whose service level (answered within
 * threshold_seconds) reaches service_level and whose ASA is at most
 * asa_seconds (each target when given; at least one must be).  agents:
 * raw_agents raised so that occupancy (traffic / N) is at most
 * max_occupancy.  positions: agents / (1 - shrinkage) rounded up.  The
 * achieved service level, occupancy, waiting probability and ASA are those
 * of `agents`.  fractional_agents: the continuous answer, raw_agents - 1
 * plus the share of the last agent's gain in the binding target's measure
 * that the target needs (linear between N - 1 and N; at N - 1 <= traffic
 * the service level counts as 0 and the ASA as unbounded, a fraction of 1).
 * No calls need no agents (everything else NULL).
 * A NULL calls, interval or AHT gives NULL.
 */
Datum
staffing_required_agents(PG_FUNCTION_ARGS)
{
	StaffingGoal g = {0};
	double		max_occ = 1,
				shrinkage = 0;
	bool		has_occ;
	TupleDesc	tupdesc;
	Datum		values[10];
	bool		nulls[10] = {false};
	int64		raw,
				agents;
	QueueModel	m,
				prev;
	bool		has_prev;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	g.calls = FiniteArg(fcinfo, 0, "calls");
	g.interval = FiniteArg(fcinfo, 1, "interval_seconds");
	g.aht = FiniteArg(fcinfo, 2, "aht_seconds");
	g.traffic = Traffic(g.calls, g.interval, g.aht);
	g.has_sl = OptionalDouble(fcinfo, 3, "service_level", &g.sl_target);
	if (g.has_sl && !(g.sl_target > 0 && g.sl_target < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("service_level must be greater than 0 and less than 1, not %g", g.sl_target)));
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("threshold_seconds must not be NULL")));
	g.threshold = FiniteArg(fcinfo, 4, "threshold_seconds");
	CheckNotNegative(g.threshold, "threshold_seconds");
	has_occ = OptionalDouble(fcinfo, 5, "max_occupancy", &max_occ);
	if (has_occ && !(max_occ > 0 && max_occ <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_occupancy must be greater than 0 and at most 1, not %g", max_occ)));
	if (OptionalDouble(fcinfo, 6, "shrinkage", &shrinkage) && !(shrinkage >= 0 && shrinkage < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shrinkage must be at least 0 and less than 1, not %g", shrinkage)));
	g.has_asa = OptionalDouble(fcinfo, 7, "asa_seconds", &g.asa_target);
	if (g.has_asa)
		CheckPositive(g.asa_target, "asa_seconds");
	if (!g.has_sl && !g.has_asa)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("required_agents needs a target: service_level or asa_seconds")));
	g.has_patience = OptionalDouble(fcinfo, 8, "patience_seconds", &g.patience);
	if (g.has_patience)
		CheckPositive(g.patience, "patience_seconds");

	tupdesc = SummaryResultDesc(fcinfo, "effcap.staffing");
	values[0] = Float8GetDatum(g.traffic);
	if (g.traffic == 0)
	{
		values[1] = values[2] = values[3] = Int32GetDatum(0);
		nulls[4] = nulls[5] = nulls[6] = nulls[7] = nulls[8] = nulls[9] = true;
		PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
	}

	raw = FewestAgents(&g, &m, &prev, &has_prev);
	values[4] = Float8GetDatum((double) (raw - 1) + LastAgentShare(&g, &m, &prev, has_prev));
	agents = has_occ ? Max(raw, WholeAtLeast(g.traffic / max_occ)) : raw;
	if (agents > raw)
		m = ModelOf(&g, agents);

	values[1] = Int32GetDatum((int32) raw);
	values[2] = Int32GetDatum((int32) agents);
	values[3] = Int32GetDatum((int32) WholeAtLeast((double) agents / (1.0 - shrinkage)));
	values[5] = Float8GetDatum(m.service_level);
	values[6] = Float8GetDatum(m.occupancy);
	values[7] = Float8GetDatum(m.waiting);
	values[8] = Float8GetDatum(m.asa);
	values[9] = Float8GetDatum(m.abandon);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * Seed 002's staffing mismatch over intervals: sum |scheduled - required| /
 * sum required, and its two sides, shortfall (sum of required - scheduled
 * where short) and surplus (sum of scheduled - required where over), each
 * over sum required.  Agents are whole, so the state is a counter state of
 * sums (exact, combined in any order) and a rollup of stored states or of
 * the result's sums gives the same rates.
 */
enum
{
	SM_KIND,					/* COUNTER_MISMATCH, no parameter */
	SM_INTERVALS,
	SM_REQUIRED,
	SM_SCHEDULED,
	SM_SHORTFALL,
	SM_SURPLUS,
	SM_LEN
};

/* The sums of a mismatch state, checked as far as sums can be. */
static const int64 *
MismatchSums(FunctionCallInfo fcinfo)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, SM_LEN, COUNTER_MISMATCH, &arr);

	if (CounterParam(s) != 0 || s[SM_INTERVALS] < 0 || s[SM_REQUIRED] < 0 || s[SM_SCHEDULED] < 0 ||
		s[SM_SHORTFALL] < 0 || s[SM_SURPLUS] < 0 ||
		s[SM_SHORTFALL] > s[SM_REQUIRED] ||
		s[SM_REQUIRED] - s[SM_SHORTFALL] != s[SM_SCHEDULED] - s[SM_SURPLUS])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid staffing_mismatch state"),
				 errdetail("Expected {%lld, intervals, required, scheduled, shortfall, surplus} with required - shortfall = scheduled - surplus.",
						   (long long) (COUNTER_MISMATCH * COUNTER_KIND_UNIT))));
	return s;
}

static Datum
MismatchStep(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, SM_LEN, COUNTER_MISMATCH, &arr);
	int64		scheduled,
				required;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(arr);
	scheduled = PG_GETARG_INT32(1);
	required = PG_GETARG_INT32(2);
	if (scheduled < 0 || required < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s agents must be >= 0, not %lld", scheduled < 0 ? "scheduled" : "required",
						(long long) (scheduled < 0 ? scheduled : required))));
	Add(&s[SM_INTERVALS], sign);
	Add(&s[SM_REQUIRED], sign * required);
	Add(&s[SM_SCHEDULED], sign * scheduled);
	Add(&s[SM_SHORTFALL], sign * Max(required - scheduled, 0));
	Add(&s[SM_SURPLUS], sign * Max(scheduled - required, 0));
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* staffing_mismatch_trans(state, scheduled, required): NULLs skipped. */
Datum
staffing_mismatch_trans(PG_FUNCTION_ARGS)
{
	return MismatchStep(fcinfo, 1);
}

Datum
staffing_mismatch_inv(PG_FUNCTION_ARGS)
{
	return MismatchStep(fcinfo, -1);
}

/* The staffing_mismatch row; rates NULL when nothing was required. */
Datum
staffing_mismatch_final(PG_FUNCTION_ARGS)
{
	const int64 *s = MismatchSums(fcinfo);
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.staffing_mismatch");
	Datum		values[8];
	bool		nulls[8] = {0};
	double		req = (double) s[SM_REQUIRED];

	for (int i = 0; i < 5; i++)
		values[i] = Int64GetDatum(s[SM_INTERVALS + i]);
	values[5] = Float8GetDatum(req > 0 ? (double) (s[SM_SHORTFALL] + s[SM_SURPLUS]) / req : 0);
	values[6] = Float8GetDatum(req > 0 ? (double) s[SM_SHORTFALL] / req : 0);
	values[7] = Float8GetDatum(req > 0 ? (double) s[SM_SURPLUS] / req : 0);
	nulls[5] = nulls[6] = nulls[7] = !(req > 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
