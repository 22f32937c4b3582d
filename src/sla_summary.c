/*
 * sla_summary.c
 *		The SLA summary of work items (tickets, complaint cases, internal
 *		requests): how long each took to a first response and to closure,
 *		on its class's clock, stored per group and judged later against the
 *		targets chosen then (seeds 002, 003: complaint callback within 24
 *		hours, 4 when escalated; internal support within 15 minutes;
 *		closure within 3 days; on-time closure 98%).
 *
 * Censoring.  The summary is built as of an instant: what happened after it
 * has not happened yet.  An item still waiting at as_of is neither on time
 * nor late: it is overdue once its clock has run past the target, and
 * pending until then (exactly at its deadline it is still pending).  So per
 * class and stage (response, resolution) two histograms of whole seconds
 * rounded up are kept: of the items that reached the stage, the clock time
 * they took; of those still waiting, the clock time they have waited.  For a
 * whole-second target T, "took <= T" is "rounded-up seconds <= T", so every
 * whole-second target is answered exactly at read time.
 *
 * Clocks.  The rules name each class's clock: 24/7, or a business-hours
 * calendar (calendar.c).  The summary keeps a fingerprint of each class's
 * clock, so that summaries measured on different clocks are never added,
 * and a read under rules whose clock differs is an error.
 *
 * The first response is the earlier of responded_at and closed_at (closing
 * an item answers it).  A summary with no waiting item is final and keeps
 * no as_of: it combines with summaries of any as_of; summaries that both
 * have waiting items must have the same one.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "effcap.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(sla_summary_in);
PG_FUNCTION_INFO_V1(sla_summary_out);
PG_FUNCTION_INFO_V1(sla_summary_recv);
PG_FUNCTION_INFO_V1(sla_summary_send);
PG_FUNCTION_INFO_V1(sla_trans);
PG_FUNCTION_INFO_V1(sla_inv);
PG_FUNCTION_INFO_V1(sla_combine);
PG_FUNCTION_INFO_V1(sla_final);
PG_FUNCTION_INFO_V1(sla_rollup_trans);
PG_FUNCTION_INFO_V1(sla_rollup_inv);
PG_FUNCTION_INFO_V1(sla_summary_merge);
PG_FUNCTION_INFO_V1(sla_stats);
PG_FUNCTION_INFO_V1(sla_within);
PG_FUNCTION_INFO_V1(sla_cycle_percentile);
PG_FUNCTION_INFO_V1(sla_backlog);

#define SLA_VERSION 1
#define SLA_FLAG_AS_OF 1		/* the summary has waiting items, as of as_of */
#define SLA_MAX_CLASSES 64
#define SLA_MAX_NAME_LEN 63
#define SLA_MAX_KEY SUMMARY_MAX_SECONDS
#define SLA_MAX_RULE_CLASSES 256
#define SLA_MAX_CALENDARS 32
#define SLA_CLOCK_24_7 0

/* The four histograms of a class. */
enum
{
	RESPONSE_DONE,				/* clock seconds to the first response */
	RESPONSE_WAITING,			/* clock seconds waited so far, not answered */
	RESOLUTION_DONE,			/* clock seconds to closure */
	RESOLUTION_WAITING,			/* clock seconds open so far */
	SLA_NHIST
};

static const char *const HistKey[SLA_NHIST] = {"done", "waiting", "done", "waiting"};

/* Stored: after the header, SlaStoredClass[n], data_len bytes of histograms, the names. */
typedef struct SlaStoredClass
{
	uint32		name_off;
	uint32		name_len;
	uint64		clock;
	int64		items;
	int64		escalated;
	int64		cycle_us;		/* sum of clock microseconds to closure */
	uint32		nbins[SLA_NHIST];
	uint32		data_off;
	uint32		pad;
} SlaStoredClass;

typedef struct SlaSummary
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		n;
	uint32		names_len;
	uint32		data_len;
	uint32		pad;
	int64		as_of;			/* with SLA_FLAG_AS_OF, else 0 */
} SlaSummary;

#define SLA_CLASSES(s) ((SlaStoredClass *) ((char *) (s) + sizeof(SlaSummary)))
#define SLA_DATA(s)	((uint8 *) (SLA_CLASSES(s) + (s)->n))
#define SLA_NAMES(s) ((char *) (SLA_DATA(s) + (s)->data_len))

static const SummaryKind SlaKind = {
	"sla_summary", SLA_VERSION, SLA_MAX_NAME_LEN, NULL, NULL, 0
};

static const RulesDoc SlaTextDoc = {
	"input syntax for type sla_summary", ERRCODE_INVALID_TEXT_REPRESENTATION
};

static const RulesDoc SlaRulesDoc = {"SLA rules", ERRCODE_INVALID_PARAMETER_VALUE};

/* A decoded class. */
typedef struct SlaClass
{
	const char *name;
	int			len;
	uint64		clock;
	int64		items;
	int64		escalated;
	int64		cycle_us;
	int			nbins[SLA_NHIST];
	SummaryBin *h[SLA_NHIST];
} SlaClass;

typedef struct SlaDecoded
{
	bool		has_as_of;
	TimestampTz as_of;
	int			n;
	SlaClass	c[SLA_MAX_CLASSES];
} SlaDecoded;

/* ----------------------------------------------------------------------
 * Checks and the stored form
 * ---------------------------------------------------------------------- */

static int64
HistTotal(const SummaryBin *bins, int n)
{
	int64		t = 0;

	for (int i = 0; i < n; i++)
		if (pg_add_s64_overflow(t, bins[i].count, &t))
			return -1;
	return t;
}

