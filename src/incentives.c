/*
 * incentives.c
 *		Stepped sales commission (seed 003: 1% of monthly sales up to
 *		100,000, 1.5% from 100,000 to 200,000, 2% above; each bracket
 *		reached also pays into the team fund), in exact decimal arithmetic;
 *		and targets scaled for new hires (ramped_target, at the end).
 *
 * A pay plan can mean two things by the same brackets, and the plan says
 * which ("reading"):
 *	 marginal		each slice of the amount at its bracket's rate:
 *					250,000 -> 1% x 100,000 + 1.5% x 100,000 + 2% x 50,000 = 3,500
 *	 whole_amount	the whole amount at the rate of the bracket reached:
 *					250,000 -> 2% x 250,000 = 5,000
 * and which bracket an amount equal to a bracket's lower bound is in
 * ("boundary"): "lower" puts 100,000 in the bracket from 100,000 (reached
 * at 100,000), "upper" in the bracket below (reached above 100,000).  The
 * marginal commission is the same either way (the slice at a bound has no
 * width); what the bracket reached decides -- the whole-amount rate and
 * the bonuses -- is not.
 *
 *	 {"reading": "marginal", "boundary": "lower",
 *	  "brackets": [{"from": 0, "rate": 0.01},
 *				   {"from": 100000, "rate": 0.015, "bonus": 200},
 *				   {"from": 200000, "rate": 0.02, "bonus": 500}]}
 *
 * Rates, bounds and bonuses are JSON numbers, which jsonb keeps as exact
 * decimals: 0.015 is 0.015, not the double nearest to it.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_clause.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplesort.h"
#include "utils/typcache.h"

#include "compat.h"

#include "rules.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(incentives_tiered_commission);
PG_FUNCTION_INFO_V1(incentives_commission_detail);
PG_FUNCTION_INFO_V1(incentives_validate_plan);
PG_FUNCTION_INFO_V1(incentives_ramped_target);

#define MAX_BRACKETS 100

typedef struct Bracket
{
	Numeric		from;
	Numeric		rate;
	Numeric		bonus;
} Bracket;

typedef struct CommissionPlan
{
	bool		whole_amount;	/* else marginal */
	bool		upper;			/* a bound belongs to the bracket below */
	int			n;
	Bracket		b[MAX_BRACKETS];
} CommissionPlan;

static const RulesDoc PlanDoc = {"commission plan", ERRCODE_INVALID_PARAMETER_VALUE};

static int
NumCmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), NumericGetDatum(b)));
}

static Numeric
NumAdd(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_add, NumericGetDatum(a), NumericGetDatum(b)));
}

static Numeric
NumSub(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(a), NumericGetDatum(b)));
}

static Numeric
NumMul(Numeric a, Numeric b)
{
	return DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(a), NumericGetDatum(b)));
}

static char *
NumText(Numeric n)
{
	return DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)));
}

/*
 * A JSON number at least 0 (and at most max when given), as a numeric:
 * the exact decimals of a commission or attainment plan.
 */
static Numeric
PlanNumber(const RulesDoc *doc, JsonbValue *v, const char *path, Numeric max, const char *hint)
{
	Numeric		n;

	if (v->type != jbvNumeric)
		RulesError(doc, path, "must be a number");
	n = DatumGetNumericCopy(NumericGetDatum(v->val.numeric));
	if (NumCmp(n, int64_to_numeric(0)) < 0)
		RulesError(doc, path, "must not be negative, not %s", NumText(n));
	if (max && NumCmp(n, max) > 0)
		RulesError(doc, path, "must be at most 1 (%s), not %s", hint, NumText(n));
	return n;
}

/*
 * A string key with one of two values: true for the second.  An absent
 * key is an error when required, else false (the first value).
 */
