/*
 * forecast.c
 *		Workforce planning: interval volumes forecast from the warehouse's
 *		own history (seed 002: a staffing plan 7 days ahead), and the
 *		backtest that says how good each method is on a center's data.
 *
 * The history is one row per interval start (local wall-clock time, a
 * timestamp without time zone) with its offered contacts and AHT; rows of
 * one interval are added together, so raw contacts binned to their interval
 * (offered 1 each) are history too.  The history spans whole days from the
 * first row's day to the last row's; an interval of that span without a row
 * had no contacts (a queue closed at night), unless its day is excluded
 * (holidays, outages), which makes it unknown.
 *
 * Two methods, for the days after the history:
 *  - seasonal_average: the weighted mean of the same interval on the same
 *    weekday in the most recent usable weeks (what planners use a week out);
 *  - holt_winters: additive exponential smoothing with a damped trend and a
 *    daily and a weekly season (Taylor's double-seasonal Holt-Winters).
 * AHT is forecast by the seasonal average of both, weighted by volume.
 *
 * The state is a list of points, sorted and laid out on a dense grid of
 * intervals in the final function; parallel workers' lists are appended
 * (raw contacts binned to intervals make long lists worth splitting).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "effcap.h"
#include "rules.h"

PG_FUNCTION_INFO_V1(forecast_trans);
PG_FUNCTION_INFO_V1(forecast_combine);
PG_FUNCTION_INFO_V1(forecast_serialize);
PG_FUNCTION_INFO_V1(forecast_deserialize);
PG_FUNCTION_INFO_V1(forecast_volume_final);
PG_FUNCTION_INFO_V1(forecast_backtest_final);

/* Limits: ten years of history, a year ahead, five years of weeks. */
#define MAX_HISTORY_DAYS 3660
#define MAX_HORIZON_DAYS 366
#define MAX_WEEKS 260
#define MAX_EXCLUDED 100000

typedef enum ForecastMethod
{
	METHOD_SEASONAL_AVERAGE,
	METHOD_HOLT_WINTERS
} ForecastMethod;

typedef struct ForecastOptions
{
	ForecastMethod method;
	int			interval_seconds;
	int			slots;			/* intervals in a day */
	int			days;			/* days forecast */
	int			weeks;			/* seasonal average: weeks averaged */
	double		weights[MAX_WEEKS]; /* the most recent usable week first */
	double		level,
				trend,
				daily,
				weekly,
				damping;		/* Holt-Winters smoothing */
	int			backtest_weeks;
	int			n_excluded;
	DateADT    *excluded;		/* sorted */
} ForecastOptions;

typedef struct ForecastPoint
{
	int64		slot;			/* interval start / interval length */
	double		offered;
	double		handle;			/* offered * AHT, over rows with an AHT */
	double		handled;		/* offered of rows with an AHT */
} ForecastPoint;

typedef struct ForecastState
{
	MemoryContext cxt;
	Jsonb	   *doc;			/* the options, as the first row gave them */
	ForecastOptions opts;
	bool		backtest;
	ForecastPoint *points;
	int			n,
				cap;
} ForecastState;

/* The history on its grid of days x intervals, day 0 the first. */
typedef struct Series
{
	int			days;
	int			slots;
	DateADT		first_day;
	double	   *offered;		/* days * slots */
	double	   *handle;
	double	   *handled;
	bool	   *excluded;		/* per day */
} Series;

static const RulesDoc OptionsDoc = {"forecast options", ERRCODE_INVALID_PARAMETER_VALUE};