/* An as_of the text form can write: years 1 to 9999. */
static bool
AsOfInRange(TimestampTz t)
{
	return t >= (int64) (date2j(1, 1, 1) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY &&
		t < (int64) (date2j(10000, 1, 1) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY;
}

/*
 * Whether a decoded summary is sound: names in order, histograms rising
 * with positive counts, every item once in each stage, closed items
 * answered, escalations and the cycle-time sum within what the counts
 * allow, and an as_of exactly when items wait.  NULL when sound, else the
 * problem.
 */
static const char *
DecodedProblem(const SlaDecoded *d)
{
	bool		waiting = false;

	for (int c = 0; c < d->n; c++)
	{
		const SlaClass *k = &d->c[c];
		int64		tot[SLA_NHIST];
		int128		lo = 0,
					hi = 0;

		if (k->len > SLA_MAX_NAME_LEN ||
			(c > 0 && RulesNameCmp(d->c[c - 1].name, d->c[c - 1].len, k->name, k->len) >= 0))
			return "bad class";
		for (int h = 0; h < SLA_NHIST; h++)
		{
			for (int i = 0; i < k->nbins[h]; i++)
				if (k->h[h][i].count <= 0 || k->h[h][i].key > SLA_MAX_KEY ||
					(i > 0 && k->h[h][i].key <= k->h[h][i - 1].key))
					return "bad histogram entry";
			tot[h] = HistTotal(k->h[h], k->nbins[h]);
			if (tot[h] < 0)
				return "counts out of range";
		}
		if (k->items <= 0 || tot[RESPONSE_DONE] + tot[RESPONSE_WAITING] != k->items ||
			tot[RESOLUTION_DONE] + tot[RESOLUTION_WAITING] != k->items)
			return "items do not add up";
		if (tot[RESOLUTION_DONE] > tot[RESPONSE_DONE])
			return "more items closed than answered";
		if (k->escalated < 0 || k->escalated > k->items)
			return "escalations out of range";
		for (int i = 0; i < k->nbins[RESOLUTION_DONE]; i++)
		{
			const SummaryBin *b = &k->h[RESOLUTION_DONE][i];

			hi += (int128) b->key * b->count * USECS_PER_SEC;
			if (b->key > 0)
				lo += ((int128) (b->key - 1) * USECS_PER_SEC + 1) * b->count;
		}
		if (k->cycle_us < lo || k->cycle_us > hi)
			return "cycle time out of range";
		waiting |= tot[RESPONSE_WAITING] > 0 || tot[RESOLUTION_WAITING] > 0;
	}
	if (waiting != d->has_as_of)
		return waiting ? "waiting items without as_of" : "as_of without waiting items";
	if (d->has_as_of && !AsOfInRange(d->as_of))
		return "as_of out of range";
	return NULL;
}

static void
CheckDecoded(const SlaDecoded *d, int errc, const char *what)
{
	const char *problem = DecodedProblem(d);

	if (problem)
		ereport(ERROR,
				(errcode(errc),
				 errmsg("%s: %s", what, problem)));
}

static void
SlaDecode(const SlaSummary *s, SlaDecoded *d)
{
	Size		size = VARSIZE(s);
	const uint8 *end;
	int			at = 0;

	if (size < sizeof(SlaSummary) || s->version != SLA_VERSION ||
		(s->flags & ~SLA_FLAG_AS_OF) != 0 || s->n > SLA_MAX_CLASSES ||
		sizeof(SlaSummary) + (Size) s->n * sizeof(SlaStoredClass) + (Size) s->data_len +
		(Size) s->names_len != size)
		SummaryCorrupt(&SlaKind, NULL);
	end = SLA_DATA(s) + s->data_len;
	d->has_as_of = (s->flags & SLA_FLAG_AS_OF) != 0;
	d->as_of = s->as_of;
	d->n = s->n;
	for (int c = 0; c < s->n; c++)
	{
		const SlaStoredClass *sc = &SLA_CLASSES(s)[c];
		const uint8 *p = SLA_DATA(s) + sc->data_off;
		SlaClass   *k = &d->c[c];

		SummaryCheckName(&SlaKind, SLA_NAMES(s), sc->name_off, sc->name_len, s->names_len);
		if (sc->data_off != (uint32) at)
			SummaryCorrupt(&SlaKind, "bad class");
		k->name = SLA_NAMES(s) + sc->name_off;
		k->len = sc->name_len;
		k->clock = sc->clock;
		k->items = sc->items;
		k->escalated = sc->escalated;
		k->cycle_us = sc->cycle_us;
		for (int h = 0; h < SLA_NHIST; h++)
		{
			if (sc->nbins[h] > PG_INT32_MAX)
				SummaryCorrupt(&SlaKind, "bad class");
			k->nbins[h] = sc->nbins[h];
			k->h[h] = SummaryGetBins(&SlaKind, &p, end, sc->nbins[h], SLA_MAX_KEY);
		}
		at = p - SLA_DATA(s);
	}
	if (SLA_DATA(s) + at != end)
		SummaryCorrupt(&SlaKind, "trailing bytes");
	CheckDecoded(d, ERRCODE_DATA_CORRUPTED, "corrupt sla_summary value");
}

static void
SlaFromDatum(Datum datum, SlaDecoded *d)
{
	SlaDecode((SlaSummary *) PG_DETOAST_DATUM(datum), d);
}

static SummaryReadCache SlaReadCache;
static SlaDecoded SlaCached;

static void
SlaDecodeCached(const struct varlena *v, void *decoded)
{
	SlaDecode((const SlaSummary *) v, (SlaDecoded *) decoded);
}

/* A stored summary through the read cache: *d is valid until the next SlaRead(). */
static const SlaDecoded *
SlaRead(Datum datum)
{
	SummaryRead(&SlaReadCache, datum, SlaDecodeCached, &SlaCached);
	return &SlaCached;
}

static SlaSummary *
SlaEncode(const SlaDecoded *d)
{
	StringInfoData data;
	uint32		offs[SLA_MAX_CLASSES];
	Size		names_len = 0,
				size;
	SlaSummary *s;
	uint32		noff = 0;

	initStringInfo(&data);
	for (int c = 0; c < d->n; c++)
	{
		names_len += d->c[c].len;
		offs[c] = data.len;
		for (int h = 0; h < SLA_NHIST; h++)
			SummaryPutBins(&data, d->c[c].h[h], d->c[c].nbins[h]);
	}
	size = sizeof(SlaSummary) + (Size) d->n * sizeof(SlaStoredClass) + data.len + names_len;
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = SLA_VERSION;
	s->flags = d->has_as_of ? SLA_FLAG_AS_OF : 0;
	s->n = d->n;
	s->names_len = names_len;
	s->data_len = data.len;
	s->as_of = d->has_as_of ? d->as_of : 0;
	memcpy(SLA_DATA(s), data.data, data.len);
	for (int c = 0; c < d->n; c++)
	{
		SlaStoredClass *sc = &SLA_CLASSES(s)[c];

		sc->name_off = noff;
		sc->name_len = d->c[c].len;
		sc->clock = d->c[c].clock;
		sc->items = d->c[c].items;
		sc->escalated = d->c[c].escalated;
		sc->cycle_us = d->c[c].cycle_us;
		for (int h = 0; h < SLA_NHIST; h++)
			sc->nbins[h] = d->c[c].nbins[h];
		sc->data_off = offs[c];
		memcpy(SLA_NAMES(s) + noff, d->c[c].name, d->c[c].len);
		noff += d->c[c].len;
	}
	return s;
}

/* ----------------------------------------------------------------------
 * Rules: calendars and classes
 *
 *	 {"calendars": {"office": {"time_zone": ..., "hours": {...}, "exclude": [...]}},
 *	  "classes": {"complaint": {"response": "24 hours", "resolution": "48 hours"},
 *				  "internal": {"response": "15 minutes", "calendar": "office"}}}
 * ---------------------------------------------------------------------- */

typedef struct SlaRuleClass
{
	char	   *name;
	int			len;
	int			calendar;		/* index, or -1 for 24/7 */
	int64		target[2];		/* response, resolution: whole seconds, or -1 */
} SlaRuleClass;

typedef struct SlaRules
{
	int			ncal;
	char	   *calname[SLA_MAX_CALENDARS];
	int			calname_len[SLA_MAX_CALENDARS];
	Calendar	cal[SLA_MAX_CALENDARS];
	int			ncls;
	SlaRuleClass cls[SLA_MAX_RULE_CLASSES];
	int			last;			/* the class found last */
} SlaRules;

static void
ParseSlaRules(Jsonb *doc, void *out)
{
	static const char *const top[] = {"calendars", "classes", NULL};
	static const char *const class_keys[] = {"response", "resolution", "calendar", NULL};
	SlaRules   *r = (SlaRules *) out;
	JsonbContainer *root = RulesRoot(&SlaRulesDoc, doc);
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;

	RulesCheckKeys(&SlaRulesDoc, root, "", top);
	if (RulesGet(root, "calendars", &v))
	{
		it = JsonbIteratorInit(RulesObject(&SlaRulesDoc, &v, "calendars"));
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			char	   *path;

			if (tok != WJB_KEY)
				continue;
			path = RulesPathKey("calendars", v.val.string.val, v.val.string.len);
			if (r->ncal == SLA_MAX_CALENDARS)
				RulesError(&SlaRulesDoc, "calendars", "has more than %d calendars", SLA_MAX_CALENDARS);
			r->calname[r->ncal] = v.val.string.val;
			r->calname_len[r->ncal] = v.val.string.len;
			JsonbIteratorNext(&it, &v, true);
			CalendarParse(&SlaRulesDoc, RulesObject(&SlaRulesDoc, &v, path), path,
						  &r->cal[r->ncal], CurrentMemoryContext);
			r->ncal++;
		}
	}
	if (!RulesGet(root, "classes", &v))
		RulesError(&SlaRulesDoc, "classes", "is missing");
	it = JsonbIteratorInit(RulesObject(&SlaRulesDoc, &v, "classes"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		SlaRuleClass *k;
		JsonbContainer *obj;
		char	   *path;
		JsonbValue	f;

		if (tok != WJB_KEY)
			continue;
		path = RulesPathKey("classes", v.val.string.val, v.val.string.len);
		if (r->ncls == SLA_MAX_RULE_CLASSES)
			RulesError(&SlaRulesDoc, "classes", "has more than %d classes", SLA_MAX_RULE_CLASSES);
		if (v.val.string.len > SLA_MAX_NAME_LEN)
			RulesError(&SlaRulesDoc, path, "is a class name longer than %d bytes", SLA_MAX_NAME_LEN);
		k = &r->cls[r->ncls];
		k->name = v.val.string.val;
		k->len = v.val.string.len;
		JsonbIteratorNext(&it, &v, true);
		obj = RulesObject(&SlaRulesDoc, &v, path);
		RulesCheckKeys(&SlaRulesDoc, obj, path, class_keys);
		for (int stage = 0; stage < 2; stage++)
		{
			const char *key = stage == 0 ? "response" : "resolution";

			k->target[stage] = -1;
			if (RulesGet(obj, key, &f) && f.type != jbvNull)
				k->target[stage] = RulesDuration(&SlaRulesDoc, &f, RulesPathMember(path, key),
												 (int64) SLA_MAX_KEY);
		}
		k->calendar = -1;
		if (RulesGet(obj, "calendar", &f) && !(f.type == jbvString && f.val.string.len == 4 &&
											   memcmp(f.val.string.val, "24/7", 4) == 0))
		{
			for (int c = 0; c < r->ncal; c++)
				if (f.type == jbvString && f.val.string.len == r->calname_len[c] &&
					memcmp(f.val.string.val, r->calname[c], f.val.string.len) == 0)
					k->calendar = c;
			if (k->calendar < 0)
				RulesError(&SlaRulesDoc, RulesPathMember(path, "calendar"),
						   "must be \"24/7\" or the name of one of calendars");
		}
		r->ncls++;
	}
}

/* The rules' class of that name, or NULL. */
static SlaRuleClass *
RuleClass(SlaRules *r, const char *name, int len)
{
	if (r->last < r->ncls && r->cls[r->last].len == len &&
		memcmp(r->cls[r->last].name, name, len) == 0)
		return &r->cls[r->last];
	for (int c = 0; c < r->ncls; c++)
		if (r->cls[c].len == len && memcmp(r->cls[c].name, name, len) == 0)
			return &r->cls[r->last = c];
	return NULL;
}

static uint64
RuleClock(const SlaRules *r, const SlaRuleClass *k)
{
	return k->calendar < 0 ? SLA_CLOCK_24_7 : r->cal[k->calendar].fingerprint;
}

static SlaRules *
CachedRules(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("SLA rules must not be NULL")));
	return RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt,
						 PG_GETARG_VARLENA_P(argno), sizeof(SlaRules), ParseSlaRules);
}

