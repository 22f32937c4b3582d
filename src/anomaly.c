/*
 * anomaly.c
 *		Change flags over an entity's own history (seed 003: an agent whose
 *		handle time suddenly drops 20% may be brushing customers off):
 *		window functions that compare each row with the rows before it in
 *		its partition.
 *
 *	 trailing_median(value, trailing_rows)	the median of the previous rows
 *	 robust_zscore(value, trailing_rows)	0.6745 (x - median) / MAD
 *	 sudden_drop(value, trailing_rows, drop) x <= (1 - drop) median
 *
 * The trailing frame is the trailing_rows rows before the current one in
 * the window's order (the current row excluded, NULL values skipped).  MAD
 * is the median of |v - median| over the frame; with the 0.6745 factor the
 * modified z-score of Iglewicz and Hoaglin, flagged when |M| > 3.5.
 *
 * Each partition's values are ranked once; a Fenwick tree of counts over
 * the ranks holds the frame as it slides (a row in, a row out: O(log n)),
 * and gives the k-th smallest value in O(log n).  The median is one or two
 * such lookups; the MAD is the middle of the deviations, which on either
 * side of the median are sorted already, so it is the k-th smallest of two
 * sorted sequences: a binary search of O(log w) lookups.  Nothing is sorted
 * again as the frame moves.
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "fmgr.h"
#include "utils/memutils.h"
#include "windowapi.h"

#include "effcap.h"

PG_FUNCTION_INFO_V1(anomaly_trailing_median);
PG_FUNCTION_INFO_V1(anomaly_robust_zscore);
PG_FUNCTION_INFO_V1(anomaly_sudden_drop);

/* The most trailing rows a frame may span. */
#define MAX_TRAILING 1000000

typedef struct Trail
{
	bool		ready;
	int32		trailing;		/* the frame's length, as the first row gave it */
	int64		rows;			/* of the partition */
	int			distinct;		/* distinct non-NULL values */
	double	   *values;			/* sorted distinct values */
	int		   *rank;			/* per row: 1-based rank of its value, 0 NULL */
	int		   *tree;			/* Fenwick tree of counts over ranks */
	int			count;			/* values in the frame */
	int64		lo,
				hi;				/* the frame holds rows [lo, hi) */
} Trail;

