/*
 * counters.c
 *		Counter states shared by the counting aggregates: a bigint[] (or
 *		float8[]) of fixed layout per aggregate, checked whenever a support
 *		function is handed one (users can call them), updated in place when
 *		the aggregate owns it, and combined element by element.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/execnodes.h"
#include "utils/array.h"

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

/* Combine two bigint[] counter states of equal length element by element. */
Datum
counts_combine(PG_FUNCTION_ARGS)
{
	/* The length of the first state sets the kind (csat 3, nps 4...). */
	ArrayType  *a = PG_GETARG_ARRAYTYPE_P(0);
	int			len = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
	ArrayType  *aa,
			   *bb;
	int64	   *x,
			   *y;

	if (len < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state")));
	x = StateArray(fcinfo, 0, len, &aa);
	y = StateArray(fcinfo, 1, len, &bb);

	/*
	 * Element 0 is the parameter (scale, exemptions + 1, or 0 for NPS), 0 in
	 * a state that has seen no row yet; set ones must agree.
	 */
	if (x[0] < 0 || y[0] < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid effcap state: negative parameter")));
	if (x[0] == 0)
		x[0] = y[0];
	if (y[0] != 0 && x[0] != y[0])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine states with different parameters (%lld and %lld)",
						(long long) x[0], (long long) y[0])));
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