static bool
PlanChoice(const RulesDoc *doc, JsonbContainer *root, const char *key, const char *a, const char *b,
		   bool required)
{
	JsonbValue	v;

	if (!RulesGet(root, key, &v))
	{
		if (required)
			RulesError(doc, key, "is missing: say \"%s\" or \"%s\"", a, b);
		return false;
	}
	if (v.type == jbvString && v.val.string.len == strlen(a) && memcmp(v.val.string.val, a, strlen(a)) == 0)
		return false;
	if (v.type == jbvString && v.val.string.len == strlen(b) && memcmp(v.val.string.val, b, strlen(b)) == 0)
		return true;
	RulesError(doc, key, "must be \"%s\" or \"%s\"", a, b);
}

static void
ParsePlan(Jsonb *doc, void *out)
{
	static const char *const top[] = {"reading", "boundary", "brackets", NULL};
	static const char *const keys[] = {"from", "rate", "bonus", NULL};
	CommissionPlan *p = (CommissionPlan *) out;
	JsonbContainer *root = RulesRoot(&PlanDoc, doc),
			   *arr;
	JsonbValue	v;
	Numeric		one = int64_to_numeric(1);

	RulesCheckKeys(&PlanDoc, root, "", top);
	p->whole_amount = PlanChoice(&PlanDoc, root, "reading", "marginal", "whole_amount", true);
	p->upper = PlanChoice(&PlanDoc, root, "boundary", "lower", "upper", true);
	if (!RulesGet(root, "brackets", &v))
		RulesError(&PlanDoc, "brackets", "is missing");
	arr = RulesArray(&PlanDoc, &v, "brackets");
	p->n = JsonContainerSize(arr);
	if (p->n < 1 || p->n > MAX_BRACKETS)
		RulesError(&PlanDoc, "brackets", "must hold 1 to %d brackets, not %d", MAX_BRACKETS, p->n);
	for (int i = 0; i < p->n; i++)
	{
		char	   *path = RulesPathIndex("brackets", i);
		JsonbContainer *obj = RulesObject(&PlanDoc, getIthJsonbValueFromContainer(arr, i), path);
		Bracket    *b = &p->b[i];

		RulesCheckKeys(&PlanDoc, obj, path, keys);
		if (!RulesGet(obj, "from", &v))
			RulesError(&PlanDoc, RulesPathMember(path, "from"), "is missing");
		b->from = PlanNumber(&PlanDoc, &v, RulesPathMember(path, "from"), NULL, NULL);
		if (!RulesGet(obj, "rate", &v))
			RulesError(&PlanDoc, RulesPathMember(path, "rate"), "is missing");
		b->rate = PlanNumber(&PlanDoc, &v, RulesPathMember(path, "rate"), one, "a rate is a fraction: 0.015 for 1.5%");
		b->bonus = int64_to_numeric(0);
		if (RulesGet(obj, "bonus", &v))
			b->bonus = PlanNumber(&PlanDoc, &v, RulesPathMember(path, "bonus"), NULL, NULL);
		if (i > 0 && NumCmp(b->from, p->b[i - 1].from) <= 0)
			RulesError(&PlanDoc, RulesPathMember(path, "from"),
					   "must be above the bracket before it (%s): brackets are in rising order and do not overlap",
					   NumText(p->b[i - 1].from));
	}
}

static const CommissionPlan *
PlanArg(FunctionCallInfo fcinfo, int argno)
{
	return RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
						 PG_GETARG_VARLENA_P(argno), sizeof(CommissionPlan), ParsePlan);
}

/* What a plan pays on an amount. */
typedef struct Commission
{
	int			reached;		/* index of the bracket reached, -1 for none */
	Numeric		commission;
	Numeric		bonus;
} Commission;

/* An amount that is a number (what: "amount", "the sum of amounts"). */
static void
FiniteAmount(Numeric amount, const char *what, bool nonnegative)
{
	if (numeric_is_nan(amount) || numeric_is_inf(amount) ||
		(nonnegative && NumCmp(amount, int64_to_numeric(0)) < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number%s, not %s", what, nonnegative ? " not below 0" : "",
						NumText(amount))));
}

