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

#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
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