/* Floor division, for intervals before 2000-01-01. */
static inline int64
FloorDiv(int64 a, int64 b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* A whole number in [lo, hi]. */
static int
OptionInt(JsonbValue *v, const char *path, int64 lo, int64 hi)
{
	int64		n = RulesCount(&OptionsDoc, v, path);

	if (n < lo || n > hi)
		RulesError(&OptionsDoc, path, "must be between " INT64_FORMAT " and " INT64_FORMAT, lo, hi);
	return (int) n;
}

/* A smoothing weight in [0, 1]. */
static double
OptionWeight(JsonbContainer *root, const char *key, double dflt)
{
	JsonbValue	v;

	if (!RulesGet(root, key, &v))
		return dflt;
	return RulesUnitInterval(&OptionsDoc, &v, RulesPathMember("", key));
}

static void
ParseOptions(Jsonb *doc, bool backtest, ForecastOptions *o)
{
	static const char *const keys[] = {"method", "interval_seconds", "days", "weeks", "weights",
		"level", "trend", "daily", "weekly", "damping", "exclude", "backtest_weeks", NULL};
	JsonbContainer *root = RulesRoot(&OptionsDoc, doc);
	JsonbValue	v;
	bool		have_weights;

	RulesCheckKeys(&OptionsDoc, root, "", keys);
	memset(o, 0, sizeof(*o));

	o->method = METHOD_SEASONAL_AVERAGE;
	if (RulesGet(root, "method", &v))
	{
		if (v.type == jbvString && v.val.string.len == 16 &&
			memcmp(v.val.string.val, "seasonal_average", 16) == 0)
			o->method = METHOD_SEASONAL_AVERAGE;
		else if (v.type == jbvString && v.val.string.len == 12 &&
				 memcmp(v.val.string.val, "holt_winters", 12) == 0)
			o->method = METHOD_HOLT_WINTERS;
		else
			RulesError(&OptionsDoc, "method", "must be \"seasonal_average\" or \"holt_winters\"");
	}

	o->interval_seconds = 900;
	if (RulesGet(root, "interval_seconds", &v))
	{
		o->interval_seconds = OptionInt(&v, "interval_seconds", 60, SECS_PER_DAY);
		if (SECS_PER_DAY % o->interval_seconds != 0)
			RulesError(&OptionsDoc, "interval_seconds", "must divide a day (86400 seconds) evenly, not %d",
						o->interval_seconds);
	}
	o->slots = SECS_PER_DAY / o->interval_seconds;

	o->days = 7;
	if (RulesGet(root, "days", &v))
	{
		if (backtest)
			RulesError(&OptionsDoc, "days", "is not an option of a backtest (it forecasts 7 days at a time)");
		o->days = OptionInt(&v, "days", 1, MAX_HORIZON_DAYS);
	}

	have_weights = RulesGet(root, "weights", &v);
	if (have_weights)
	{
		JsonbContainer *arr = RulesArray(&OptionsDoc, &v, "weights");
		int			n = JsonContainerSize(arr);
		double		total = 0;

		if (n < 1 || n > MAX_WEEKS)
			RulesError(&OptionsDoc, "weights", "must hold 1 to %d weights, not %d", MAX_WEEKS, n);
		for (int i = 0; i < n; i++)
		{
			JsonbValue *e = getIthJsonbValueFromContainer(arr, i);

			o->weights[i] = RulesNonNegative(&OptionsDoc, e, RulesPathIndex("weights", i));
			total += o->weights[i];
		}
		if (total <= 0)
			RulesError(&OptionsDoc, "weights", "must not all be 0");
		o->weeks = n;
	}
	if (RulesGet(root, "weeks", &v))
	{
		int			weeks = OptionInt(&v, "weeks", 1, MAX_WEEKS);

		if (have_weights && weeks != o->weeks)
			RulesError(&OptionsDoc, "weeks", "is %d but weights holds %d weights", weeks, o->weeks);
		o->weeks = weeks;
	}
	if (o->weeks == 0)
		o->weeks = 4;
	if (!have_weights)
		for (int i = 0; i < o->weeks; i++)
			o->weights[i] = 1;

	o->level = OptionWeight(root, "level", 0.1);
	o->trend = OptionWeight(root, "trend", 0.01);
	o->daily = OptionWeight(root, "daily", 0.1);
	o->weekly = OptionWeight(root, "weekly", 0.2);
	o->damping = OptionWeight(root, "damping", 0.98);
	if (o->method != METHOD_HOLT_WINTERS)
	{
		static const char *const hw[] = {"level", "trend", "daily", "weekly", "damping", NULL};

		for (int i = 0; hw[i]; i++)
			if (RulesGet(root, hw[i], &v))
				RulesError(&OptionsDoc, RulesPathMember("", hw[i]), "is an option of method \"holt_winters\" only");
	}
	else if (have_weights || RulesGet(root, "weeks", &v))
		RulesError(&OptionsDoc, have_weights ? "weights" : "weeks",
				   "is an option of method \"seasonal_average\" only");

	o->backtest_weeks = 4;
	if (RulesGet(root, "backtest_weeks", &v))
	{
		if (!backtest)
			RulesError(&OptionsDoc, "backtest_weeks", "is an option of forecast_backtest only");
		o->backtest_weeks = OptionInt(&v, "backtest_weeks", 1, MAX_WEEKS);
	}

	if (RulesGet(root, "exclude", &v))
		o->excluded = RulesDateList(&OptionsDoc, &v, "exclude", MAX_EXCLUDED, &o->n_excluded);
}

static bool
IsExcluded(const ForecastOptions *o, DateADT d)
{
	return RulesDateListHas(o->excluded, o->n_excluded, d);
}

static double
RowNumber(FunctionCallInfo fcinfo, int argno, const char *name)
{
	double		v = PG_GETARG_FLOAT8(argno);

	if (isnan(v) || isinf(v) || v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number >= 0, not %g", name, v)));
	return v;
}

/* A new state for the options document doc (copied, then parsed). */
static ForecastState *
ForecastNew(MemoryContext aggcxt, struct varlena *doc, bool backtest)
{
	MemoryContext old = MemoryContextSwitchTo(aggcxt);
	ForecastState *s = palloc0(sizeof(ForecastState));

	s->cxt = aggcxt;
	s->backtest = backtest;
	s->doc = JsonbCopy4B(doc);
	ParseOptions(s->doc, backtest, &s->opts);
	s->cap = 256;
	s->points = palloc(sizeof(ForecastPoint) * s->cap);
	MemoryContextSwitchTo(old);
	return s;
}

/* Room for n more points. */
static void
ForecastReserve(ForecastState *s, int64 n)
{
	int64		need = (int64) s->n + n;

	if (need <= s->cap)
		return;
	if (need > (int64) (MaxAllocSize / sizeof(ForecastPoint)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a forecast history holds at most %d rows",
						(int) (MaxAllocSize / sizeof(ForecastPoint)))));
	while (s->cap < need)
		s->cap = (int) Min((int64) s->cap * 2, (int64) (MaxAllocSize / sizeof(ForecastPoint)));
	s->points = repalloc(s->points, sizeof(ForecastPoint) * s->cap);
}

static void
SameOptions(ForecastState *s, struct varlena *doc)
{
	if (!JsonbSameBytes(doc, s->doc))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("forecast options must be the same for every row of a group")));
}