static Commission
Compute(const CommissionPlan *p, Numeric amount, const char *what)
{
	Commission	c;
	Numeric		zero = int64_to_numeric(0);

	FiniteAmount(amount, what, true);
	c.reached = -1;
	c.bonus = zero;
	for (int i = 0; i < p->n; i++)
	{
		int			cmp = NumCmp(amount, p->b[i].from);

		if (cmp > 0 || (cmp == 0 && !p->upper))
		{
			c.reached = i;
			c.bonus = NumAdd(c.bonus, p->b[i].bonus);
		}
	}
	if (p->whole_amount)
		c.commission = c.reached < 0 ? zero : NumMul(amount, p->b[c.reached].rate);
	else
	{
		c.commission = zero;
		for (int i = 0; i < p->n && NumCmp(amount, p->b[i].from) > 0; i++)
		{
			Numeric		top = (i + 1 < p->n && NumCmp(amount, p->b[i + 1].from) > 0) ? p->b[i + 1].from : amount;

			c.commission = NumAdd(c.commission, NumMul(NumSub(top, p->b[i].from), p->b[i].rate));
		}
	}
	return c;
}

/* tiered_commission(amount, plan): the commission alone. */
Datum
incentives_tiered_commission(PG_FUNCTION_ARGS)
{
	const CommissionPlan *p = PlanArg(fcinfo, 1);

	PG_RETURN_NUMERIC(Compute(p, PG_GETARG_NUMERIC(0), "amount").commission);
}

/*
 * effcap.commission (amount, bracket reached counted from 1, its rate,
 * commission, bonus of the brackets reached); bracket and rate NULL below
 * the first bracket.
 */
static Datum
CommissionRow(FunctionCallInfo fcinfo, const CommissionPlan *p, Numeric amount, const char *what)
{
	Commission	c = Compute(p, amount, what);
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.commission");
	Datum		values[5];
	bool		nulls[5] = {false, c.reached < 0, c.reached < 0, false, false};

	values[0] = NumericGetDatum(amount);
	values[1] = Int32GetDatum(c.reached + 1);
	values[2] = c.reached < 0 ? (Datum) 0 : NumericGetDatum(p->b[c.reached].rate);
	values[3] = NumericGetDatum(c.commission);
	values[4] = NumericGetDatum(c.bonus);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* commission_detail(amount, plan): what the plan pays on the amount. */
Datum
incentives_commission_detail(PG_FUNCTION_ARGS)
{
	return CommissionRow(fcinfo, PlanArg(fcinfo, 1), PG_GETARG_NUMERIC(0), "amount");
}

/*
 * sales_commission(amount, plan): the aggregate form -- what the plan pays
 * on the sum of a group's amounts (an agent's month of sales; refunds are
 * negative amounts, and the sum must not be).  The state is the SQL type
 * effcap.commission_state (amount, rows, brackets): the exact running sum,
 * the rows in it, and the plan, which the final function needs and every
 * row of a group must share.  A plain composite, so a distributed planner
 * can ship it and parallel workers combine it; with its inverse it runs
 * over moving window frames (a running commission over a month's days).
 * Rows with a NULL amount or plan are skipped, as a strict aggregate does;
 * a state of no rows is (0, 0, NULL) -- a moving aggregate's state must not
 * be NULL -- and takes the plan of the next row it gets.
 */
PG_FUNCTION_INFO_V1(incentives_sales_trans);
PG_FUNCTION_INFO_V1(incentives_sales_inv);
PG_FUNCTION_INFO_V1(incentives_sales_combine);
PG_FUNCTION_INFO_V1(incentives_sales_final);

typedef struct SalesState
{
	Numeric		amount;
	int64		rows;
	Jsonb	   *plan;			/* NULL only while rows is 0 */
} SalesState;

/*
 * A state's fields.  desc is the state type's, which the transition and
 * combine functions have cached (their result type); NULL looks it up
 * (the final function, once a group).
 */
static SalesState
SalesRead(Datum d, TupleDesc desc)
{
	static const char *const fields[] = {"amount", "rows", "brackets"};
	HeapTupleHeader t = DatumGetHeapTupleHeader(d);
	SalesState	s;
	bool		isnull[3];
	Datum		v[3];

	if (desc)
	{
		HeapTupleData tuple;

		tuple.t_len = HeapTupleHeaderGetDatumLength(t);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = t;
		heap_deform_tuple(&tuple, desc, v, isnull);
	}
	else
		for (int i = 0; i < 3; i++)
			v[i] = GetAttributeByNum(t, i + 1, &isnull[i]);
	for (int i = 0; i < 2; i++)
		if (isnull[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("effcap.commission_state's %s must not be NULL", fields[i])));
	s.amount = DatumGetNumeric(v[0]);
	s.rows = DatumGetInt64(v[1]);
	s.plan = isnull[2] ? NULL : DatumGetJsonbP(v[2]);
	if (s.rows < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("effcap.commission_state must have rows not below 0, not " INT64_FORMAT, s.rows)));
	if (s.plan == NULL && s.rows > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("effcap.commission_state of " INT64_FORMAT " rows must have brackets", s.rows)));
	FiniteAmount(s.amount, "effcap.commission_state's amount", false);
	return s;
}

