/*
 * calendar.c
 *		Clocks and bands of the working week: business-hours time between
 *		two instants (the clock of an SLA that runs only in office hours),
 *		and the named time band of an instant (seed 003: answer rate 85% at
 *		peak, 90% off-peak).
 *
 * Both read a week of local hours in a time zone:
 *	 {"time_zone": "Europe/Berlin",
 *	  "hours": {"mon": ["09:00-12:30", "13:30-18:00"], ..., "sat": ["09:00-13:00"]},
 *	  "exclude": ["2026-12-25"]}
 * A span "HH:MM-HH:MM" is local wall-clock time, its end after its start
 * ("24:00" ends the day); a day's spans must not overlap.  Local times are
 * turned into instants as PostgreSQL's AT TIME ZONE does, so a day of a
 * daylight-saving change has the hours its clock shows: 09:00-18:00 is 9
 * hours on both change days, and a span across 02:00-03:00 of the spring
 * change is an hour shorter.
 *
 * Business time between two instants is the length of their overlap with
 * the spans of every local day between them, excluded dates having none.
 * Each day's total is computed once per calendar and kept as a running sum,
 * so an item open for months costs the partial first and last day.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "rules.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(calendar_business_seconds);
PG_FUNCTION_INFO_V1(calendar_time_band);

#define CAL_MAX_EXCLUDED 100000
#define CAL_MAX_DAYS 73050		/* 200 years of days between two instants */
#define CAL_MAX_BANDS 32
#define CAL_MAX_BAND_NAME 63

static const char *const WeekdayKeys[8] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL};

static const RulesDoc CalendarDoc = {"calendar", ERRCODE_INVALID_PARAMETER_VALUE};

/* ----------------------------------------------------------------------
 * Reading a calendar
 * ---------------------------------------------------------------------- */

/* A time zone name PostgreSQL knows ("Asia/Shanghai", "UTC"). */
pg_tz *
CalendarZone(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	char		name[TZ_STRLEN_MAX + 1];
	pg_tz	   *tz;

	if (v->type != jbvString || v->val.string.len == 0 || v->val.string.len > TZ_STRLEN_MAX)
		RulesError(doc, path, "must be a time zone name such as \"Europe/Berlin\"");
	memcpy(name, v->val.string.val, v->val.string.len);
	name[v->val.string.len] = '\0';
	if (strlen(name) != v->val.string.len)
		RulesError(doc, path, "must be a time zone name such as \"Europe/Berlin\"");
	tz = pg_tzset(name);
	if (tz == NULL)
		RulesError(doc, path, "is not a time zone PostgreSQL knows (\"%s\")", name);
	return tz;
}

