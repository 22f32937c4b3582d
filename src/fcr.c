/*
 * fcr.c
 *		First-contact resolution (DESIGN 4): the repeat-contact window
 *		functions.
 *
 * A contact at t is repeated when the same customer (the window partition)
 * makes another contact at t2 with t < t2 <= t + window; it repeats an
 * earlier one when some contact at t0 has t0 < t <= t0 + window.  Contacts at
 * the same instant are not repeats of each other.  The functions read only
 * the neighbouring distinct instant, so the tuplestore keeps just what they
 * still need (WinSetMarkPosition), and tied instants are scanned once.
 *
 * The repeat window is an exact duration: days count 24 hours and months are
 * refused, so the result does not depend on the session time zone and the
 * functions are truly IMMUTABLE.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

PG_FUNCTION_INFO_V1(first_contact_resolved);
PG_FUNCTION_INFO_V1(is_repeat);

/* The repeat window in microseconds; an error unless a positive exact duration. */
static int64
RepeatWindowMicros(Interval *w)
{
	int64		us;

	if (w->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must not contain months or years"),
				 errhint("Give it in days or hours, e.g. interval '30 days'.")));
	if (pg_mul_s64_overflow((int64) w->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, w->time, &us))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("repeat window is out of range")));
	if (us <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must be positive")));
	return us;
}

/* A finite contact time, or an error. */
static TimestampTz
ContactTime(Datum d)
{
	TimestampTz t = DatumGetTimestampTz(d);

	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("contact time must be finite, not %s",
						TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
	return t;
}

/*
 * The neighbouring distinct instant of a partition, remembered across the
 * rows of a tie so that a run of equal instants is scanned once.
 */
typedef struct Neighbour
{
	bool		valid;
	TimestampTz t;				/* the instant it was found for */
	int64		pos;			/* its position, or -1 for none */
	TimestampTz t2;				/* its instant */
} Neighbour;

/*
 * Find the nearest row after (dir 1) or before (dir -1) the current one with
 * an instant different from t.  Rows out of order are an error: the window
 * must be ordered by the contact time.  A NULL instant ends the search (NULLs
 * sort at one end).
 */
static void
FindNeighbour(WindowObject winobj, const char *fname, int dir, TimestampTz t,
			  Neighbour *nb)
{
	int64		cur = WinGetCurrentPosition(winobj);

	if (nb->valid && nb->t == t && (nb->pos < 0 || (nb->pos - cur) * dir > 0))
		return;
	nb->valid = true;
	nb->t = t;
	nb->pos = -1;
	for (int64 k = 1;; k++)
	{
		bool		isnull,
					isout;
		Datum		d = WinGetFuncArgInPartition(winobj, 0, (int) (dir * k),
												 WINDOW_SEEK_CURRENT, false,
												 &isnull, &isout);
		TimestampTz t2;

		if (isout || isnull)
			return;
		t2 = ContactTime(d);
		if ((t2 - t) * dir < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs the window ordered by the contact time", fname),
					 errhint("Use OVER (PARTITION BY customer ORDER BY contact_at).")));
		if (t2 != t)
		{
			nb->pos = cur + dir * k;
			nb->t2 = t2;
			return;
		}
		if (k >= PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many contacts at one instant")));
	}
}

/*
 * first_contact_resolved(contact_at, repeat_window [, as_of]): true when the
 * customer makes no later contact within the window, false when it does,
 * NULL when the window reaches past as_of without a repeat (pending).
 */
Datum
first_contact_resolved(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Neighbour  *next = WinGetPartitionLocalMemory(winobj, sizeof(Neighbour));
	bool		isnull;
	Datum		d;
	TimestampTz t;
	int64		window;
	TimestampTz as_of = 0;
	bool		has_as_of = PG_NARGS() > 2;

	/* Nothing before the current row is needed again. */
	WinSetMarkPosition(winobj, WinGetCurrentPosition(winobj));

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	window = RepeatWindowMicros(DatumGetIntervalP(d));
	if (has_as_of)
	{
		d = WinGetFuncArgCurrent(winobj, 2, &isnull);
		if (isnull)
			PG_RETURN_NULL();
		as_of = DatumGetTimestampTz(d);
	}
	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	t = ContactTime(d);

	FindNeighbour(winobj, "first_contact_resolved", 1, t, next);
	if (next->pos >= 0 && next->t2 - t <= window)
		PG_RETURN_BOOL(false);
	/* Pending: the window is not over at as_of (as_of - t < window). */
	if (has_as_of && !TIMESTAMP_IS_NOEND(as_of) &&
		(TIMESTAMP_IS_NOBEGIN(as_of) || as_of - t < window))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(true);
}

/*
 * is_repeat(contact_at, repeat_window): true when the customer made an
 * earlier contact within the window before this one.
 */
Datum
is_repeat(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Neighbour  *prev = WinGetPartitionLocalMemory(winobj, sizeof(Neighbour));
	bool		isnull;
	Datum		d;
	TimestampTz t;
	int64		window;

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	window = RepeatWindowMicros(DatumGetIntervalP(d));
	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
	{
		WinSetMarkPosition(winobj, WinGetCurrentPosition(winobj));
		PG_RETURN_NULL();
	}
	t = ContactTime(d);

	FindNeighbour(winobj, "is_repeat", -1, t, prev);
	/* Later rows need nothing before the nearest earlier instant. */
	WinSetMarkPosition(winobj, prev->pos >= 0 ? prev->pos : WinGetCurrentPosition(winobj));
	PG_RETURN_BOOL(prev->pos >= 0 && t - prev->t2 <= window);
}

/* ----------------------------------------------------------------------
 * The fcr_rate / fcr_stats aggregates (bigint customer keys)
 *
 * The state keeps one (customer, time) pair per contact, 16 bytes, in an
 * array grown by half its size (so at most 24 bytes a contact); the final
 * function sorts it and reads each customer's contacts in order.  Sorting is
 * O(n log n) and needs no per-customer structure at all.
 * ---------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(fcr_trans);
PG_FUNCTION_INFO_V1(fcr_combine);
PG_FUNCTION_INFO_V1(fcr_serialize);
PG_FUNCTION_INFO_V1(fcr_deserialize);
PG_FUNCTION_INFO_V1(fcr_rate_final);
PG_FUNCTION_INFO_V1(fcr_stats_final);

#define FCR_VERSION 1

typedef struct FcrContact
{
	int64		customer;
	TimestampTz t;
} FcrContact;

typedef struct FcrState
{
	int64		window;			/* microseconds */
	bool		has_as_of;
	TimestampTz as_of;
	int64		n;
	int64		cap;
	FcrContact *c;
} FcrState;