static Datum
SalesWrite(FunctionCallInfo fcinfo, const SalesState *s)
{
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.commission_state");
	Datum		v[3] = {NumericGetDatum(s->amount), Int64GetDatum(s->rows), PointerGetDatum(s->plan)};
	bool		isnull[3] = {false, false, s->plan == NULL};

	return HeapTupleGetDatum(heap_form_tuple(desc, v, isnull));
}

/* The rows of a group must share one plan (equal as jsonb, not only in bytes). */
static void
SamePlan(Jsonb *a, Jsonb *b)
{
	if (!JsonbSameValue((struct varlena *) a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("every row of a group must have the same commission plan"),
				 errdetail("One row has %s, another %s.",
						   JsonbToCString(NULL, &a->root, VARSIZE(a)), JsonbToCString(NULL, &b->root, VARSIZE(b))),
				 errhint("Pay each plan in its own group: GROUP BY the plan's key.")));
}

static Datum
SalesStep(FunctionCallInfo fcinfo, int sign)
{
	SalesState	s = {int64_to_numeric(0), 0, NULL};
	Numeric		amount;
	Jsonb	   *plan;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "sales_commission called in non-aggregate context");
	if (!PG_ARGISNULL(0))
		s = SalesRead(PG_GETARG_DATUM(0), SummaryResultDesc(fcinfo, "effcap.commission_state"));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return PG_ARGISNULL(0) ? SalesWrite(fcinfo, &s) : PG_GETARG_DATUM(0);
	amount = PG_GETARG_NUMERIC(1);
	plan = PG_GETARG_JSONB_P(2);
	FiniteAmount(amount, "amount", false);
	(void) PlanArg(fcinfo, 2);	/* a bad plan fails on its first row */
	if (s.rows == 0)
	{
		if (sign < 0)
			elog(ERROR, "sales_commission: removal from an empty state");
		s.plan = plan;			/* no row holds the plan of before */
	}
	else
		SamePlan(s.plan, plan);
	s.amount = sign > 0 ? NumAdd(s.amount, amount) : NumSub(s.amount, amount);
	s.rows += sign;
	return SalesWrite(fcinfo, &s);
}

Datum
incentives_sales_trans(PG_FUNCTION_ARGS)
{
	return SalesStep(fcinfo, 1);
}

Datum
incentives_sales_inv(PG_FUNCTION_ARGS)
{
	return SalesStep(fcinfo, -1);
}

/* Strict: PostgreSQL copies the first state it sees. */
Datum
incentives_sales_combine(PG_FUNCTION_ARGS)
{
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.commission_state");
	SalesState	a = SalesRead(PG_GETARG_DATUM(0), desc),
				b = SalesRead(PG_GETARG_DATUM(1), desc);

	if (b.rows == 0)
		return SalesWrite(fcinfo, &a);
	if (a.rows == 0)
		return SalesWrite(fcinfo, &b);
	SamePlan(a.plan, b.plan);
	a.amount = NumAdd(a.amount, b.amount);
	a.rows += b.rows;
	return SalesWrite(fcinfo, &a);
}