/* ----------------------------------------------------------------------
 * The aggregate state
 * ---------------------------------------------------------------------- */

typedef struct SlaStateClass
{
	char	   *name;
	int			len;
	uint64		clock;
	int64		items;
	int64		escalated;
	int64		cycle_us;
	SummaryCounts *h[SLA_NHIST];
} SlaStateClass;

typedef struct SlaState
{
	MemoryContext cxt;
	int			n;
	int			last;
	SlaStateClass c[SLA_MAX_CLASSES];
	int64		waiting;		/* items with a stage still waiting */
	bool		rows;			/* rows were added: as_of is theirs */
	TimestampTz as_of;			/* of the rows, or of the waiting items */
} SlaState;

static void SlaAddSummary(void *state, Datum summary, int sign);
static struct varlena *SlaStateEncode(void *state);

static void
SlaInitState(void *state, MemoryContext cxt)
{
	((SlaState *) state)->cxt = cxt;
}

static const SummaryStateOps SlaOps = {
	&SlaKind, sizeof(SlaState), SlaInitState, SlaAddSummary, SlaStateEncode
};

static void
CountOverflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sla_summary counter out of range")));
}

static void
AddTo(int64 *x, int64 delta)
{
	if (pg_add_s64_overflow(*x, delta, x) || *x < 0)
	{
		if (*x < 0)
			SummaryCannotRemove(&SlaKind);
		CountOverflow();
	}
}

