/*
 * counters.c
 *		Counter states shared by the counting aggregates: a bigint[] (or
 *		float8[]) of fixed layout per aggregate, checked whenever a support
 *		function is handed one (users can call them), updated in place when
 *		the aggregate owns it, and combined element by element.
 */
#include "postgres.h"

#include "catalog/pg_aggregate.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/execnodes.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/syscache.h"

#include "counters.h"

PG_FUNCTION_INFO_V1(counts_combine);

/* A zeroed state array of len bigint or float8 elements (0 and 0.0 alike). */
ArrayType *
NewState(int len, Oid elemtype)
{
	Datum	   *zeros = palloc0(sizeof(Datum) * len);

	return construct_array(zeros, len, elemtype, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/*
 * The 8-byte elements (bigint or float8) of a state array argument of the
 * given length, checked.  A NULL state (a direct call, or a user's aggregate
 * without an initial value) is an empty one.  When we own the array
 * (aggregate context, not detoasted) it is updated in place; otherwise we
 * work on a copy.
 */
void *
StateData(FunctionCallInfo fcinfo, int argno, int len, Oid elemtype, ArrayType **arr_out)
{
	Datum		d;
	ArrayType  *a;

	if (PG_ARGISNULL(argno))
	{
		a = NewState(len, elemtype);
		*arr_out = a;
		return ARR_DATA_PTR(a);
	}
	d = PG_GETARG_DATUM(argno);
	/* Our own state in an aggregate is never toasted: no call for it. */
	a = VARATT_IS_EXTENDED(DatumGetPointer(d)) ? DatumGetArrayTypeP(d) : (ArrayType *) DatumGetPointer(d);
	if (ARR_NDIM(a) != 1 || ARR_HASNULL(a) || ARR_ELEMTYPE(a) != elemtype || ARR_DIMS(a)[0] != len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state: expected a %s array of %d elements without NULLs",
						elemtype == INT8OID ? "bigint" : "float8", len)));
	/*
	 * A detoasted array is a fresh copy already; in an aggregate (what
	 * AggCheckCallContext() tests, inline here as it runs for every row) the
	 * state is ours to update.
	 */
	if ((Pointer) a == DatumGetPointer(d) &&
		!(fcinfo->context != NULL &&
		  (IsA(fcinfo->context, AggState) || IsA(fcinfo->context, WindowAggState))))
	{
		ArrayType  *copy = palloc(VARSIZE(a));

		memcpy(copy, a, VARSIZE(a));
		a = copy;
	}
	*arr_out = a;
	return ARR_DATA_PTR(a);
}

int64 *
StateArray(FunctionCallInfo fcinfo, int argno, int len, ArrayType **arr_out)
{
	return StateData(fcinfo, argno, len, INT8OID, arr_out);
}


static const char *const CounterKindNames[] = {"unknown", "csat", "nps", "aht_compliance", "fcr", "staffing_mismatch",
"complaint_stats", "response_rate"};

static const char *
KindName(int64 e0)
{
	int64		k = e0 / COUNTER_KIND_UNIT;

	return e0 >= 0 && k >= COUNTER_CSAT && k <= COUNTER_LAST ? CounterKindNames[k] : CounterKindNames[0];
}

/*
 * Whether the calling aggregate is still defined as before 0.6.0, when its
 * initial state carried no kind (INITCOND '{0,...}'): between installing
 * this library and ALTER EXTENSION effcap UPDATE, users' views over csat,
 * nps and aht_compliance keep working.  Only a state inside such an
 * aggregate may come without its kind; one handed to a support function
 * directly must carry it.
 */
static bool
CalledByUntaggedAggregate(FunctionCallInfo fcinfo)
{
	Aggref	   *aggref = AggGetAggref(fcinfo);
	HeapTuple	tup;
	bool		untagged = false;

	if (aggref == NULL)
		return false;
	tup = SearchSysCache1(AGGFNOID, ObjectIdGetDatum(aggref->aggfnoid));
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		init = SysCacheGetAttr(AGGFNOID, tup, Anum_pg_aggregate_agginitval, &isnull);

		untagged = !isnull && strncmp(TextDatumGetCString(init), "{0,", 3) == 0;
		ReleaseSysCache(tup);
	}
	return untagged;
}