/* Minutes after midnight of "HH:MM" (00:00 .. 24:00), or -1. */
static int
ParseClock(const char *s)
{
	int			h,
				m;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' || s[2] != ':' ||
		s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

static int
SpanCmp(const void *a, const void *b)
{
	const CalendarSpan *x = (const CalendarSpan *) a,
			   *y = (const CalendarSpan *) b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Add the spans of a week object {"mon": ["09:00-18:00", ...], ...} to *w,
 * marked with band; then check that no weekday's spans overlap (the bands
 * added so far included).
 */
void
CalendarParseWeek(const RulesDoc *doc, JsonbContainer *obj, const char *path,
				  CalendarWeek *w, int band)
{
	RulesCheckKeys(doc, obj, path, WeekdayKeys);
	for (int d = 0; d < 7; d++)
	{
		JsonbValue	v;
		JsonbContainer *arr;
		char	   *dpath = RulesPathMember(path, WeekdayKeys[d]);
		int			n;

		if (!RulesGet(obj, WeekdayKeys[d], &v))
			continue;
		arr = RulesArray(doc, &v, dpath);
		n = JsonContainerSize(arr);
		if (w->n[d] + n > CAL_MAX_SPANS)
			RulesError(doc, dpath, "has more than %d spans", CAL_MAX_SPANS);
		for (int i = 0; i < n; i++)
		{
			JsonbValue *e = getIthJsonbValueFromContainer(arr, i);
			char	   *epath = RulesPathIndex(dpath, i);
			char		text[12];
			int			start,
						end;

			if (e->type != jbvString || e->val.string.len != 11)
				RulesError(doc, epath, "must be a span written \"HH:MM-HH:MM\"");
			memcpy(text, e->val.string.val, 11);
			text[11] = '\0';
			start = ParseClock(text);
			end = ParseClock(text + 6);
			if (start < 0 || end < 0 || text[5] != '-')
				RulesError(doc, epath, "must be a span written \"HH:MM-HH:MM\"");
			if (end <= start)
				RulesError(doc, epath, "must end after it starts (\"%s\")", text);
			w->s[d][w->n[d]].start = start;
			w->s[d][w->n[d]].end = end;
			w->s[d][w->n[d]].band = band;
			w->n[d]++;
		}
		qsort(w->s[d], w->n[d], sizeof(CalendarSpan), SpanCmp);
		for (int i = 1; i < w->n[d]; i++)
			if (w->s[d][i].start < w->s[d][i - 1].end)
				RulesError(doc, dpath, "has overlapping spans (%02d:%02d-%02d:%02d and %02d:%02d-%02d:%02d)",
						   w->s[d][i - 1].start / 60, w->s[d][i - 1].start % 60,
						   w->s[d][i - 1].end / 60, w->s[d][i - 1].end % 60,
						   w->s[d][i].start / 60, w->s[d][i].start % 60,
						   w->s[d][i].end / 60, w->s[d][i].end % 60);
	}
}

/* A business-hours calendar object at path; c's running sums live in cxt. */
void
CalendarParse(const RulesDoc *doc, JsonbContainer *obj, const char *path, Calendar *c,
			  MemoryContext cxt)
{
	static const char *const keys[] = {"time_zone", "hours", "exclude", NULL};
	JsonbValue	v;
	char	   *canonical;

	memset(c, 0, sizeof(*c));
	RulesCheckKeys(doc, obj, path, keys);
	if (!RulesGet(obj, "time_zone", &v))
		RulesError(doc, RulesPathMember(path, "time_zone"), "is missing");
	c->tz = CalendarZone(doc, &v, RulesPathMember(path, "time_zone"));
	if (!RulesGet(obj, "hours", &v))
		RulesError(doc, RulesPathMember(path, "hours"), "is missing");
	CalendarParseWeek(doc, RulesObject(doc, &v, RulesPathMember(path, "hours")),
					  RulesPathMember(path, "hours"), &c->week, 0);
	if (RulesGet(obj, "exclude", &v))
		c->excluded = RulesDateList(doc, &v, RulesPathMember(path, "exclude"), CAL_MAX_EXCLUDED,
									&c->n_excluded);
	/* jsonb's text of an object is canonical: keys sorted, no duplicates. */
	canonical = JsonbToCString(NULL, obj, 256);
	c->fingerprint = hash_bytes_extended((const unsigned char *) canonical, strlen(canonical), 0);
	if (c->fingerprint == 0)
		c->fingerprint = 1;		/* 0 is the 24/7 clock */
	c->cxt = cxt;
}

/* ----------------------------------------------------------------------
 * Local days
 * ---------------------------------------------------------------------- */

static void
CheckFinite(TimestampTz t)
{
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("a calendar cannot read an infinite timestamp")));
}