/* The class of the state by name (added when new and adding); clocks must agree. */
static SlaStateClass *
StateClass(SlaState *st, const char *name, int len, uint64 clock, bool add)
{
	int			c;
	SlaStateClass *k;

	if (st->last < st->n && st->c[st->last].len == len &&
		memcmp(st->c[st->last].name, name, len) == 0)
		c = st->last;
	else
	{
		const char *names[SLA_MAX_CLASSES];
		int			lens[SLA_MAX_CLASSES];

		for (int i = 0; i < st->n; i++)
		{
			names[i] = st->c[i].name;
			lens[i] = st->c[i].len;
		}
		c = SummaryFindName(names, lens, st->n, name, len);
	}
	if (c < 0)
	{
		if (!add)
			SummaryCannotRemove(&SlaKind);
		SummaryCheckNewName(&SlaKind, "work-item class", name, len, st->n, SLA_MAX_CLASSES);
		c = st->n++;
		k = &st->c[c];
		k->name = MemoryContextAlloc(st->cxt, Max(len, 1));
		memcpy(k->name, name, len);
		k->len = len;
		k->clock = clock;
		for (int h = 0; h < SLA_NHIST; h++)
			k->h[h] = SummaryCountsCreate(&SlaKind, st->cxt);
	}
	k = &st->c[st->last = c];
	if (k->clock != clock)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("class \"%.*s\" is measured on two different clocks", len, name),
				 errdetail("Summaries or rows of one class must use the same calendar (or both 24/7).")));
	return k;
}

/* Adopt the as_of of rows or waiting items arriving, or refuse a different one. */
static void
StateAsOf(SlaState *st, TimestampTz as_of, bool binding)
{
	if ((st->rows || st->waiting > 0) && as_of != st->as_of)
	{
		char	   *a = pstrdup(timestamptz_to_str(st->as_of));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be the same for every row and waiting summary of a group: %s, then %s",
						a, timestamptz_to_str(as_of))));
	}
	if (binding)
		st->as_of = as_of;
}

static void
StateMerge(SlaState *st, const SlaDecoded *d, int sign)
{
	int64		waiting = 0;

	if (d->has_as_of && sign > 0)
		StateAsOf(st, d->as_of, true);
	for (int c = 0; c < d->n; c++)
	{
		const SlaClass *k = &d->c[c];
		SlaStateClass *sk = StateClass(st, k->name, k->len, k->clock, sign > 0);

		AddTo(&sk->items, sign * k->items);
		AddTo(&sk->escalated, sign * k->escalated);
		AddTo(&sk->cycle_us, sign * k->cycle_us);
		for (int h = 0; h < SLA_NHIST; h++)
			SummaryCountsAddBins(sk->h[h], k->h[h], k->nbins[h], sign);
		waiting += HistTotal(k->h[RESPONSE_WAITING], k->nbins[RESPONSE_WAITING]) +
			HistTotal(k->h[RESOLUTION_WAITING], k->nbins[RESOLUTION_WAITING]);
	}
	if (sign < 0 && d->has_as_of && d->as_of != st->as_of)
		SummaryCannotRemove(&SlaKind);
	AddTo(&st->waiting, sign * waiting);
}

/* The state as decoded histograms, classes in name order (empty ones dropped). */
static void
StateDecoded(SlaState *st, SlaDecoded *d)
{
	const char *names[SLA_MAX_CLASSES];
	int			lens[SLA_MAX_CLASSES];
	int			order[SLA_MAX_CLASSES];

	for (int i = 0; i < st->n; i++)
	{
		names[i] = st->c[i].name;
		lens[i] = st->c[i].len;
	}
	SummarySortNames(names, lens, st->n, order);
	d->n = 0;
	d->has_as_of = st->waiting > 0;
	d->as_of = st->as_of;
	for (int r = 0; r < st->n; r++)
	{
		SlaStateClass *sk = &st->c[order[r]];
		SlaClass   *k = &d->c[d->n];

		if (sk->items == 0)
			continue;
		k->name = sk->name;
		k->len = sk->len;
		k->clock = sk->clock;
		k->items = sk->items;
		k->escalated = sk->escalated;
		k->cycle_us = sk->cycle_us;
		for (int h = 0; h < SLA_NHIST; h++)
			k->h[h] = SummaryCountsSorted(sk->h[h], &k->nbins[h]);
		d->n++;
	}
}

static uint64
CeilSeconds(int64 us)
{
	return (uint64) ((us + USECS_PER_SEC - 1) / USECS_PER_SEC);
}

static TimestampTz
ArgTime(FunctionCallInfo fcinfo, int argno, const char *name)
{
	TimestampTz t;

	if (PG_ARGISNULL(argno))
		return DT_NOEND;
	t = PG_GETARG_TIMESTAMPTZ(argno);
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite, not %s", name, timestamptz_to_str(t))));
	return t;
}

/* Clock microseconds from opened to t on a class's clock. */
static int64
ClockMicros(SlaRules *r, const SlaRuleClass *rk, TimestampTz opened, TimestampTz t)
{
	int64		us;

	if (rk->calendar >= 0)
		return CalendarMicros(&r->cal[rk->calendar], opened, t);
	if (pg_sub_s64_overflow(t, opened, &us))
		CountOverflow();
	return us;
}

/*
 * sla_trans / sla_inv (state, class, opened_at, responded_at, closed_at,
 * escalated, rules, as_of): one work item.  A NULL class or opened_at
 * skips the row; a NULL escalated counts as not escalated.
 */