static int
DoubleCmp(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static double
ArgValue(WindowObject winobj, int64 pos, bool *isnull)
{
	bool		isout;
	Datum		d = WinGetFuncArgInPartition(winobj, 0, (int) pos, WINDOW_SEEK_HEAD, false, isnull, &isout);
	double		v;

	if (*isnull)
		return 0;
	v = DatumGetFloat8(d);
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value must be a finite number, not %g", v)));
	return v;
}

/* Rank the partition's values (once per partition). */
static void
TrailLoad(WindowObject winobj, Trail *t)
{
	MemoryContext cxt = GetMemoryChunkContext(t);
	int64		n = WinGetPartitionRowCount(winobj);
	double	   *sorted;
	int			m = 0;

	if (n > INT_MAX / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a partition of %lld rows is too large for a trailing frame", (long long) n)));
	t->rows = n;
	t->rank = MemoryContextAllocZero(cxt, sizeof(int) * Max(n, 1));
	sorted = palloc(sizeof(double) * Max(n, 1));
	for (int64 i = 0; i < n; i++)
	{
		bool		isnull;
		double		v = ArgValue(winobj, i, &isnull);

		if (!isnull)
			sorted[m++] = v;
		if ((i & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	qsort(sorted, m, sizeof(double), DoubleCmp);
	t->distinct = 0;
	for (int i = 0; i < m; i++)
		if (t->distinct == 0 || sorted[i] != sorted[t->distinct - 1])
			sorted[t->distinct++] = sorted[i];
	t->values = MemoryContextAlloc(cxt, sizeof(double) * Max(t->distinct, 1));
	memcpy(t->values, sorted, sizeof(double) * t->distinct);
	pfree(sorted);
	for (int64 i = 0; i < n; i++)
	{
		bool		isnull;
		double		v = ArgValue(winobj, i, &isnull);

		if (!isnull)
		{
			double	   *hit = bsearch(&v, t->values, t->distinct, sizeof(double), DoubleCmp);

			/* -0.0 and 0.0 compare equal: bsearch finds the one kept. */
			t->rank[i] = (int) (hit - t->values) + 1;
		}
	}
	t->tree = MemoryContextAllocZero(cxt, sizeof(int) * (t->distinct + 1));
	t->count = 0;
	t->lo = t->hi = 0;
	t->ready = true;
}

static void
TreeAdd(Trail *t, int r, int delta)
{
	t->count += delta;
	for (; r <= t->distinct; r += r & -r)
		t->tree[r] += delta;
}

/* Values in the frame with rank <= r. */
static int
TreePrefix(const Trail *t, int r)
{
	int			s = 0;

	for (; r > 0; r -= r & -r)
		s += t->tree[r];
	return s;
}

/* The k-th smallest value in the frame, 1 <= k <= count. */
static double
TreeKth(const Trail *t, int k)
{
	int			pos = 0,
				step = 1;

	while (step * 2 <= t->distinct)
		step *= 2;
	for (; step > 0; step /= 2)
		if (pos + step <= t->distinct && t->tree[pos + step] < k)
		{
			pos += step;
			k -= t->tree[pos];
		}
	return t->values[pos];
}

/* Slide the frame to the trailing rows of row pos: [pos - trailing, pos). */
static void
TrailMove(Trail *t, int64 pos)
{
	int64		lo = Max(pos - t->trailing, 0);

	/* The tree holds rows [t->lo, t->hi); rows arrive in order. */
	if (pos < t->hi || lo < t->lo || lo > t->hi)
	{
		/* Not the next row (never in a window's normal run): start again. */
		memset(t->tree, 0, sizeof(int) * (t->distinct + 1));
		t->count = 0;
		t->lo = t->hi = lo;
	}
	for (; t->hi < pos; t->hi++)
		if (t->rank[t->hi] > 0)
			TreeAdd(t, t->rank[t->hi], 1);
	for (; t->lo < lo; t->lo++)
		if (t->rank[t->lo] > 0)
			TreeAdd(t, t->rank[t->lo], -1);
}

static double
TrailMedian(const Trail *t)
{
	int			c = t->count;

	if (c % 2 == 1)
		return TreeKth(t, (c + 1) / 2);
	return (TreeKth(t, c / 2) + TreeKth(t, c / 2 + 1)) / 2;
}

/*
 * The k-th smallest |v - m| over the frame.  With a_1 <= ... <= a_c the
 * frame's values and p of them <= m, the deviations below are
 * L(j) = m - a(p - j + 1) and above R(j) = a(p + j) - m, each increasing in
 * j: the k-th smallest of their merge takes i from L and k - i from R for
 * the least i with L(i + 1) >= R(k - i).
 */
static double
KthDeviation(const Trail *t, double m, int p, int k)
{
	int			nl = p,
				nr = t->count - p,
				lo = Max(0, k - nr),
				hi = Min(k, nl);
	double		best = 0;

	while (lo < hi)
	{
		int			i = lo + (hi - lo) / 2;
		double		l_next = m - TreeKth(t, p - i),
					r_last = TreeKth(t, p + k - i) - m;

		if (l_next < r_last)
			lo = i + 1;
		else
			hi = i;
	}
	if (lo > 0)
		best = m - TreeKth(t, p - lo + 1);
	if (k - lo > 0)
		best = Max(best, TreeKth(t, p + k - lo) - m);
	return best;
}

static double
TrailMad(const Trail *t, double m)
{
	int			c = t->count,
				p = 0,
				lo = 0,
				hi = t->distinct;

	/* p: the frame's values <= m (ranks of values <= m are 1..lo). */
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (t->values[mid] <= m)
			lo = mid + 1;
		else
			hi = mid;
	}
	p = TreePrefix(t, lo);
	if (c % 2 == 1)
		return KthDeviation(t, m, p, (c + 1) / 2);
	return (KthDeviation(t, m, p, c / 2) + KthDeviation(t, m, p, c / 2 + 1)) / 2;
}

static int32
ArgInt(WindowObject winobj, int argno, const char *name, int32 lo, int32 hi)
{
	bool		isnull;
	int32		v = DatumGetInt32(WinGetFuncArgCurrent(winobj, argno, &isnull));

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name)));
	if (v < lo || v > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be between %d and %d, not %d", name, lo, hi, v)));
	return v;
}

/*
 * The frame of the current row, slid into place, when it holds at least
 * min_points values (else NULL).  *x: the current value, *x_null when NULL.
 */
static Trail *
CurrentFrame(WindowObject winobj, int min_arg, double *x, bool *x_null)
{
	Trail	   *t = WinGetPartitionLocalMemory(winobj, sizeof(Trail));
	int64		pos = WinGetCurrentPosition(winobj);
	int32		trailing = ArgInt(winobj, 1, "trailing_rows", 1, MAX_TRAILING);
	int32		min_points = ArgInt(winobj, min_arg, "min_points", 1, MAX_TRAILING);

	if (min_points > trailing)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_points (%d) must not exceed trailing_rows (%d)", min_points, trailing)));
	if (!t->ready)
	{
		t->trailing = trailing;
		TrailLoad(winobj, t);
	}
	else if (trailing != t->trailing)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trailing_rows must be the same for every row of a partition (%d, then %d)",
						t->trailing, trailing)));
	*x = ArgValue(winobj, pos, x_null);
	TrailMove(t, pos);
	return t->count >= min_points ? t : NULL;
}