/* Serialized form: this header, then n FcrContact. */
typedef struct FcrWire
{
	uint8		version;
	uint8		has_as_of;
	uint16		reserved;
	uint32		reserved2;
	int64		window;
	TimestampTz as_of;
	int64		n;
} FcrWire;

static void
FcrSameParameters(const FcrState *a, int64 window, bool has_as_of, TimestampTz as_of)
{
	if (a->window != window || a->has_as_of != has_as_of || (has_as_of && a->as_of != as_of))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window and as_of must be the same for every row of a group")));
}

/* Room for `more` contacts, growing by half. */
static void
FcrReserve(FcrState *s, int64 more, MemoryContext cxt)
{
	int64		need;

	if (pg_add_s64_overflow(s->n, more, &need))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many contacts in one group")));
	if (need <= s->cap)
		return;
	s->cap = Max(need, Max(s->cap + s->cap / 2, 64));
	if ((Size) s->cap > MaxAllocHugeSize / sizeof(FcrContact))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many contacts in one group")));
	s->c = s->c == NULL ?
		MemoryContextAllocHuge(cxt, s->cap * sizeof(FcrContact)) :
		repalloc_huge(s->c, s->cap * sizeof(FcrContact));
}

static FcrState *
FcrNew(MemoryContext cxt, int64 window, bool has_as_of, TimestampTz as_of)
{
	FcrState   *s = MemoryContextAllocZero(cxt, sizeof(FcrState));

	s->window = window;
	s->has_as_of = has_as_of;
	s->as_of = as_of;
	return s;
}

/*
 * Transition: fcr_trans(state, customer, contact_at, repeat_window [, as_of]).
 * A row with a NULL customer or time is skipped.
 */
Datum
fcr_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FcrState   *s = PG_ARGISNULL(0) ? NULL : (FcrState *) PG_GETARG_POINTER(0);
	bool		has_as_of = PG_NARGS() > 4;
	int64		window;
	TimestampTz as_of = 0;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_trans called in non-aggregate context");
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("repeat window must not be NULL")));
	window = RepeatWindowMicros(PG_GETARG_INTERVAL_P(3));
	if (has_as_of)
	{
		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("as_of must not be NULL")));
		as_of = PG_GETARG_TIMESTAMPTZ(4);
	}
	if (s == NULL)
		s = FcrNew(aggcxt, window, has_as_of, as_of);
	else
		FcrSameParameters(s, window, has_as_of, as_of);

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
	{
		TimestampTz t = ContactTime(PG_GETARG_DATUM(2));

		FcrReserve(s, 1, aggcxt);
		s->c[s->n].customer = PG_GETARG_INT64(1);
		s->c[s->n].t = t;
		s->n++;
	}
	PG_RETURN_POINTER(s);
}

Datum
fcr_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FcrState   *a = PG_ARGISNULL(0) ? NULL : (FcrState *) PG_GETARG_POINTER(0);
	FcrState   *b = PG_ARGISNULL(1) ? NULL : (FcrState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = FcrNew(aggcxt, b->window, b->has_as_of, b->as_of);
	else
		FcrSameParameters(a, b->window, b->has_as_of, b->as_of);
	if (b->n > 0)
	{
		FcrReserve(a, b->n, aggcxt);
		memcpy(a->c + a->n, b->c, b->n * sizeof(FcrContact));
		a->n += b->n;
	}
	PG_RETURN_POINTER(a);
}