/* NULL for no rows (an empty window frame); else what the plan pays on the sum. */
Datum
incentives_sales_final(PG_FUNCTION_ARGS)
{
	SalesState	s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SalesRead(PG_GETARG_DATUM(0), NULL);
	if (s.rows == 0)
		PG_RETURN_NULL();
	return CommissionRow(fcinfo, RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
											   (struct varlena *) s.plan, sizeof(CommissionPlan), ParsePlan),
						 s.amount, "the sum of amounts");
}

/* validate_commission_plan(plan): true, or the error that names the JSON path. */
Datum
incentives_validate_plan(PG_FUNCTION_ARGS)
{
	(void) PlanArg(fcinfo, 0);
	PG_RETURN_BOOL(true);
}

/*
 * ramped_target(target, tenure_months, ramp): a target scaled for a new
 * hire (seed 002: capacity in the first three months is about 60% of a
 * veteran's), so that ranks compare like with like.  ramp is
 * {"factors": [0.6, 0.6, 0.6, 0.8]}: the factor of the first month of
 * tenure (tenure_months 0), the second, ...; from the month after the
 * last factor on, the full target.
 */
#define MAX_RAMP_MONTHS 120

typedef struct Ramp
{
	int			n;
	double		factor[MAX_RAMP_MONTHS];
} Ramp;

static const RulesDoc RampDoc = {"ramp", ERRCODE_INVALID_PARAMETER_VALUE};

static void
ParseRamp(Jsonb *doc, void *out)
{
	static const char *const keys[] = {"factors", NULL};
	Ramp	   *r = (Ramp *) out;
	JsonbContainer *root = RulesRoot(&RampDoc, doc),
			   *arr;
	JsonbValue	v;

	RulesCheckKeys(&RampDoc, root, "", keys);
	if (!RulesGet(root, "factors", &v))
		RulesError(&RampDoc, "factors", "is missing");
	arr = RulesArray(&RampDoc, &v, "factors");
	r->n = JsonContainerSize(arr);
	if (r->n < 1 || r->n > MAX_RAMP_MONTHS)
		RulesError(&RampDoc, "factors", "must hold 1 to %d monthly factors, not %d", MAX_RAMP_MONTHS, r->n);
	for (int i = 0; i < r->n; i++)
	{
		char	   *path = RulesPathIndex("factors", i);
		double		f = RulesNumber(&RampDoc, getIthJsonbValueFromContainer(arr, i), path, "a number");

		if (!(f > 0 && f <= 1))
			RulesError(&RampDoc, path, "must be above 0 and at most 1 (a share of the full target), not %g", f);
		r->factor[i] = f;
	}
}

Datum
incentives_ramped_target(PG_FUNCTION_ARGS)
{
	double		target = PG_GETARG_FLOAT8(0);
	int32		tenure = PG_GETARG_INT32(1);
	const Ramp *r = RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
								  PG_GETARG_VARLENA_P(2), sizeof(Ramp), ParseRamp);

	if (isnan(target) || isinf(target))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target must be finite, not %g", target)));
	if (tenure < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tenure_months must not be negative, not %d", tenure)));
	PG_RETURN_FLOAT8(tenure < r->n ? target * r->factor[tenure] : target);
}

/*
 * base_target(share) WITHIN GROUP (ORDER BY value): seed 003's base
 * target, the value that a given share of staff reach.  Reaching means
 * coming at or before the value in the ORDER BY: ORDER BY sales DESC when
 * more is better (the target is then the ceil(share x n)-th largest
 * value), ORDER BY handle_time for a time to stay under.  That is the
 * strictest target at least share x n of the n rows reach: one step
 * stricter and fewer do.  It is percentile_disc(share) over the same
 * order, but share is numeric, so ceil(share x n) is exact (in float8
 * 0.07 x 100 is 7.000000000000001 and percentile_disc takes the 8th).
 * NULL values are skipped; no values, or a NULL share, give NULL.
 *
 * An ordered-set aggregate, as percentile_disc: PostgreSQL's tuplesort
 * takes the values (spilling to disk past work_mem) in the ORDER BY's
 * sort order, type and collation, and the final function skips to the
 * row.  Ordered-set aggregates have no combine function.
 */
PG_FUNCTION_INFO_V1(incentives_target_trans);
PG_FUNCTION_INFO_V1(incentives_target_final);