/* trailing_median(value, trailing_rows [, min_points = 1]). */
Datum
anomaly_trailing_median(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	double		x;
	bool		x_null;
	Trail	   *t = CurrentFrame(winobj, 2, &x, &x_null);

	if (t == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(TrailMedian(t));
}

/*
 * robust_zscore(value, trailing_rows [, min_points = 5]): NULL for a NULL
 * value, fewer than min_points values before it, or a MAD of 0 (more than
 * half the frame the same value: no spread to measure against).
 */
Datum
anomaly_robust_zscore(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	double		x,
				m,
				mad;
	bool		x_null;
	Trail	   *t = CurrentFrame(winobj, 2, &x, &x_null);

	if (t == NULL || x_null)
		PG_RETURN_NULL();
	m = TrailMedian(t);
	mad = TrailMad(t, m);
	if (mad == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(0.6745 * (x - m) / mad);
}

/*
 * sudden_drop(value, trailing_rows [, drop = 0.2 [, min_points = 5]]):
 * value <= (1 - drop) x the median of the frame; NULL for a NULL value or
 * fewer than min_points values before it.
 */
Datum
anomaly_sudden_drop(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	bool		isnull;
	double		drop = DatumGetFloat8(WinGetFuncArgCurrent(winobj, 2, &isnull));
	double		x;
	bool		x_null;
	Trail	   *t;

	if (isnull || isnan(drop) || drop <= 0 || drop >= 1)
		ereport(ERROR,
				(errcode(isnull ? ERRCODE_NULL_VALUE_NOT_ALLOWED : ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("drop must be a fraction between 0 and 1 (exclusive), not %s",
						isnull ? "NULL" : psprintf("%g", drop))));
	t = CurrentFrame(winobj, 3, &x, &x_null);
	if (t == NULL || x_null)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(x <= (1 - drop) * TrailMedian(t));
}

/*
 * Period-over-period change (seed 000: FCR "up 8 percentage points on
 * last year"): rates change in points, volumes in percent.  Use them with
 * lag() over the periods: point_change(rate, lag(rate) OVER w).
 */
PG_FUNCTION_INFO_V1(anomaly_point_change);
PG_FUNCTION_INFO_V1(anomaly_percent_change);

/* point_change(current, previous): 100 (current - previous), rates as fractions. */
Datum
anomaly_point_change(PG_FUNCTION_ARGS)
{
	double		cur = FiniteArg(fcinfo, 0, "current"),
				prev = FiniteArg(fcinfo, 1, "previous");

	PG_RETURN_FLOAT8(100 * (cur - prev));
}

/* percent_change(current, previous): 100 (current / previous - 1); NULL when previous is 0. */
Datum
anomaly_percent_change(PG_FUNCTION_ARGS)
{
	double		cur = FiniteArg(fcinfo, 0, "current"),
				prev = FiniteArg(fcinfo, 1, "previous");

	if (prev == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100 * (cur - prev) / prev);
}