static Datum
SlaStep(FunctionCallInfo fcinfo, int sign)
{
	SummaryState *s;
	SlaState   *st;
	SlaRules   *r;
	SlaRuleClass *rk;
	SlaStateClass *k;
	text	   *cls;
	TimestampTz opened,
				responded,
				closed,
				answered,
				as_of;
	int			waiting = 0;

	if (PG_ARGISNULL(0) && sign < 0)
		SummaryCannotRemove(&SlaKind);
	s = SummaryStateArg(&SlaOps, fcinfo, 0);
	st = (SlaState *) s->state;
	r = CachedRules(fcinfo, 6);
	if (PG_ARGISNULL(7))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("An SLA summary is built as of an instant: items still open then are pending or overdue.")));
	as_of = ArgTime(fcinfo, 7, "as_of");
	if (!AsOfInRange(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("as_of must lie in the years 1 to 9999, not %s", timestamptz_to_str(as_of))));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(SummaryStateDatum(s));
	cls = PG_GETARG_TEXT_PP(1);
	opened = ArgTime(fcinfo, 2, "opened_at");
	responded = ArgTime(fcinfo, 3, "responded_at");
	closed = ArgTime(fcinfo, 4, "closed_at");
	rk = RuleClass(r, VARDATA_ANY(cls), VARSIZE_ANY_EXHDR(cls));
	if (rk == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("work-item class \"%.*s\" is not in the SLA rules",
						Min((int) VARSIZE_ANY_EXHDR(cls), 64), VARDATA_ANY(cls)),
				 errhint("Name every class under \"classes\", with its targets and calendar.")));
	if (opened > as_of)
	{
		char	   *o = pstrdup(timestamptz_to_str(opened));

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("opened_at (%s) is after as_of (%s): the item did not exist yet",
						o, timestamptz_to_str(as_of))));
	}
	if (responded < opened || (closed < opened))
	{
		TimestampTz bad = responded < opened ? responded : closed;

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s (%s) is before opened_at",
						responded < opened ? "responded_at" : "closed_at", timestamptz_to_str(bad))));
	}
	StateAsOf(st, as_of, true);
	st->rows = true;
	k = StateClass(st, VARDATA_ANY(cls), VARSIZE_ANY_EXHDR(cls), RuleClock(r, rk), sign > 0);

	/* what happened after as_of has not happened yet */
	answered = Min(responded, closed);
	if (answered <= as_of)
		SummaryCountsAdd(k->h[RESPONSE_DONE], CeilSeconds(ClockMicros(r, rk, opened, answered)), sign);
	if (closed <= as_of)
	{
		int64		us = ClockMicros(r, rk, opened, closed);

		SummaryCountsAdd(k->h[RESOLUTION_DONE], CeilSeconds(us), sign);
		AddTo(&k->cycle_us, sign * us);
	}
	else
	{
		uint64		open = CeilSeconds(ClockMicros(r, rk, opened, as_of));

		SummaryCountsAdd(k->h[RESOLUTION_WAITING], open, sign);
		if (answered > as_of)
			SummaryCountsAdd(k->h[RESPONSE_WAITING], open, sign);
		waiting = 1;
	}
	AddTo(&k->items, sign);
	if (!PG_ARGISNULL(5) && PG_GETARG_BOOL(5))
		AddTo(&k->escalated, sign);
	AddTo(&st->waiting, sign * waiting);
	PG_RETURN_DATUM(SummaryStateDatum(s));
}

Datum
sla_trans(PG_FUNCTION_ARGS)
{
	return SlaStep(fcinfo, 1);
}

Datum
sla_inv(PG_FUNCTION_ARGS)
{
	return SlaStep(fcinfo, -1);
}

static void
SlaAddSummary(void *state, Datum summary, int sign)
{
	SummaryState *other = SummaryStateOf(&SlaKind, summary);
	SlaDecoded	d;

	if (other)
	{
		StateDecoded((SlaState *) other->state, &d);
		StateMerge((SlaState *) state, &d, sign);
	}
	else
		StateMerge((SlaState *) state, SlaRead(summary), sign);
}

Datum
sla_rollup_trans(PG_FUNCTION_ARGS)
{
	return SummaryRollupStep(&SlaOps, fcinfo, 1);
}

Datum
sla_rollup_inv(PG_FUNCTION_ARGS)
{
	return SummaryRollupStep(&SlaOps, fcinfo, -1);
}

Datum
sla_combine(PG_FUNCTION_ARGS)
{
	return SummaryStateCombine(&SlaOps, fcinfo);
}

static struct varlena *
SlaStateEncode(void *state)
{
	SlaDecoded *d = palloc(sizeof(SlaDecoded));

	StateDecoded((SlaState *) state, d);
	return (struct varlena *) SlaEncode(d);
}

/* The final function: the stored form, NULL when no item was counted. */
Datum
sla_final(PG_FUNCTION_ARGS)
{
	SummaryState *s;
	SlaDecoded *d = palloc(sizeof(SlaDecoded));

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SummaryStateOf(&SlaKind, PG_GETARG_DATUM(0));
	if (s)
		StateDecoded((SlaState *) s->state, d);
	else
		SlaFromDatum(PG_GETARG_DATUM(0), d);
	if (d->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(SlaEncode(d));
}

/* merge(a, b): the summary of the items of both. */
Datum
sla_summary_merge(PG_FUNCTION_ARGS)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "sla merge",
											  ALLOCSET_SMALL_SIZES);
	SlaState   *st = MemoryContextAllocZero(cxt, sizeof(SlaState));
	SlaDecoded *d = palloc(sizeof(SlaDecoded));

	st->cxt = cxt;
	for (int i = 0; i < 2; i++)
	{
		SlaFromDatum(PG_GETARG_DATUM(i), d);
		StateMerge(st, d, 1);
	}
	StateDecoded(st, d);
	PG_RETURN_POINTER(SlaEncode(d));
}

/* ----------------------------------------------------------------------
 * Text and binary forms
 * ---------------------------------------------------------------------- */

static void
AppendTime(StringInfo buf, TimestampTz t)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (timestamp2tm(t, NULL, &tm, &fsec, NULL, NULL) != 0 || tm.tm_year < 1 || tm.tm_year > 9999)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("sla_summary as_of out of range")));
	appendStringInfo(buf, "\"%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year, tm.tm_mon, tm.tm_mday,
					 tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec)
		appendStringInfo(buf, ".%06d", fsec);
	appendStringInfoString(buf, "+00\"");
}

/*
 * {"version": 1, "as_of": "2026-12-01 00:00:00+00", "classes": {"complaint":
 *	{"clock": "24/7", "items": 3, "escalated": 1, "cycle_us": 7200000000,
 *	 "response": {"done": {"3600": 2}, "waiting": {"86401": 1}},
 *	 "resolution": {"done": {"7200": 1}, "waiting": {...}}}}}
 */