typedef struct TargetState
{
	Tuplesortstate *sort;
	int64		n;				/* values put, NULLs not counted */
} TargetState;

static void
TargetShutdown(Datum arg)
{
	TargetState *st = (TargetState *) DatumGetPointer(arg);

	if (st->sort)
		tuplesort_end(st->sort);
	st->sort = NULL;
}

Datum
incentives_target_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	TargetState *st;

	if (AggCheckCallContext(fcinfo, &aggcxt) != AGG_CONTEXT_AGGREGATE)
		elog(ERROR, "base_target called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		Aggref	   *aggref = AggGetAggref(fcinfo);
		SortGroupClause *sc;
		TargetEntry *tle;
		MemoryContext old;

		if (aggref == NULL || list_length(aggref->aggorder) != 1)
			elog(ERROR, "base_target: one ORDER BY column expected");
		sc = linitial_node(SortGroupClause, aggref->aggorder);
		tle = get_sortgroupclause_tle(sc, aggref->args);
		old = MemoryContextSwitchTo(aggcxt);
		st = palloc0(sizeof(TargetState));
		st->sort = tuplesort_begin_datum(exprType((Node *) tle->expr), sc->sortop,
										 exprCollation((Node *) tle->expr), sc->nulls_first,
										 work_mem, NULL, TUPLESORT_NONE);
		MemoryContextSwitchTo(old);
		AggRegisterCallback(fcinfo, TargetShutdown, PointerGetDatum(st));
	}
	else
		st = (TargetState *) PG_GETARG_POINTER(0);
	if (!PG_ARGISNULL(1))
	{
		tuplesort_putdatum(st->sort, PG_GETARG_DATUM(1), false);
		st->n++;
	}
	PG_RETURN_POINTER(st);
}

/* The position of the target: ceil(share x n), share in (0, 1], exact. */
static int64
TargetRank(Numeric share, int64 n)
{
	Numeric		k;

	if (numeric_is_nan(share) || NumCmp(share, int64_to_numeric(0)) <= 0 ||
		NumCmp(share, int64_to_numeric(1)) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("share must be above 0 and at most 1 (0.8 for 80%% of staff), not %s",
						NumText(share))));
	k = DatumGetNumeric(DirectFunctionCall1(numeric_ceil,
											NumericGetDatum(NumMul(share, int64_to_numeric(n)))));
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(k)));
}

/* Called once per group (FINALFUNC_MODIFY = READ_WRITE): sorts and reads. */
Datum
incentives_target_final(PG_FUNCTION_ARGS)
{
	TargetState *st;
	int64		k;
	Datum		value;
	bool		isnull;

	if (AggCheckCallContext(fcinfo, NULL) != AGG_CONTEXT_AGGREGATE)
		elog(ERROR, "base_target called in non-aggregate context");
	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	/* The share is checked with rows or without, as percentile_disc does. */
	k = TargetRank(PG_GETARG_NUMERIC(1), PG_ARGISNULL(0) ? 0 : ((TargetState *) PG_GETARG_POINTER(0))->n);
	if (PG_ARGISNULL(0) || ((TargetState *) PG_GETARG_POINTER(0))->n == 0)
		PG_RETURN_NULL();
	st = (TargetState *) PG_GETARG_POINTER(0);
	tuplesort_performsort(st->sort);
	if (k > 1 && !tuplesort_skiptuples(st->sort, k - 1, true))
		elog(ERROR, "base_target: fewer values than counted");
	if (!TuplesortGetDatum(st->sort, &value, &isnull) || isnull)
		elog(ERROR, "base_target: fewer values than counted");
	PG_RETURN_DATUM(value);
}

/*
 * attainment(value, base_target, challenge_target, plan): which target a
 * value reaches and the multiplier it earns (seed 003: the challenge
 * target, e.g. 10% above the industry average, earns 30% more).
 *
 *	 {"better": "higher", "below": 0, "base": 1, "challenge": 1.3}
 *
 * "better" says which way reaches ("higher": value >= target, the
 * default; "lower": value <= target, for a time to stay under); the three
 * multipliers are exact decimals, not below 0 and not falling from level
 * to level.  Any ordered type compares by its default btree order
 * (anycompatible: numeric sales against a float8 target, intervals).  A
 * NULL challenge target means none: the levels are below and base.  A
 * NULL value, base target or plan gives NULL.
 */