/*
 * forecast_trans(state, interval_start, offered [, aht_seconds], options).
 * A row with a NULL interval_start or offered is skipped; a NULL AHT adds
 * volume but says nothing of AHT.  The options must not change within a
 * group (the first row's are compared byte for byte with the others').
 */
Datum
forecast_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ForecastState *s = PG_ARGISNULL(0) ? NULL : (ForecastState *) PG_GETARG_POINTER(0);
	int			opt_arg = PG_NARGS() - 1;
	bool		with_aht = PG_NARGS() == 5;
	Timestamp	t;
	ForecastPoint *p;
	int64		usecs;
	struct varlena *opts;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "forecast_trans called in non-aggregate context");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	if (PG_ARGISNULL(opt_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("forecast options must not be NULL (use '{}' for the defaults)")));

	/*
	 * Options read from a column may be compressed or stored out of line:
	 * detoasted (a no-op for a constant) before they are parsed or compared.
	 */
	opts = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(opt_arg));
	if (s == NULL)
		s = ForecastNew(aggcxt, opts, !with_aht);
	else
		SameOptions(s, opts);

	t = PG_GETARG_TIMESTAMP(1);
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval_start must be finite")));
	usecs = (int64) s->opts.interval_seconds * USECS_PER_SEC;
	if (t % usecs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("interval_start %s is not the start of a %d-second interval",
						DatumGetCString(DirectFunctionCall1(timestamp_out, TimestampGetDatum(t))),
						s->opts.interval_seconds),
				 errhint("Bin the times first, e.g. date_bin('%d seconds', t, '2000-01-01').",
						 s->opts.interval_seconds)));

	ForecastReserve(s, 1);
	p = &s->points[s->n++];
	p->slot = t / usecs;
	p->offered = RowNumber(fcinfo, 2, "offered");
	p->handle = 0;
	p->handled = 0;
	if (with_aht && !PG_ARGISNULL(3))
	{
		p->handle = p->offered * RowNumber(fcinfo, 3, "aht_seconds");
		p->handled = p->offered;
	}
	PG_RETURN_POINTER(s);
}