Datum
sla_summary_out(PG_FUNCTION_ARGS)
{
	SlaDecoded *d = palloc(sizeof(SlaDecoded));
	StringInfoData buf;

	SlaFromDatum(PG_GETARG_DATUM(0), d);
	SummaryTextBegin(&buf, &SlaKind);
	if (d->has_as_of)
	{
		appendStringInfoString(&buf, ", \"as_of\": ");
		AppendTime(&buf, d->as_of);
	}
	appendStringInfoString(&buf, ", \"classes\": {");
	for (int c = 0; c < d->n; c++)
	{
		const SlaClass *k = &d->c[c];

		if (c > 0)
			appendStringInfoString(&buf, ", ");
		SummaryTextName(&buf, k->name, k->len);
		if (k->clock == SLA_CLOCK_24_7)
			appendStringInfoString(&buf, ": {\"clock\": \"24/7\"");
		else
			appendStringInfo(&buf, ": {\"clock\": \"%016llx\"", (unsigned long long) k->clock);
		appendStringInfo(&buf, ", \"items\": " INT64_FORMAT ", \"escalated\": " INT64_FORMAT
						 ", \"cycle_us\": " INT64_FORMAT, k->items, k->escalated, k->cycle_us);
		for (int h = 0; h < SLA_NHIST; h++)
		{
			if (h % 2 == 0)
				appendStringInfo(&buf, ", \"%s\": {", h == 0 ? "response" : "resolution");
			appendStringInfo(&buf, "%s\"%s\": {", h % 2 ? ", " : "", HistKey[h]);
			for (int i = 0; i < k->nbins[h]; i++)
				appendStringInfo(&buf, "%s\"" UINT64_FORMAT "\": " INT64_FORMAT, i ? ", " : "",
								 k->h[h][i].key, k->h[h][i].count);
			appendStringInfoString(&buf, h % 2 ? "}}" : "}");
		}
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "}}");
	PG_RETURN_CSTRING(buf.data);
}

static int
ClassOrder(const void *a, const void *b)
{
	const SlaClass *x = (const SlaClass *) a,
			   *y = (const SlaClass *) b;

	return RulesNameCmp(x->name, x->len, y->name, y->len);
}