PG_FUNCTION_INFO_V1(incentives_attainment);

typedef struct AttainmentPlan
{
	bool		lower;			/* lower values are better */
	Numeric		multiplier[3];	/* below, base, challenge */
} AttainmentPlan;

static const RulesDoc AttainmentDoc = {"attainment plan", ERRCODE_INVALID_PARAMETER_VALUE};
static const char *const Levels[] = {"below", "base", "challenge"};

static void
ParseAttainment(Jsonb *doc, void *out)
{
	static const char *const keys[] = {"better", "below", "base", "challenge", NULL};
	AttainmentPlan *p = (AttainmentPlan *) out;
	JsonbContainer *root = RulesRoot(&AttainmentDoc, doc);
	JsonbValue	v;

	RulesCheckKeys(&AttainmentDoc, root, "", keys);
	p->lower = PlanChoice(&AttainmentDoc, root, "better", "higher", "lower", false);
	for (int i = 0; i < 3; i++)
	{
		if (!RulesGet(root, Levels[i], &v))
			RulesError(&AttainmentDoc, Levels[i], "is missing: the multiplier of the level (1.3 for 30%% more)");
		p->multiplier[i] = PlanNumber(&AttainmentDoc, &v, Levels[i], NULL, NULL);
		if (i > 0 && NumCmp(p->multiplier[i], p->multiplier[i - 1]) < 0)
			RulesError(&AttainmentDoc, Levels[i], "must not be below the multiplier of %s (%s), not %s: a level reached never pays less",
					   Levels[i - 1], NumText(p->multiplier[i - 1]), NumText(p->multiplier[i]));
	}
}

/* Whether a reaches b: a at or beyond b in the better direction. */
static bool
Reaches(FunctionCallInfo fcinfo, TypeCacheEntry *tc, bool lower, Datum a, Datum b)
{
	int32		c = DatumGetInt32(FunctionCall2Coll(&tc->cmp_proc_finfo, PG_GET_COLLATION(), a, b));

	return lower ? c <= 0 : c >= 0;
}

static char *
ValueText(Oid type, Datum v)
{
	Oid			out;
	bool		varlena;

	getTypeOutputInfo(type, &out, &varlena);
	return OidOutputFunctionCall(out, v);
}

Datum
incentives_attainment(PG_FUNCTION_ARGS)
{
	Oid			type = get_fn_expr_argtype(fcinfo->flinfo, 0);
	TypeCacheEntry *tc;
	const AttainmentPlan *p;
	int			level = 0;
	TupleDesc	desc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	tc = lookup_type_cache(type, TYPECACHE_CMP_PROC_FINFO);
	if (!OidIsValid(tc->cmp_proc_finfo.fn_oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("attainment needs values of an ordered type, not %s", format_type_be(type))));
	p = RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
					  PG_GETARG_VARLENA_P(3), sizeof(AttainmentPlan), ParseAttainment);
	if (!PG_ARGISNULL(2) && !Reaches(fcinfo, tc, p->lower, PG_GETARG_DATUM(2), PG_GETARG_DATUM(1)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("challenge_target %s is easier to reach than base_target %s",
						ValueText(type, PG_GETARG_DATUM(2)), ValueText(type, PG_GETARG_DATUM(1))),
				 errhint("With \"better\": \"%s\" the challenge target must be %s the base target.",
						 p->lower ? "lower" : "higher", p->lower ? "at or below" : "at or above")));
	if (Reaches(fcinfo, tc, p->lower, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)))
		level = (!PG_ARGISNULL(2) && Reaches(fcinfo, tc, p->lower, PG_GETARG_DATUM(0), PG_GETARG_DATUM(2))) ? 2 : 1;
	desc = SummaryResultDesc(fcinfo, "effcap.attainment");
	values[0] = CStringGetTextDatum(Levels[level]);
	values[1] = NumericGetDatum(p->multiplier[level]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