/* The local day of instant t in tz, and the microseconds since its local midnight. */
void
CalendarLocal(pg_tz *tz, TimestampTz t, DateADT *day, int64 *us_of_day)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			off;
	Timestamp	local;

	CheckFinite(t);
	if (timestamp2tm(t, &off, &tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	local = t - (int64) off * USECS_PER_SEC;
	*day = (DateADT) (local / USECS_PER_DAY - (local % USECS_PER_DAY < 0));
	*us_of_day = local - (int64) *day * USECS_PER_DAY;
}

/* The instant of local wall-clock time `minute` of local day `day` in tz. */
static TimestampTz
LocalInstant(pg_tz *tz, DateADT day, int minute)
{
	Timestamp	local = (int64) day * USECS_PER_DAY + (int64) minute * USECS_PER_MINUTE;
	struct pg_tm tm;
	fsec_t		fsec;

	if (timestamp2tm(local, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return local + (int64) DetermineTimeZoneOffset(&tm, tz) * USECS_PER_SEC;
}

/* The business spans of a local day as instants [from[i], to[i]); their number. */
static int
DaySpans(const Calendar *c, DateADT day, TimestampTz *from, TimestampTz *to)
{
	int			wd = j2day(day + POSTGRES_EPOCH_JDATE);
	int			n = 0;

	if (RulesDateListHas(c->excluded, c->n_excluded, day))
		return 0;
	for (int i = 0; i < c->week.n[wd]; i++)
	{
		TimestampTz a = LocalInstant(c->tz, day, c->week.s[wd][i].start);
		TimestampTz b = LocalInstant(c->tz, day, c->week.s[wd][i].end);

		if (b > a)				/* a span inside a skipped hour has no length */
		{
			from[n] = a;
			to[n] = b;
			n++;
		}
	}
	return n;
}

/* Business microseconds of local day `day` within [lo, hi). */
static int64
DayOverlap(const Calendar *c, DateADT day, TimestampTz lo, TimestampTz hi)
{
	TimestampTz from[CAL_MAX_SPANS],
				to[CAL_MAX_SPANS];
	int			n = DaySpans(c, day, from, to);
	int64		sum = 0;

	for (int i = 0; i < n; i++)
	{
		TimestampTz a = Max(from[i], lo),
					b = Min(to[i], hi);

		if (b > a)
			sum += b - a;
	}
	return sum;
}

/*
 * Make cum cover days lo .. hi, grown with a margin and keeping the sums
 * already made; when that would pass the limit, start again from lo .. hi
 * (rows far apart in time each get their own range).
 */
static void
CoverDays(Calendar *c, DateADT lo, DateADT hi)
{
	DateADT		first = lo,
				last = hi;
	int64	   *cum;
	int			ndays;
	bool		keep;

	if (c->cum != NULL && lo >= c->first && hi < c->first + c->ndays)
		return;
	if ((int64) hi - lo + 1 > CAL_MAX_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a business-hours clock reads at most %d days", CAL_MAX_DAYS)));
	keep = c->cum != NULL &&
		(int64) Max(hi, c->first + c->ndays - 1) - Min(lo, c->first) + 1 <= CAL_MAX_DAYS;
	if (keep)
	{
		first = Min(lo, c->first);
		last = Max(hi, c->first + c->ndays - 1);
	}
	/* a margin of a month each way, within the limit */
	first = Max((int64) first - 31, (int64) last + 1 - CAL_MAX_DAYS);
	last = Min((int64) last + 31, (int64) first + CAL_MAX_DAYS - 1);
	ndays = last - first + 1;
	cum = MemoryContextAlloc(c->cxt, sizeof(int64) * (ndays + 1));
	cum[0] = 0;
	for (int i = 0; i < ndays; i++)
	{
		DateADT		d = first + i;
		int64		day;

		if (keep && d >= c->first && d < c->first + c->ndays)
			day = c->cum[d - c->first + 1] - c->cum[d - c->first];
		else
			day = DayOverlap(c, d, DT_NOBEGIN, DT_NOEND);
		cum[i + 1] = cum[i] + day;
	}
	if (c->cum)
		pfree(c->cum);
	c->cum = cum;
	c->first = first;
	c->ndays = ndays;
}

/* Business microseconds of calendar c between instants from <= to. */
int64
CalendarMicros(Calendar *c, TimestampTz from, TimestampTz to)
{
	DateADT		dfrom,
				dto;
	int64		us;

	Assert(from <= to);
	CalendarLocal(c->tz, from, &dfrom, &us);
	CalendarLocal(c->tz, to, &dto, &us);
	if (dfrom == dto)
		return DayOverlap(c, dfrom, from, to);
	CoverDays(c, dfrom, dto);
	return DayOverlap(c, dfrom, from, DT_NOEND) +
		(c->cum[dto - c->first] - c->cum[dfrom + 1 - c->first]) +
		DayOverlap(c, dto, DT_NOBEGIN, to);
}

/* ----------------------------------------------------------------------
 * SQL: business_seconds(from, to, calendar)
 * ---------------------------------------------------------------------- */

static void
ParseCalendarDoc(Jsonb *doc, void *out)
{
	CalendarParse(&CalendarDoc, RulesRoot(&CalendarDoc, doc), "", (Calendar *) out,
				  CurrentMemoryContext);
}

/*
 * business_seconds(from_at, to_at, calendar): seconds of business time
 * between two instants.
 */
Datum
calendar_business_seconds(PG_FUNCTION_ARGS)
{
	TimestampTz from = PG_GETARG_TIMESTAMPTZ(0),
				to = PG_GETARG_TIMESTAMPTZ(1);
	Calendar   *c = RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
								  PG_GETARG_VARLENA_P(2), sizeof(Calendar), ParseCalendarDoc);

	CheckFinite(from);
	CheckFinite(to);
	if (to < from)
	{
		char	   *t = pstrdup(timestamptz_to_str(to));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("to_at (%s) must not be before from_at (%s)", t, timestamptz_to_str(from))));
	}
	PG_RETURN_FLOAT8((double) CalendarMicros(c, from, to) / USECS_PER_SEC);
}

/* ----------------------------------------------------------------------
 * SQL: time_band(at, bands)
 * ---------------------------------------------------------------------- */

/*
 *	 {"time_zone": "Asia/Shanghai",
 *	  "bands": {"peak": {"mon": ["09:00-12:00", "14:00-17:00"], ...}},
 *	  "default": "off_peak", "exclude": ["2026-10-01"]}
 * An instant is in the band whose span holds its local time; otherwise, and
 * on an excluded date, in the default band.
 */
typedef struct BandCalendar
{
	pg_tz	   *tz;
	CalendarWeek week;			/* spans of every band, band = index */
	int			nbands;
	text	   *name[CAL_MAX_BANDS];
	text	   *dflt;
	int			n_excluded;
	DateADT    *excluded;
} BandCalendar;

static const RulesDoc BandsDoc = {"time bands", ERRCODE_INVALID_PARAMETER_VALUE};

static void
ParseBands(Jsonb *doc, void *out)
{
	static const char *const keys[] = {"time_zone", "bands", "default", "exclude", NULL};
	BandCalendar *b = (BandCalendar *) out;
	JsonbContainer *root = RulesRoot(&BandsDoc, doc),
			   *bands;
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;

	RulesCheckKeys(&BandsDoc, root, "", keys);
	if (!RulesGet(root, "time_zone", &v))
		RulesError(&BandsDoc, "time_zone", "is missing");
	b->tz = CalendarZone(&BandsDoc, &v, "time_zone");
	if (!RulesGet(root, "default", &v))
		RulesError(&BandsDoc, "default", "is missing");
	if (v.type != jbvString || v.val.string.len == 0 || v.val.string.len > CAL_MAX_BAND_NAME)
		RulesError(&BandsDoc, "default", "must be a band name of 1 to %d bytes", CAL_MAX_BAND_NAME);
	b->dflt = cstring_to_text_with_len(v.val.string.val, v.val.string.len);
	if (!RulesGet(root, "bands", &v))
		RulesError(&BandsDoc, "bands", "is missing");
	bands = RulesObject(&BandsDoc, &v, "bands");
	it = JsonbIteratorInit(bands);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *path;

		if (tok != WJB_KEY)
			continue;
		path = RulesPathKey("bands", v.val.string.val, v.val.string.len);
		if (v.val.string.len == 0 || v.val.string.len > CAL_MAX_BAND_NAME)
			RulesError(&BandsDoc, path, "must be named by 1 to %d bytes", CAL_MAX_BAND_NAME);
		if (b->nbands == CAL_MAX_BANDS)
			RulesError(&BandsDoc, "bands", "has more than %d bands", CAL_MAX_BANDS);
		if (VARSIZE_ANY_EXHDR(b->dflt) == v.val.string.len &&
			memcmp(VARDATA_ANY(b->dflt), v.val.string.val, v.val.string.len) == 0)
			RulesError(&BandsDoc, path, "is the default band: the default has no hours");
		b->name[b->nbands] = cstring_to_text_with_len(v.val.string.val, v.val.string.len);
		JsonbIteratorNext(&it, &v, true);
		CalendarParseWeek(&BandsDoc, RulesObject(&BandsDoc, &v, path), path, &b->week, b->nbands);
		b->nbands++;
	}
	if (RulesGet(root, "exclude", &v))
		b->excluded = RulesDateList(&BandsDoc, &v, "exclude", CAL_MAX_EXCLUDED, &b->n_excluded);
}

/* time_band(at, bands): the name of the band that holds instant `at`. */
Datum
calendar_time_band(PG_FUNCTION_ARGS)
{
	BandCalendar *b = RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
									PG_GETARG_VARLENA_P(1), sizeof(BandCalendar), ParseBands);
	DateADT		day;
	int64		us;
	int			wd;

	CalendarLocal(b->tz, PG_GETARG_TIMESTAMPTZ(0), &day, &us);
	if (!RulesDateListHas(b->excluded, b->n_excluded, day))
	{
		wd = j2day(day + POSTGRES_EPOCH_JDATE);
		for (int i = 0; i < b->week.n[wd]; i++)
			if (us >= (int64) b->week.s[wd][i].start * USECS_PER_MINUTE &&
				us < (int64) b->week.s[wd][i].end * USECS_PER_MINUTE)
				PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(b->name[b->week.s[wd][i].band])));
	}
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(b->dflt)));
}