Datum
sla_summary_in(PG_FUNCTION_ARGS)
{
	static const char *const top_keys[] = {"version", "as_of", "classes", NULL};
	static const char *const class_keys[] = {"clock", "items", "escalated", "cycle_us",
	"response", "resolution", NULL};
	static const char *const stage_keys[] = {"done", "waiting", NULL};
	const RulesDoc *doc = &SlaTextDoc;
	JsonbContainer *root = SummaryTextRoot(&SlaKind, doc, PG_GETARG_CSTRING(0), top_keys);
	SlaDecoded *d = palloc0(sizeof(SlaDecoded));
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;

	if (RulesGet(root, "as_of", &v) && v.type != jbvNull)
	{
		/* UTC and digits only: "now" or a zone-less time would read differently tomorrow */
		if (v.type != jbvString || v.val.string.len < 22 || v.val.string.len > 29 ||
			v.val.string.val[0] < '0' || v.val.string.val[0] > '9' ||
			memcmp(v.val.string.val + v.val.string.len - 3, "+00", 3) != 0)
			RulesError(doc, "as_of", "must be a timestamp written \"YYYY-MM-DD HH:MM:SS+00\"");
		d->has_as_of = true;
		d->as_of = DatumGetTimestampTz(DirectFunctionCall3(timestamptz_in,
														   CStringGetDatum(pnstrdup(v.val.string.val, v.val.string.len)),
														   ObjectIdGetDatum(InvalidOid),
														   Int32GetDatum(-1)));
	}
	if (!RulesGet(root, "classes", &v))
		RulesError(doc, "classes", "is missing");
	it = JsonbIteratorInit(RulesObject(doc, &v, "classes"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		SlaClass   *k;
		JsonbContainer *obj;
		JsonbValue	f;
		char	   *path;

		if (tok != WJB_KEY)
			continue;
		SummaryCheckNewName(&SlaKind, "work-item class", v.val.string.val, v.val.string.len,
							d->n, SLA_MAX_CLASSES);
		k = &d->c[d->n++];
		k->name = v.val.string.val;
		k->len = v.val.string.len;
		path = RulesPathKey("classes", k->name, k->len);
		JsonbIteratorNext(&it, &v, true);
		obj = RulesObject(doc, &v, path);
		RulesCheckKeys(doc, obj, path, class_keys);
		if (!RulesGet(obj, "clock", &f) || f.type != jbvString)
			RulesError(doc, RulesPathMember(path, "clock"), "must be \"24/7\" or 16 hex digits");
		if (f.val.string.len == 4 && memcmp(f.val.string.val, "24/7", 4) == 0)
			k->clock = SLA_CLOCK_24_7;
		else
		{
			if (f.val.string.len != 16)
				RulesError(doc, RulesPathMember(path, "clock"), "must be \"24/7\" or 16 hex digits");
			for (int i = 0; i < 16; i++)
			{
				char		ch = f.val.string.val[i];
				int			x = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10 : -1;

				if (x < 0)
					RulesError(doc, RulesPathMember(path, "clock"), "must be \"24/7\" or 16 hex digits");
				k->clock = (k->clock << 4) | x;
			}
			if (k->clock == SLA_CLOCK_24_7)
				RulesError(doc, RulesPathMember(path, "clock"), "must be \"24/7\" or 16 hex digits, not all zero");
		}
		for (int i = 0; i < 3; i++)
		{
			const char *key = i == 0 ? "items" : i == 1 ? "escalated" : "cycle_us";
			int64	   *dst = i == 0 ? &k->items : i == 1 ? &k->escalated : &k->cycle_us;

			if (!RulesGet(obj, key, &f))
				RulesError(doc, RulesPathMember(path, key), "is missing");
			*dst = RulesCount(doc, &f, RulesPathMember(path, key));
		}
		for (int stage = 0; stage < 2; stage++)
		{
			const char *skey = stage == 0 ? "response" : "resolution";
			char	   *spath = RulesPathMember(path, skey);
			JsonbContainer *sobj;

			if (!RulesGet(obj, skey, &f))
				RulesError(doc, spath, "is missing");
			sobj = RulesObject(doc, &f, spath);
			RulesCheckKeys(doc, sobj, spath, stage_keys);
			for (int w = 0; w < 2; w++)
			{
				int			h = stage * 2 + w;
				JsonbValue	hv;

				if (!RulesGet(sobj, HistKey[h], &hv))
					RulesError(doc, RulesPathMember(spath, HistKey[h]), "is missing");
				k->h[h] = SummaryTextBins(doc, &hv, RulesPathMember(spath, HistKey[h]), "3600", &k->nbins[h]);
			}
		}
	}
	qsort(d->c, d->n, sizeof(SlaClass), ClassOrder);
	CheckDecoded(d, ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type sla_summary");
	PG_RETURN_POINTER(SlaEncode(d));
}

/*
 * Binary: version, flags (1: as_of follows), as_of, class count, then per
 * class its name, clock, items, escalated, cycle_us and four histograms.
 */
Datum
sla_summary_send(PG_FUNCTION_ARGS)
{
	SlaDecoded *d = palloc(sizeof(SlaDecoded));
	StringInfoData buf;

	SlaFromDatum(PG_GETARG_DATUM(0), d);
	SummarySendBegin(&buf, &SlaKind);
	pq_sendbyte(&buf, d->has_as_of);
	pq_sendint64(&buf, d->has_as_of ? d->as_of : 0);
	pq_sendint32(&buf, d->n);
	for (int c = 0; c < d->n; c++)
	{
		SummarySendName(&buf, d->c[c].name, d->c[c].len);
		pq_sendint64(&buf, (int64) d->c[c].clock);
		pq_sendint64(&buf, d->c[c].items);
		pq_sendint64(&buf, d->c[c].escalated);
		pq_sendint64(&buf, d->c[c].cycle_us);
		for (int h = 0; h < SLA_NHIST; h++)
			SummarySendBins(&buf, d->c[c].h[h], d->c[c].nbins[h]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
sla_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	SlaDecoded *d = palloc0(sizeof(SlaDecoded));
	int			has;

	SummaryRecvBegin(&SlaKind, msg);
	has = pq_getmsgbyte(msg);
	if (has != 0 && has != 1)
		SummaryBadBinary(&SlaKind, "bad as_of flag %d", has);
	d->has_as_of = has;
	d->as_of = pq_getmsgint64(msg);
	if (!has && d->as_of != 0)
		SummaryBadBinary(&SlaKind, "as_of without its flag");
	d->n = SummaryRecvCount(&SlaKind, msg, SLA_MAX_CLASSES, "classes");
	for (int c = 0; c < d->n; c++)
	{
		SlaClass   *k = &d->c[c];

		k->name = SummaryRecvName(&SlaKind, msg, &k->len);
		k->clock = (uint64) pq_getmsgint64(msg);
		k->items = SummaryRecvCounter(&SlaKind, msg);
		k->escalated = SummaryRecvCounter(&SlaKind, msg);
		k->cycle_us = SummaryRecvCounter(&SlaKind, msg);
		for (int h = 0; h < SLA_NHIST; h++)
			k->h[h] = SummaryRecvBins(&SlaKind, msg, &k->nbins[h]);
	}
	SummaryRecvEnd(&SlaKind, msg);
	CheckDecoded(d, ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid binary sla_summary");
	PG_RETURN_POINTER(SlaEncode(d));
}

/* ----------------------------------------------------------------------
 * Reading
 * ---------------------------------------------------------------------- */

/* Counts of one stage judged against targets. */
typedef struct StageCounts
{
	int64		on_time;
	int64		late;
	int64		overdue;
	int64		pending;
} StageCounts;

static void
Sum(int64 *x, int64 delta)
{
	if (pg_add_s64_overflow(*x, delta, x))
		CountOverflow();
}

static void
Judge(const SlaClass *k, int stage, uint64 target, StageCounts *out)
{
	const SummaryBin *done = k->h[stage * 2],
			   *wait = k->h[stage * 2 + 1];

	for (int i = 0; i < k->nbins[stage * 2]; i++)
		Sum(done[i].key <= target ? &out->on_time : &out->late, done[i].count);
	for (int i = 0; i < k->nbins[stage * 2 + 1]; i++)
		Sum(wait[i].key <= target ? &out->pending : &out->overdue, wait[i].count);
}

static Datum
RateOrNull(int64 num, int64 den, bool *isnull)
{
	*isnull = den == 0;
	return Float8GetDatum(den ? (double) num / (double) den : 0);
}

/* All classes' histogram h in one sorted array (equal keys of two classes kept apart). */
static SummaryBin *
AllBins(const SlaDecoded *d, int h, int *n)
{
	SummaryBin *all;
	int			total = 0;

	for (int c = 0; c < d->n; c++)
		total += d->c[c].nbins[h];
	all = palloc(sizeof(SummaryBin) * Max(total, 1));
	*n = 0;
	for (int c = 0; c < d->n; c++)
		for (int i = 0; i < d->c[c].nbins[h]; i++)
			all[(*n)++] = d->c[c].h[h][i];
	SummarySortBins(all, *n);
	return all;
}

/*
 * sla_stats(summary, rules): every class judged against its own targets in
 * the rules, on the clock it was measured on.
 */
Datum
sla_stats(PG_FUNCTION_ARGS)
{
	SlaRules   *r = CachedRules(fcinfo, 1);
	TupleDesc	tupdesc = SummaryResultDesc(fcinfo, "sla_stats");
	const SlaDecoded *d;
	StageCounts st[2];
	int64		items = 0,
				escalated = 0,
				closed = 0,
				open = 0;
	int128		cycle = 0;
	Datum		values[21];
	bool		nulls[21] = {0};
	SummaryBin *all;
	int			n;
	uint64		key = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	d = SlaRead(PG_GETARG_DATUM(0));
	memset(st, 0, sizeof(st));
	for (int c = 0; c < d->n; c++)
	{
		const SlaClass *k = &d->c[c];
		SlaRuleClass *rk = RuleClass(r, k->name, k->len);

		if (rk == NULL)
			RulesError(&SlaRulesDoc, RulesPathKey("classes", k->name, k->len),
					   "is missing: the summary has items of class \"%.*s\"", k->len, k->name);
		if (RuleClock(r, rk) != k->clock)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("class \"%.*s\" was measured on another clock than these rules give it",
							k->len, k->name),
					 errdetail("Read a summary under rules with the calendar it was built with; only targets may change.")));
		for (int stage = 0; stage < 2; stage++)
			if (rk->target[stage] >= 0)
				Judge(k, stage, (uint64) rk->target[stage], &st[stage]);
		Sum(&items, k->items);
		Sum(&escalated, k->escalated);
		Sum(&closed, HistTotal(k->h[RESOLUTION_DONE], k->nbins[RESOLUTION_DONE]));
		Sum(&open, HistTotal(k->h[RESOLUTION_WAITING], k->nbins[RESOLUTION_WAITING]));
		cycle += k->cycle_us;
	}
	values[0] = TimestampTzGetDatum(d->as_of);
	nulls[0] = !d->has_as_of;
	values[1] = Int64GetDatum(items);
	values[2] = Int64GetDatum(escalated);
	values[3] = RateOrNull(escalated, items, &nulls[3]);
	values[4] = Int64GetDatum(open);
	for (int stage = 0; stage < 2; stage++)
	{
		int			b = 5 + stage * 6;
		StageCounts *s = &st[stage];
		int64		breached = s->late,
					judged = s->on_time;

		values[b] = Int64GetDatum(s->on_time);
		values[b + 1] = Int64GetDatum(s->late);
		values[b + 2] = Int64GetDatum(s->overdue);
		values[b + 3] = Int64GetDatum(s->pending);
		Sum(&breached, s->overdue);
		Sum(&judged, breached);
		values[b + 4] = Int64GetDatum(breached);
		values[b + 5] = RateOrNull(s->on_time, judged, &nulls[b + 5]);
	}
	values[17] = Int64GetDatum(closed);
	values[18] = Float8GetDatum(closed ? (double) cycle / (double) closed / USECS_PER_SEC : 0);
	nulls[18] = closed == 0;
	all = AllBins(d, RESOLUTION_DONE, &n);
	for (int i = 0; i < 2; i++)
	{
		nulls[19 + i] = !SummaryBinsPercentile(all, n, i == 0 ? 0.5 : 0.9, &key);
		values[19 + i] = Float8GetDatum((double) key);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * The whole seconds of an interval, when it has them: no months (a month
 * has no fixed length), not negative, whole seconds, within a histogram's
 * keys.
 */
static bool
WholeSeconds(const Interval *iv, uint64 *out)
{
	int128		us = (int128) iv->day * USECS_PER_DAY + iv->time;

	if (iv->month != 0 || us < 0 || us % USECS_PER_SEC != 0 || us / USECS_PER_SEC > SLA_MAX_KEY)
		return false;
	*out = (uint64) (us / USECS_PER_SEC);
	return true;
}

static char *
IntervalText(Datum iv)
{
	return DatumGetCString(DirectFunctionCall1(interval_out, iv));
}

/* Whole seconds of an interval argument, or an error naming it. */
static uint64
IntervalSeconds(FunctionCallInfo fcinfo, int argno, const char *name)
{
	uint64		secs;

	if (!WholeSeconds(PG_GETARG_INTERVAL_P(argno), &secs))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a whole number of seconds, days or weeks, not %s", name,
						IntervalText(PG_GETARG_DATUM(argno))),
				 errhint("An sla_summary answers whole-second targets; a month has no fixed length.")));
	return secs;
}

static int
StageArg(FunctionCallInfo fcinfo, int argno)
{
	text	   *t;
	char	   *s;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("stage must not be NULL")));
	t = PG_GETARG_TEXT_PP(argno);
	s = text_to_cstring(t);
	if (strcmp(s, "response") == 0)
		return 0;
	if (strcmp(s, "resolution") == 0)
		return 1;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("stage must be 'response' or 'resolution', not '%s'", s)));
	pg_unreachable();
}