/* Parallel workers' histories: one list, under the same options. */
Datum
forecast_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ForecastState *a = PG_ARGISNULL(0) ? NULL : (ForecastState *) PG_GETARG_POINTER(0);
	ForecastState *b = PG_ARGISNULL(1) ? NULL : (ForecastState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "forecast_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = ForecastNew(aggcxt, (struct varlena *) b->doc, b->backtest);
	else
		SameOptions(a, (struct varlena *) b->doc);
	ForecastReserve(a, b->n);
	memcpy(a->points + a->n, b->points, sizeof(ForecastPoint) * b->n);
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

/* On the wire: the kind, the options document, then the points. */
typedef struct ForecastWire
{
	int32		backtest;
	int32		doc_len;
	int64		n;
} ForecastWire;

Datum
forecast_serialize(PG_FUNCTION_ARGS)
{
	ForecastState *s = (ForecastState *) PG_GETARG_POINTER(0);
	ForecastWire w;
	Size		size;
	bytea	   *out;
	char	   *p;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "forecast_serialize called in non-aggregate context");
	w.backtest = s->backtest;
	w.doc_len = VARSIZE(s->doc);
	w.n = s->n;
	size = add_size(add_size(VARHDRSZ + sizeof(w), w.doc_len), mul_size(s->n, sizeof(ForecastPoint)));
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("partial forecast history of %d rows is too large to pass between workers", s->n)));
	out = palloc(size);
	SET_VARSIZE(out, size);
	p = VARDATA(out);
	memcpy(p, &w, sizeof(w));
	p += sizeof(w);
	memcpy(p, s->doc, w.doc_len);
	p += w.doc_len;
	memcpy(p, s->points, sizeof(ForecastPoint) * s->n);
	PG_RETURN_BYTEA_P(out);
}