Datum
fcr_serialize(PG_FUNCTION_ARGS)
{
	FcrState   *s = (FcrState *) PG_GETARG_POINTER(0);
	Size		size = add_size(VARHDRSZ + sizeof(FcrWire), mul_size(s->n, sizeof(FcrContact)));
	bytea	   *out = palloc_extended(size, MCXT_ALLOC_HUGE);
	FcrWire		w = {0};

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "fcr_serialize called in non-aggregate context");
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("partial FCR state of %lld contacts is too large to pass between workers",
						(long long) s->n)));
	SET_VARSIZE(out, size);
	w.version = FCR_VERSION;
	w.has_as_of = s->has_as_of;
	w.window = s->window;
	w.as_of = s->as_of;
	w.n = s->n;
	memcpy(VARDATA(out), &w, sizeof(w));
	if (s->n > 0)
		memcpy(VARDATA(out) + sizeof(w), s->c, s->n * sizeof(FcrContact));
	PG_RETURN_BYTEA_P(out);
}

Datum
fcr_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	FcrWire		w;
	FcrState   *s;
	Size		len = VARSIZE_ANY_EXHDR(in);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_deserialize called in non-aggregate context");
	if (len < sizeof(w))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid FCR state: too short")));
	memcpy(&w, VARDATA_ANY(in), sizeof(w));
	if (w.version != FCR_VERSION || w.has_as_of > 1 || w.reserved != 0 || w.reserved2 != 0 ||
		w.window <= 0 || w.n < 0 || (Size) w.n != (len - sizeof(w)) / sizeof(FcrContact) ||
		(len - sizeof(w)) % sizeof(FcrContact) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid FCR state")));
	s = FcrNew(aggcxt, w.window, w.has_as_of, w.as_of);
	if (w.n > 0)
	{
		FcrReserve(s, w.n, aggcxt);
		memcpy(s->c, VARDATA_ANY(in) + sizeof(w), w.n * sizeof(FcrContact));
		s->n = w.n;
	}
	PG_RETURN_POINTER(s);
}

static int
FcrContactCmp(const void *a, const void *b)
{
	const FcrContact *x = a;
	const FcrContact *y = b;

	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	return (x->t > y->t) - (x->t < y->t);
}

typedef struct FcrCounts
{
	int64		contacts,
				resolved,
				repeated,
				pending;
} FcrCounts;

/*
 * Sort the contacts by customer and time, then judge each against the next
 * later contact of its customer.  Sorting in place leaves the state's
 * content unchanged, so other final calls on it see the same contacts.
 */
static FcrCounts
FcrCount(FcrState *s)
{
	FcrCounts	k = {0};
	int64		next = 0;		/* first index with a later time, same customer */

	qsort(s->c, s->n, sizeof(FcrContact), FcrContactCmp);
	for (int64 i = 0; i < s->n; i++)
	{
		const FcrContact *c = &s->c[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (next <= i)
		{
			next = i + 1;
			while (next < s->n && s->c[next].customer == c->customer && s->c[next].t == c->t)
				next++;
		}
		k.contacts++;
		if (next < s->n && s->c[next].customer == c->customer && s->c[next].t - c->t <= s->window)
			k.repeated++;
		else if (s->has_as_of && !TIMESTAMP_IS_NOEND(s->as_of) &&
				 (TIMESTAMP_IS_NOBEGIN(s->as_of) || s->as_of - c->t < s->window))
			k.pending++;
		else
			k.resolved++;
	}
	return k;
}

/* fcr_rate: resolved / (contacts - pending), NULL when that is 0. */
Datum
fcr_rate_final(PG_FUNCTION_ARGS)
{
	FcrCounts	k;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	k = FcrCount((FcrState *) PG_GETARG_POINTER(0));
	if (k.contacts - k.pending == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) k.resolved / (double) (k.contacts - k.pending));
}

/* fcr_stats: (contacts, resolved, repeated, pending, rate). */
Datum
fcr_stats_final(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	FcrCounts	k;
	Datum		values[5];
	bool		nulls[5] = {0};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "effcap.fcr result type expected");
	tupdesc = BlessTupleDesc(tupdesc);
	k = FcrCount((FcrState *) PG_GETARG_POINTER(0));
	values[0] = Int64GetDatum(k.contacts);
	values[1] = Int64GetDatum(k.resolved);
	values[2] = Int64GetDatum(k.repeated);
	values[3] = Int64GetDatum(k.pending);
	values[4] = Float8GetDatum(k.contacts - k.pending > 0 ?
							   (double) k.resolved / (double) (k.contacts - k.pending) : 0);
	nulls[4] = k.contacts - k.pending == 0;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