/*
 * sla_within(summary, stage, within): the share of items that reached the
 * stage within `within` on their clock, of those judged (items still
 * waiting, but not yet past it, are pending and left out).
 */
Datum
sla_within(PG_FUNCTION_ARGS)
{
	int			stage = StageArg(fcinfo, 1);
	uint64		target;
	StageCounts s = {0};
	const SlaDecoded *d;
	bool		isnull;
	Datum		rate;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("within must not be NULL")));
	target = IntervalSeconds(fcinfo, 2, "within");
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	d = SlaRead(PG_GETARG_DATUM(0));
	for (int c = 0; c < d->n; c++)
		Judge(&d->c[c], stage, target, &s);
	Sum(&s.late, s.overdue);
	Sum(&s.late, s.on_time);
	rate = RateOrNull(s.on_time, s.late, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(rate);
}

/*
 * sla_cycle_percentile(summary, fraction): the smallest whole second T such
 * that at least `fraction` of the closed items took T seconds or less on
 * their clock.
 */
Datum
sla_cycle_percentile(PG_FUNCTION_ARGS)
{
	double		fraction = SummaryFraction(fcinfo, 1);
	SummaryBin *all;
	int			n;
	uint64		key;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	all = AllBins(SlaRead(PG_GETARG_DATUM(0)), RESOLUTION_DONE, &n);
	if (!SummaryBinsPercentile(all, n, fraction, &key))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) key);
}

static Datum
SecondsInterval(uint64 seconds)
{
	Interval   *iv = palloc0(sizeof(Interval));

	/* whole days as days, as the bounds are usually written */
	iv->day = (int32) (seconds / SECS_PER_DAY);
	iv->time = (int64) (seconds % SECS_PER_DAY) * USECS_PER_SEC;
	return IntervalPGetDatum(iv);
}

/*
 * sla_backlog(summary, age_bounds): the items still open at as_of by age
 * on their clock, one row per band (from, to], the first from 0 inclusive
 * and the last open-ended; every band is returned, empty ones with 0.
 */
Datum
sla_backlog(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *enulls;
	int			nb,
				n;
	uint64	   *bounds;
	int64	   *counts;
	SummaryBin *all = NULL;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("age_bounds must not be NULL")));
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("age_bounds must be a one-dimensional array")));
	deconstruct_array(arr, INTERVALOID, sizeof(Interval), false, TYPALIGN_DOUBLE,
					  &elems, &enulls, &nb);
	if (nb > 1000)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("age_bounds has %d bounds, more than 1000", nb)));
	bounds = palloc(sizeof(uint64) * Max(nb, 1));
	for (int i = 0; i < nb; i++)
	{
		if (enulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("age_bounds[%d] must not be NULL", i + 1)));
		if (!WholeSeconds(DatumGetIntervalP(elems[i]), &bounds[i]) || bounds[i] == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("age_bounds[%d] must be a positive whole number of seconds, days or weeks, not %s",
							i + 1, IntervalText(elems[i]))));
		if (i > 0 && bounds[i] <= bounds[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("age_bounds must rise: bound %d is not after bound %d", i + 1, i)));
	}
	counts = palloc0(sizeof(int64) * (nb + 1));
	n = 0;
	if (!PG_ARGISNULL(0))
		all = AllBins(SlaRead(PG_GETARG_DATUM(0)), RESOLUTION_WAITING, &n);
	for (int i = 0, b = 0; i < n; i++)
	{
		while (b < nb && all[i].key > bounds[b])
			b++;
		Sum(&counts[b], all[i].count);
	}
	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	for (int b = 0; b <= nb; b++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, b == nb, false};

		values[0] = SecondsInterval(b == 0 ? 0 : bounds[b - 1]);
		values[1] = b == nb ? (Datum) 0 : SecondsInterval(bounds[b]);
		values[2] = Int64GetDatum(counts[b]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