/* The points of a serialized state, each checked as forecast_trans would. */
Datum
forecast_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	const char *p = VARDATA_ANY(in);
	Size		len = VARSIZE_ANY_EXHDR(in);
	MemoryContext aggcxt;
	ForecastWire w;
	ForecastState *s;
	struct varlena *doc;
	int64		min_slot,
				max_slot;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "forecast_deserialize called in non-aggregate context");
	if (len < sizeof(w))
		goto bad;
	memcpy(&w, p, sizeof(w));
	p += sizeof(w);
	len -= sizeof(w);
	if (w.backtest < 0 || w.backtest > 1 || w.doc_len < (int32) VARHDRSZ || (Size) w.doc_len > len ||
		w.n < 0 || (Size) w.n != (len - w.doc_len) / sizeof(ForecastPoint) ||
		(len - w.doc_len) % sizeof(ForecastPoint) != 0)
		goto bad;
	doc = palloc(w.doc_len);
	memcpy(doc, p, w.doc_len);
	if (VARSIZE_ANY(doc) != (Size) w.doc_len || VARATT_IS_EXTENDED(doc))
		goto bad;
	s = ForecastNew(aggcxt, doc, w.backtest);
	p += w.doc_len;
	ForecastReserve(s, w.n);
	memcpy(s->points, p, sizeof(ForecastPoint) * w.n);
	s->n = (int) w.n;
	min_slot = FloorDiv(MIN_TIMESTAMP, (int64) s->opts.interval_seconds * USECS_PER_SEC);
	max_slot = END_TIMESTAMP / ((int64) s->opts.interval_seconds * USECS_PER_SEC);
	for (int i = 0; i < s->n; i++)
	{
		ForecastPoint *q = &s->points[i];

		if (q->slot < min_slot || q->slot > max_slot ||
			!isfinite(q->offered) || q->offered < 0 || !isfinite(q->handle) || q->handle < 0 ||
			!(q->handled == 0 || q->handled == q->offered))
			goto bad;
	}
	PG_RETURN_POINTER(s);
bad:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid partial forecast state")));
}

static int
PointCmp(const void *a, const void *b)
{
	int64		x = ((const ForecastPoint *) a)->slot,
				y = ((const ForecastPoint *) b)->slot;

	return x < y ? -1 : x > y;
}

/* The state's points on their grid of days. */
static Series
SeriesOf(ForecastState *s)
{
	const ForecastOptions *o = &s->opts;
	Series		r;
	int64		first,
				last,
				cells;

	qsort(s->points, s->n, sizeof(ForecastPoint), PointCmp);
	first = FloorDiv(s->points[0].slot, o->slots);
	last = FloorDiv(s->points[s->n - 1].slot, o->slots);
	if (last - first + 1 > MAX_HISTORY_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a forecast history spans at most %d days, not " INT64_FORMAT,
						MAX_HISTORY_DAYS, last - first + 1)));
	r.days = (int) (last - first + 1);
	r.slots = o->slots;
	r.first_day = (DateADT) first;
	cells = (int64) r.days * r.slots;
	r.offered = palloc0(sizeof(double) * cells);
	r.handle = palloc0(sizeof(double) * cells);
	r.handled = palloc0(sizeof(double) * cells);
	r.excluded = palloc0(sizeof(bool) * r.days);
	for (int i = 0; i < s->n; i++)
	{
		int64		c = s->points[i].slot - first * o->slots;

		r.offered[c] += s->points[i].offered;
		r.handle[c] += s->points[i].handle;
		r.handled[c] += s->points[i].handled;
	}
	for (int d = 0; d < r.days; d++)
		r.excluded[d] = IsExcluded(o, r.first_day + d);
	return r;
}

/*
 * Seasonal average: the day `day` (relative to the series, after `known`
 * days of history) is forecast from the same weekday in the most recent
 * usable weeks before `known`: the k-th such day weighs weights[k].  Fewer
 * usable weeks than asked: those found, their weights renormalized.  Fills
 * out[slots] (NaN when no week is usable) and, when aht is not NULL, the
 * volume-weighted AHT (NaN when those weeks had no calls with an AHT).
 */