/*
 * A counter state of the given kind (StateArray's checks, then its kind).
 * A NULL state is an empty one of that kind; so is the untagged initial
 * state of an aggregate defined before 0.6.0 (CalledByUntaggedAggregate),
 * which is given its kind here.
 */
int64 *
CounterState(FunctionCallInfo fcinfo, int argno, int len, CounterKind kind, ArrayType **arr_out)
{
	bool		fresh = PG_ARGISNULL(argno);
	int64	   *s = StateArray(fcinfo, argno, len, arr_out);

	if (fresh)
		s[0] = kind * COUNTER_KIND_UNIT;
	else if (s[0] >= 0 && s[0] < COUNTER_KIND_UNIT && CalledByUntaggedAggregate(fcinfo))
		s[0] += kind * COUNTER_KIND_UNIT;
	else if (s[0] < 0 || s[0] / COUNTER_KIND_UNIT != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state: expected a state of %s, not of %s (element 1 is " INT64_FORMAT ")",
						CounterKindNames[kind], KindName(s[0]), s[0]),
				 errdetail("Element 1 of a counter state is its kind times %lld plus its parameter.",
						   (long long) COUNTER_KIND_UNIT)));
	return s;
}

/* Set a state's parameter (below COUNTER_KIND_UNIT), keeping its kind. */
void
CounterSetParam(int64 *s, int64 param)
{
	Assert(param >= 0 && param < COUNTER_KIND_UNIT);
	s[0] = s[0] - CounterParam(s) + param;
}

pg_noinline void
CounterError(bool overflow, int64 delta)
{
	if (overflow)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("effcap state counter out of range")));
	/* Adding cannot make a sound counter negative: a hand-made state. */
	if (delta >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state: negative counter")));
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("cannot remove a value the aggregate state does not hold")));
}

/*
 * Combine two counter states of one kind, element by element.  Their
 * parameters must agree once set (0: no row has set it yet).
 */
Datum
counts_combine(PG_FUNCTION_ARGS)
{
	/* The length of the first state is checked against its kind below. */
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			len = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	ArrayType  *aa,
			   *bb;
	int64	   *x,
			   *y;
	int64		kind,
				px,
				py;

	if (len < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state")));
	x = StateArray(fcinfo, 0, len, &aa);
	kind = x[0] / COUNTER_KIND_UNIT;
	if (kind == 0 && x[0] >= 0 && CalledByUntaggedAggregate(fcinfo))
	{
		/*
		 * Two partial states of an aggregate defined before 0.6.0 that no
		 * row reached (untagged): their kind is the aggregate's, unknown
		 * here but the same for both; the other may have been tagged.
		 */
		y = StateArray(fcinfo, 1, len, &bb);
		if (y[0] >= COUNTER_KIND_UNIT)
			PG_RETURN_ARRAYTYPE_P(bb);
		kind = -1;
	}
	else if (x[0] < 0 || kind < COUNTER_CSAT || kind > COUNTER_LAST ||
		len != CounterLength((CounterKind) kind))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state: element 1 names no kind of counter state (" INT64_FORMAT ")",
						x[0])));
	if (kind >= 0)
		y = CounterState(fcinfo, 1, len, (CounterKind) kind, &bb);
	px = CounterParam(x);
	py = CounterParam(y);
	if (px == 0)
		CounterSetParam(x, py);
	else if (py != 0 && px != py)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine states with different parameters (%lld and %lld)",
						(long long) px, (long long) py)));
	for (int i = 1; i < len; i++)
	{
		if (y[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid effcap state: negative counter")));
		Add(&x[i], y[i]);
	}
	PG_RETURN_ARRAYTYPE_P(aa);
}