static void
SeasonalAverage(const Series *r, const ForecastOptions *o, int known, int day,
				double *out, double *aht)
{
	int			used[MAX_WEEKS];
	double		w[MAX_WEEKS];
	int			n = 0;
	double		wsum = 0;

	for (int d = day - 7; d >= 0 && n < o->weeks; d -= 7)
	{
		if (d >= known || r->excluded[d])
			continue;
		used[n] = d;
		w[n] = o->weights[n];
		wsum += w[n];
		n++;
	}
	for (int j = 0; j < r->slots; j++)
	{
		double		v = 0,
					h = 0,
					hw = 0;

		for (int k = 0; k < n; k++)
		{
			int64		c = (int64) used[k] * r->slots + j;

			v += w[k] * r->offered[c];
			h += w[k] * r->handle[c];
			hw += w[k] * r->handled[c];
		}
		out[j] = wsum > 0 ? v / wsum : NAN;
		if (aht)
			aht[j] = hw > 0 ? h / hw : NAN;
	}
}

/*
 * Holt-Winters, additive, damped trend, daily and weekly seasons (Taylor
 * 2003), fitted on days [0, known) and forecast for the `ahead` days after.
 *
 *	 l(t) = a (y - d - w) + (1 - a) (l + f b)
 *	 b(t) = c (l(t) - l) + (1 - c) f b
 *	 d(t) = e (y - l(t) - w) + (1 - e) d		(d of the same interval a day back)
 *	 w(t) = g (y - l(t) - d) + (1 - g) w		(w of the same interval a week back)
 *	 forecast(t + h) = l + (f + f^2 + ... + f^h) b + d + w, at least 0
 *
 * a, c, e, g, f: the options level, trend, daily, weekly, damping.  Started
 * from the first week: l its mean, d each interval's mean departure from its
 * day's mean, w what is left of each interval of the week, b 0; smoothing
 * runs from the second week on.  An excluded interval takes its one-step
 * forecast as its value, which leaves every component where it was (the
 * level moves by the damped trend).  Needs 14 days; NaN otherwise, and when
 * the first week is all excluded.
 */
static void
HoltWinters(const Series *r, const ForecastOptions *o, int known, int ahead, double *out)
{
	int			m1 = r->slots,
				m2 = 7 * r->slots;
	double	   *d,
			   *w;
	double		l = 0,
				b = 0,
				phi = o->damping,
				steps;
	int			usable = 0;
	int64		t,
				end = (int64) known * m1;

	if (known < 14)
	{
		for (int64 i = 0; i < (int64) ahead * m1; i++)
			out[i] = NAN;
		return;
	}
	d = palloc0(sizeof(double) * m1);
	w = palloc0(sizeof(double) * m2);

	/* The first week: level, then each day's shape, then the rest. */
	for (int day = 0; day < 7; day++)
		if (!r->excluded[day])
		{
			usable++;
			for (int j = 0; j < m1; j++)
				l += r->offered[(int64) day * m1 + j];
		}
	if (usable == 0)
	{
		for (int64 i = 0; i < (int64) ahead * m1; i++)
			out[i] = NAN;
		return;
	}
	l /= (double) usable * m1;
	for (int day = 0; day < 7; day++)
	{
		double		mean = 0;

		if (r->excluded[day])
			continue;
		for (int j = 0; j < m1; j++)
			mean += r->offered[(int64) day * m1 + j];
		mean /= m1;
		for (int j = 0; j < m1; j++)
			d[j] += (r->offered[(int64) day * m1 + j] - mean) / usable;
	}
	for (int day = 0; day < 7; day++)
		if (!r->excluded[day])
			for (int j = 0; j < m1; j++)
				w[day * m1 + j] = r->offered[(int64) day * m1 + j] - l - d[j];

	for (t = m2; t < end; t++)
	{
		double	   *dt = &d[t % m1],
				   *wt = &w[t % m2];
		double		y = r->excluded[t / m1] ? l + phi * b + *dt + *wt : r->offered[t];
		double		l1 = o->level * (y - *dt - *wt) + (1 - o->level) * (l + phi * b);
		double		d0 = *dt;

		b = o->trend * (l1 - l) + (1 - o->trend) * phi * b;
		*dt = o->daily * (y - l1 - *wt) + (1 - o->daily) * d0;
		*wt = o->weekly * (y - l1 - d0) + (1 - o->weekly) * *wt;
		l = l1;
		if ((t & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	steps = 0;
	for (int64 h = 1; h <= (int64) ahead * m1; h++)
	{
		double		f;

		steps = steps * phi + 1;	/* 1 + f + ... + f^(h-1) */
		f = l + phi * steps * b + d[(end + h - 1) % m1] + w[(end + h - 1) % m2];
		out[h - 1] = f > 0 ? f : 0;
	}
}

/* Forecast days known .. known + ahead - 1 from days [0, known). */
static void
ForecastDays(const Series *r, const ForecastOptions *o, int known, int ahead,
			 double *volume, double *aht)
{
	if (o->method == METHOD_HOLT_WINTERS)
		HoltWinters(r, o, known, ahead, volume);
	for (int day = 0; day < ahead; day++)
	{
		double	   *v = volume + (int64) day * r->slots;
		double	   *a = aht ? aht + (int64) day * r->slots : NULL;

		if (o->method == METHOD_SEASONAL_AVERAGE)
			SeasonalAverage(r, o, known, known + day, v, a);
		else if (a)
		{
			/* AHT by the seasonal average of the default four weeks. */
			ForecastOptions avg = *o;
			double	   *unused = palloc(sizeof(double) * r->slots);

			avg.weeks = 4;
			for (int k = 0; k < 4; k++)
				avg.weights[k] = 1;
			SeasonalAverage(r, &avg, known, known + day, unused, a);
			pfree(unused);
		}
	}
}

/* The element type of this final function's array result, and its row. */
static TupleDesc
ResultRow(FunctionCallInfo fcinfo, Oid *elemtype)
{
	Oid			rettype = get_fn_expr_rettype(fcinfo->flinfo);

	*elemtype = OidIsValid(rettype) ? get_element_type(rettype) : InvalidOid;
	if (!OidIsValid(*elemtype))
		elog(ERROR, "forecast: array of a composite result type expected");
	return BlessTupleDesc(lookup_rowtype_tupdesc_copy(*elemtype, -1));
}

static Datum
RowArray(Datum *rows, int n, Oid elemtype)
{
	return PointerGetDatum(construct_array(rows, n, elemtype, -1, false, TYPALIGN_DOUBLE));
}

/*
 * volume_forecast: the interval_forecast rows (interval_start, offered,
 * aht_seconds) of the `days` days after the history, NULLs where no usable
 * history says anything.  The final function leaves the points' order
 * changed only (sorted), so it may run again over the same state.
 */
Datum
forecast_volume_final(PG_FUNCTION_ARGS)
{
	ForecastState *s = PG_ARGISNULL(0) ? NULL : (ForecastState *) PG_GETARG_POINTER(0);
	const ForecastOptions *o;
	Series		r;
	double	   *volume,
			   *aht,
				all_handle = 0,
				all_handled = 0;
	int64		cells;
	TupleDesc	desc;
	Oid			elemtype;
	Datum	   *rows;

	if (s == NULL || s->n == 0)
		PG_RETURN_NULL();
	o = &s->opts;
	r = SeriesOf(s);
	cells = (int64) o->days * o->slots;
	volume = palloc(sizeof(double) * cells);
	aht = palloc(sizeof(double) * cells);
	ForecastDays(&r, o, r.days, o->days, volume, aht);

	/* An interval whose weeks had no calls: the history's AHT. */
	for (int64 c = 0; c < (int64) r.days * r.slots; c++)
		if (!r.excluded[c / r.slots])
		{
			all_handle += r.handle[c];
			all_handled += r.handled[c];
		}

	if (!IS_VALID_TIMESTAMP(((int64) (r.first_day + r.days + o->days) * o->slots) *
							o->interval_seconds * USECS_PER_SEC))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the forecast days after the history are out of the range of timestamp")));
	desc = ResultRow(fcinfo, &elemtype);
	rows = palloc(sizeof(Datum) * cells);
	for (int64 c = 0; c < cells; c++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		double		a = isnan(aht[c]) && all_handled > 0 ? all_handle / all_handled : aht[c];

		values[0] = TimestampGetDatum(((int64) (r.first_day + r.days) * o->slots + c) *
									  o->interval_seconds * USECS_PER_SEC);
		values[1] = Float8GetDatum(volume[c]);
		nulls[1] = isnan(volume[c]);
		values[2] = Float8GetDatum(a);
		nulls[2] = isnan(a);
		rows[c] = HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
	}
	PG_RETURN_DATUM(RowArray(rows, (int) cells, elemtype));
}

/*
 * forecast_backtest: each of the last backtest_weeks weeks of the history
 * forecast from the days before it, scored per interval of the day over its
 * days that are not excluded and have a forecast: the forecast_accuracy
 * rows (time_of_day, intervals, actual, abs_error, wape, mape).
 * WAPE = sum |actual - forecast| / sum actual (NULL when no calls);
 * MAPE = the mean of |actual - forecast| / actual over intervals with calls.
 * NULL when no interval could be scored.
 */
Datum
forecast_backtest_final(PG_FUNCTION_ARGS)
{
	ForecastState *s = PG_ARGISNULL(0) ? NULL : (ForecastState *) PG_GETARG_POINTER(0);
	const ForecastOptions *o;
	Series		r;
	double	   *volume,
			   *actual,
			   *abs_error,
			   *ape;
	int64	   *intervals,
			   *ape_n,
				scored = 0;
	TupleDesc	desc;
	Oid			elemtype;
	Datum	   *rows;

	if (s == NULL || s->n == 0)
		PG_RETURN_NULL();
	o = &s->opts;
	r = SeriesOf(s);
	volume = palloc(sizeof(double) * 7 * o->slots);
	actual = palloc0(sizeof(double) * o->slots);
	abs_error = palloc0(sizeof(double) * o->slots);
	ape = palloc0(sizeof(double) * o->slots);
	intervals = palloc0(sizeof(int64) * o->slots);
	ape_n = palloc0(sizeof(int64) * o->slots);

	for (int k = Min(o->backtest_weeks, r.days / 7); k >= 1; k--)
	{
		int			known = r.days - 7 * k;

		ForecastDays(&r, o, known, 7, volume, NULL);
		for (int day = 0; day < 7; day++)
		{
			if (r.excluded[known + day])
				continue;
			for (int j = 0; j < o->slots; j++)
			{
				double		f = volume[day * o->slots + j],
							a = r.offered[(int64) (known + day) * o->slots + j];

				if (isnan(f))
					continue;
				intervals[j]++;
				scored++;
				actual[j] += a;
				abs_error[j] += fabs(a - f);
				if (a > 0)
				{
					ape[j] += fabs(a - f) / a;
					ape_n[j]++;
				}
			}
		}
	}
	if (scored == 0)
		PG_RETURN_NULL();

	desc = ResultRow(fcinfo, &elemtype);
	rows = palloc(sizeof(Datum) * o->slots);
	for (int j = 0; j < o->slots; j++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		values[0] = TimeADTGetDatum((TimeADT) j * o->interval_seconds * USECS_PER_SEC);
		values[1] = Int64GetDatum(intervals[j]);
		values[2] = Float8GetDatum(actual[j]);
		values[3] = Float8GetDatum(abs_error[j]);
		values[4] = Float8GetDatum(actual[j] > 0 ? abs_error[j] / actual[j] : 0);
		nulls[4] = !(actual[j] > 0);
		values[5] = Float8GetDatum(ape_n[j] > 0 ? ape[j] / ape_n[j] : 0);
		nulls[5] = ape_n[j] == 0;
		rows[j] = HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
	}
	PG_RETURN_DATUM(RowArray(rows, o->slots, elemtype));
}
