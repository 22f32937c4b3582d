/*
 * handle_summary.c
 *		The handle-time summary: handle times stored per group and category
 *		(seed 001: simple questions within 3 minutes, complex ones within
 *		15), read later under the limits and the monthly exemptions chosen
 *		then, at whatever grain is read (days rolled up to the agent-month,
 *		then 3 exemptions).
 *
 * Per category it keeps the count of handle times by whole seconds rounded
 * up: for a whole-second limit L, handle <= L exactly when its rounded-up
 * seconds are <= L, so aht_compliance(summary, limits, exemptions) is what
 * the one-step aht_compliance(handle, limit, exemptions) gives over the
 * same rows.  The stored form keeps each category's histogram as varints
 * (summary.c); the aggregates count in a hash table of (category, second).
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "contact_stats.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(handle_summary_in);
PG_FUNCTION_INFO_V1(handle_summary_out);
PG_FUNCTION_INFO_V1(handle_summary_recv);
PG_FUNCTION_INFO_V1(handle_summary_send);
PG_FUNCTION_INFO_V1(handle_trans);
PG_FUNCTION_INFO_V1(handle_inv);
PG_FUNCTION_INFO_V1(handle_combine);
PG_FUNCTION_INFO_V1(handle_final);
PG_FUNCTION_INFO_V1(handle_rollup_trans);
PG_FUNCTION_INFO_V1(handle_rollup_inv);
PG_FUNCTION_INFO_V1(handle_summary_merge);
PG_FUNCTION_INFO_V1(handle_aht_compliance);
PG_FUNCTION_INFO_V1(handle_summary_percentile);

#define HS_VERSION 1
#define HS_MAX_CATEGORIES 64
#define HS_MAX_NAME_LEN 63
#define HS_MAX_KEY SUMMARY_MAX_SECONDS	/* whole seconds */

typedef struct HandleCategory
{
	uint32		name_off;
	uint32		name_len;
	uint32		nentries;
	uint32		data_off;		/* into the histogram bytes */
} HandleCategory;

/* After the header: HandleCategory[n], data_len bytes of histograms, the names. */
typedef struct HandleSummary
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;			/* 0 */
	uint16		n;
	uint32		names_len;
	uint32		data_len;
} HandleSummary;

#define HS_CATS(s)	((HandleCategory *) ((char *) (s) + sizeof(HandleSummary)))
#define HS_DATA(s)	((uint8 *) (HS_CATS(s) + (s)->n))
#define HS_NAMES(s) ((char *) (HS_DATA(s) + (s)->data_len))

static const SummaryKind HandleSummaryKind = {
	"handle_summary", HS_VERSION, HS_MAX_NAME_LEN, NULL, NULL, 0
};

static const RulesDoc HandleTextDoc = {
	"input syntax for type handle_summary", ERRCODE_INVALID_TEXT_REPRESENTATION
};

static const RulesDoc LimitsDoc = {"handle-time limits", ERRCODE_INVALID_PARAMETER_VALUE};

/* A decoded summary: categories in name order, each histogram in key order. */
typedef struct HsDecoded
{
	int			n;
	const char *name[HS_MAX_CATEGORIES];
	int			len[HS_MAX_CATEGORIES];
	int			nentries[HS_MAX_CATEGORIES];
	SummaryBin    *e[HS_MAX_CATEGORIES];
} HsDecoded;

/* ----------------------------------------------------------------------
 * The stored form
 * ---------------------------------------------------------------------- */

/* Check what a decoded summary says: names in order, keys rising, counts positive. */
static void
CheckDecoded(const HsDecoded *d, int errc, const char *what)
{
	const char *problem = NULL;

	for (int c = 0; c < d->n && problem == NULL; c++)
	{
		int64		total = 0;

		if (d->len[c] > HS_MAX_NAME_LEN ||
			(c > 0 && RulesNameCmp(d->name[c - 1], d->len[c - 1], d->name[c], d->len[c]) >= 0))
			problem = "bad category";
		else if (d->nentries[c] == 0)
			problem = "a category without handle times";
		for (int i = 0; i < d->nentries[c] && problem == NULL; i++)
			if (d->e[c][i].count <= 0 || d->e[c][i].key > HS_MAX_KEY ||
				(i > 0 && d->e[c][i].key <= d->e[c][i - 1].key))
				problem = "bad histogram entry";
			else if (pg_add_s64_overflow(total, d->e[c][i].count, &total))
				problem = "counts out of range";
	}
	if (problem)
		ereport(ERROR,
				(errcode(errc),
				 errmsg("%s: %s", what, problem)));
}

static void
HsDecode(const HandleSummary *s, HsDecoded *d)
{
	Size		size = VARSIZE(s);
	const uint8 *end;

	if (size < sizeof(HandleSummary) || s->version != HS_VERSION || s->flags != 0 ||
		s->n > HS_MAX_CATEGORIES ||
		sizeof(HandleSummary) + (Size) s->n * sizeof(HandleCategory) + (Size) s->data_len +
		(Size) s->names_len != size)
		SummaryCorrupt(&HandleSummaryKind, NULL);
	end = HS_DATA(s) + s->data_len;
	d->n = s->n;
	for (int c = 0, at = 0; c < s->n; c++)
	{
		const HandleCategory *hc = &HS_CATS(s)[c];
		const uint8 *p = HS_DATA(s) + hc->data_off;

		SummaryCheckName(&HandleSummaryKind, HS_NAMES(s), hc->name_off, hc->name_len, s->names_len);
		if (hc->data_off != (uint32) at || hc->nentries > PG_INT32_MAX)
			SummaryCorrupt(&HandleSummaryKind, "bad category");
		d->name[c] = HS_NAMES(s) + hc->name_off;
		d->len[c] = hc->name_len;
		d->nentries[c] = hc->nentries;
		d->e[c] = SummaryGetBins(&HandleSummaryKind, &p, end, hc->nentries, HS_MAX_KEY);
		at = p - HS_DATA(s);
		if (c == s->n - 1 && p != end)
			SummaryCorrupt(&HandleSummaryKind, "trailing bytes");
	}
	if (s->n == 0 && s->data_len != 0)
		SummaryCorrupt(&HandleSummaryKind, "trailing bytes");
	CheckDecoded(d, ERRCODE_DATA_CORRUPTED, "corrupt handle_summary value");
}

/* Decode and check a summary datum (HsRead() for one read at a time). */
static void
HsFromDatum(Datum datum, HsDecoded *d)
{
	HsDecode((HandleSummary *) PG_DETOAST_DATUM(datum), d);
}

static SummaryReadCache HsReadCache;
static HsDecoded HsCached;

static void
HsDecodeCached(const struct varlena *v, void *decoded)
{
	HsDecode((const HandleSummary *) v, (HsDecoded *) decoded);
}

/*
 * A stored summary decoded through the read cache (a ROLLUP adds each row
 * to several groups): *d is valid until the next HsRead().
 */
static void
HsRead(Datum datum, HsDecoded *d)
{
	SummaryRead(&HsReadCache, datum, HsDecodeCached, &HsCached);
	*d = HsCached;
}

static HandleSummary *
HsEncode(const HsDecoded *d)
{
	StringInfoData data;
	Size		names_len = 0,
				size;
	HandleSummary *s;
	uint32		noff = 0;

	initStringInfo(&data);
	for (int c = 0; c < d->n; c++)
		names_len += d->len[c];
	size = sizeof(HandleSummary) + (Size) d->n * sizeof(HandleCategory);
	{
		uint32		offs[HS_MAX_CATEGORIES];

		for (int c = 0; c < d->n; c++)
		{
			offs[c] = data.len;
			SummaryPutBins(&data, d->e[c], d->nentries[c]);
		}
		size += data.len + names_len;
		s = palloc0(size);
		SET_VARSIZE(s, size);
		s->version = HS_VERSION;
		s->n = d->n;
		s->names_len = names_len;
		s->data_len = data.len;
		memcpy(HS_DATA(s), data.data, data.len);
		for (int c = 0; c < d->n; c++)
		{
			HandleCategory *hc = &HS_CATS(s)[c];

			hc->name_off = noff;
			hc->name_len = d->len[c];
			hc->nentries = d->nentries[c];
			hc->data_off = offs[c];
			memcpy(HS_NAMES(s) + noff, d->name[c], d->len[c]);
			noff += d->len[c];
		}
	}
	return s;
}

/* ----------------------------------------------------------------------
 * The aggregate state: categories by number, each with its second -> count
 * (counts of its own, so that a category's seconds are small keys that
 * SummaryCounts can keep in an array indexed by second)
 * ---------------------------------------------------------------------- */

typedef struct HandleState
{
	MemoryContext cxt;
	int			ncats;
	char	   *name[HS_MAX_CATEGORIES];
	int			len[HS_MAX_CATEGORIES];
	int			last;			/* the category of the last row */
	SummaryCounts *counts[HS_MAX_CATEGORIES];	/* second -> count */
	int64		contacts;
} HandleState;

static void HsAddSummary(void *state, Datum summary, int sign);
static struct varlena *HsStateEncode(void *state);

static void
HsInitState(void *state, MemoryContext cxt)
{
	HandleState *st = (HandleState *) state;

	st->cxt = cxt;
}

static const SummaryStateOps HsOps = {
	&HandleSummaryKind, sizeof(HandleState), HsInitState, HsAddSummary, HsStateEncode
};

#define CannotRemove() SummaryCannotRemove(&HandleSummaryKind)

/* The number of a category in the state (added when new and adding). */
static int
HsCategory(HandleState *st, const char *name, int len, bool add)
{
	int			c;

	if (st->last < st->ncats && st->len[st->last] == len &&
		memcmp(st->name[st->last], name, len) == 0)
		return st->last;
	c = SummaryFindName((const char *const *) st->name, st->len, st->ncats, name, len);
	if (c >= 0)
		return st->last = c;
	if (!add)
		CannotRemove();
	SummaryCheckNewName(&HandleSummaryKind, "handle-time category", name, len, st->ncats,
						HS_MAX_CATEGORIES);
	st->name[st->ncats] = MemoryContextAlloc(st->cxt, Max(len, 1));
	memcpy(st->name[st->ncats], name, len);
	st->len[st->ncats] = len;
	st->counts[st->ncats] = SummaryCountsCreate(&HandleSummaryKind, st->cxt);
	return st->last = st->ncats++;
}

static void
HsContacts(HandleState *st, int64 delta)
{
	if (pg_add_s64_overflow(st->contacts, delta, &st->contacts))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("handle_summary counter out of range")));
}

static void
HsStateMerge(HandleState *st, const HsDecoded *d, int sign)
{
	for (int c = 0; c < d->n; c++)
	{
		int			cat = HsCategory(st, d->name[c], d->len[c], sign > 0);

		SummaryCountsAddBins(st->counts[cat], d->e[c], d->nentries[c], sign);
		for (int i = 0; i < d->nentries[c]; i++)
			HsContacts(st, sign * d->e[c][i].count);
	}
}

/* The state as decoded histograms, categories in name order (empty ones dropped). */
static void
HsStateDecoded(HandleState *st, HsDecoded *d)
{
	int			order[HS_MAX_CATEGORIES];

	SummarySortNames((const char *const *) st->name, st->len, st->ncats, order);
	d->n = 0;
	for (int r = 0; r < st->ncats; r++)
	{
		int			c = order[r];
		int			n;
		SummaryBin *bins = SummaryCountsSorted(st->counts[c], &n);

		if (n == 0)
			continue;
		d->name[d->n] = st->name[c];
		d->len[d->n] = st->len[c];
		d->e[d->n] = bins;
		d->nentries[d->n] = n;
		d->n++;
	}
}

/*
 * handle_trans / handle_inv (state, category, handle_seconds): one handled
 * contact.  A NULL category or handle time skips the row; handle times are
 * checked as aht_compliance() checks them.
 */
static Datum
HsStep(FunctionCallInfo fcinfo, int sign)
{
	SummaryState *s;
	HandleState *st;
	text	   *cat;
	double		handle;

	if (PG_ARGISNULL(0) && sign < 0)
		CannotRemove();
	s = SummaryStateArg(&HsOps, fcinfo, 0);
	st = (HandleState *) s->state;
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(SummaryStateDatum(s));
	cat = PG_GETARG_TEXT_PP(1);
	handle = PG_GETARG_FLOAT8(2);
	(void) Micros(handle, "handle_seconds");
	SummaryCountsAdd(st->counts[HsCategory(st, VARDATA_ANY(cat), VARSIZE_ANY_EXHDR(cat), sign > 0)],
					 (uint64) ceil(handle), sign);
	HsContacts(st, sign);
	PG_RETURN_DATUM(SummaryStateDatum(s));
}

Datum
handle_trans(PG_FUNCTION_ARGS)
{
	return HsStep(fcinfo, 1);
}

Datum
handle_inv(PG_FUNCTION_ARGS)
{
	return HsStep(fcinfo, -1);
}

/*
 * Add (sign 1) or remove (sign -1) what a summary holds: a stored value, or
 * another aggregate's state (a parallel worker's, a combined one).
 */
static void
HsAddSummary(void *state, Datum summary, int sign)
{
	HandleState *st = (HandleState *) state;
	SummaryState *other = SummaryStateOf(&HandleSummaryKind, summary);
	HsDecoded	d;

	if (other)
		HsStateDecoded((HandleState *) other->state, &d);
	else
		HsRead(summary, &d);
	HsStateMerge(st, &d, sign);
}

Datum
handle_rollup_trans(PG_FUNCTION_ARGS)
{
	return SummaryRollupStep(&HsOps, fcinfo, 1);
}

Datum
handle_rollup_inv(PG_FUNCTION_ARGS)
{
	return SummaryRollupStep(&HsOps, fcinfo, -1);
}

Datum
handle_combine(PG_FUNCTION_ARGS)
{
	return SummaryStateCombine(&HsOps, fcinfo);
}

/* The stored form of a state, empty or not (a state's flat form). */
static struct varlena *
HsStateEncode(void *state)
{
	HsDecoded	d;

	HsStateDecoded((HandleState *) state, &d);
	return (struct varlena *) HsEncode(&d);
}

/*
 * The final function: the stored form, NULL when no handle time was
 * counted.  The state is the aggregate's (not changed), or a stored value
 * where a distributed planner hands one over.
 */
Datum
handle_final(PG_FUNCTION_ARGS)
{
	SummaryState *s;
	HsDecoded	d;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SummaryStateOf(&HandleSummaryKind, PG_GETARG_DATUM(0));
	if (s)
	{
		if (((HandleState *) s->state)->contacts == 0)
			PG_RETURN_NULL();
		HsStateDecoded((HandleState *) s->state, &d);
	}
	else
		HsFromDatum(PG_GETARG_DATUM(0), &d);
	if (d.n == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(HsEncode(&d));
}

/* merge(a, b): the summary of the handle times of both. */
Datum
handle_summary_merge(PG_FUNCTION_ARGS)
{
	HsDecoded	a,
				b,
				m;
	int			i = 0,
				j = 0;

	HsFromDatum(PG_GETARG_DATUM(0), &a);
	HsFromDatum(PG_GETARG_DATUM(1), &b);
	m.n = 0;
	while (i < a.n || j < b.n)
	{
		int			cmp = i >= a.n ? 1 : j >= b.n ? -1 :
			RulesNameCmp(a.name[i], a.len[i], b.name[j], b.len[j]);
		const SummaryBin *ea = cmp <= 0 ? a.e[i] : NULL;
		const SummaryBin *eb = cmp >= 0 ? b.e[j] : NULL;
		int			na = cmp <= 0 ? a.nentries[i] : 0;
		int			nb = cmp >= 0 ? b.nentries[j] : 0;

		if (m.n >= HS_MAX_CATEGORIES)
			SummaryCheckNewName(&HandleSummaryKind, "handle-time category",
								cmp <= 0 ? a.name[i] : b.name[j], cmp <= 0 ? a.len[i] : b.len[j],
								m.n, HS_MAX_CATEGORIES);
		m.name[m.n] = cmp <= 0 ? a.name[i] : b.name[j];
		m.len[m.n] = cmp <= 0 ? a.len[i] : b.len[j];
		m.e[m.n] = SummaryMergeBins(&HandleSummaryKind, ea, na, eb, nb, &m.nentries[m.n]);
		m.n++;
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
	}
	/* A category's keys of both sides each fit; their total may not. */
	CheckDecoded(&m, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "handle_summary out of range");
	PG_RETURN_POINTER(HsEncode(&m));
}

/* ----------------------------------------------------------------------
 * Text and binary forms
 * ---------------------------------------------------------------------- */

/* {"version": 1, "categories": {"complex": {"420": 1}, "simple": {"95": 2, "181": 1}}} */
Datum
handle_summary_out(PG_FUNCTION_ARGS)
{
	HsDecoded	d;
	StringInfoData buf;

	HsFromDatum(PG_GETARG_DATUM(0), &d);
	SummaryTextBegin(&buf, &HandleSummaryKind);
	appendStringInfoString(&buf, ", \"categories\": {");
	for (int c = 0; c < d.n; c++)
	{
		if (c > 0)
			appendStringInfoString(&buf, ", ");
		SummaryTextName(&buf, d.name[c], d.len[c]);
		appendStringInfoString(&buf, ": {");
		for (int i = 0; i < d.nentries[c]; i++)
			appendStringInfo(&buf, "%s\"" UINT64_FORMAT "\": " INT64_FORMAT, i ? ", " : "",
							 d.e[c][i].key, d.e[c][i].count);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "}}");
	PG_RETURN_CSTRING(buf.data);
}

static void
SortDecoded(HsDecoded *d)
{
	int			order[HS_MAX_CATEGORIES];
	HsDecoded	copy = *d;

	SummarySortNames(copy.name, copy.len, copy.n, order);
	for (int c = 0; c < d->n; c++)
	{
		d->name[c] = copy.name[order[c]];
		d->len[c] = copy.len[order[c]];
		d->e[c] = copy.e[order[c]];
		d->nentries[c] = copy.nentries[order[c]];
	}
}

Datum
handle_summary_in(PG_FUNCTION_ARGS)
{
	static const char *const top_keys[] = {"version", "categories", NULL};
	const RulesDoc *doc = &HandleTextDoc;
	JsonbContainer *root = SummaryTextRoot(&HandleSummaryKind, doc, PG_GETARG_CSTRING(0), top_keys);
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	HsDecoded	d;

	d.n = 0;
	if (!RulesGet(root, "categories", &v))
		RulesError(doc, "categories", "is missing");
	it = JsonbIteratorInit(RulesObject(doc, &v, "categories"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *cpath;

		if (tok != WJB_KEY)
			continue;
		SummaryCheckNewName(&HandleSummaryKind, "handle-time category", v.val.string.val,
							v.val.string.len, d.n, HS_MAX_CATEGORIES);
		d.name[d.n] = v.val.string.val;
		d.len[d.n] = v.val.string.len;
		cpath = RulesPathKey("categories", v.val.string.val, v.val.string.len);
		JsonbIteratorNext(&it, &v, true);
		d.e[d.n] = SummaryTextBins(doc, &v, cpath, "180", &d.nentries[d.n]);
		d.n++;
	}
	SortDecoded(&d);
	CheckDecoded(&d, ERRCODE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type handle_summary");
	PG_RETURN_POINTER(HsEncode(&d));
}

/* Binary: version, flags, category count, then per category its name, entry count, (second, count) pairs. */
Datum
handle_summary_send(PG_FUNCTION_ARGS)
{
	HsDecoded	d;
	StringInfoData buf;

	HsFromDatum(PG_GETARG_DATUM(0), &d);
	SummarySendBegin(&buf, &HandleSummaryKind);
	pq_sendint32(&buf, d.n);
	for (int c = 0; c < d.n; c++)
	{
		SummarySendName(&buf, d.name[c], d.len[c]);
		SummarySendBins(&buf, d.e[c], d.nentries[c]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
handle_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	const SummaryKind *kind = &HandleSummaryKind;
	HsDecoded	d;

	SummaryRecvBegin(kind, msg);
	d.n = SummaryRecvCount(kind, msg, HS_MAX_CATEGORIES, "categories");
	for (int c = 0; c < d.n; c++)
	{
		d.name[c] = SummaryRecvName(kind, msg, &d.len[c]);
		d.e[c] = SummaryRecvBins(kind, msg, &d.nentries[c]);
	}
	SummaryRecvEnd(kind, msg);
	CheckDecoded(&d, ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid binary handle_summary");
	PG_RETURN_POINTER(HsEncode(&d));
}

/* ----------------------------------------------------------------------
 * Reading
 * ---------------------------------------------------------------------- */

/* The whole-second limit of a category in a limits document, or an error. */
static uint64
CategoryLimit(JsonbContainer *limits, const char *name, int len)
{
	JsonbValue	key,
			   *v;
	char	   *path = RulesPathKey(NULL, name, len);
	double		seconds;
	int64		us;

	key.type = jbvString;
	key.val.string.val = (char *) name;
	key.val.string.len = len;
	v = findJsonbValueFromContainer(limits, JB_FOBJECT, &key);
	if (v == NULL)
		RulesError(&LimitsDoc, path, "is missing: the summary has handle times of category \"%.*s\"",
				   len, name);
	seconds = RulesNonNegative(&LimitsDoc, v, path);
	us = Micros(seconds, "limit_seconds");
	if (us % 1000000 != 0)
		RulesError(&LimitsDoc, path,
				   "must be whole seconds: a handle_summary answers whole-second limits only");
	return (uint64) (us / 1000000);
}

/*
 * aht_compliance(summary, limits [, exemptions]): the share of handled
 * contacts within their category's limit, up to `exemptions` over-limit
 * contacts forgiven, at the grain of the summary read.
 */
Datum
handle_aht_compliance(PG_FUNCTION_ARGS)
{
	HsDecoded	d;
	JsonbContainer *limits;
	int64		exemptions = 0,
				handled = 0,
				within = 0;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("handle-time limits must not be NULL")));
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("exemptions must not be NULL")));
		exemptions = PG_GETARG_INT32(2);
		if (exemptions < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("exemptions must not be negative, not %lld", (long long) exemptions)));
	}
	limits = RulesRoot(&LimitsDoc, PG_GETARG_JSONB_P(1));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	HsRead(PG_GETARG_DATUM(0), &d);
	for (int c = 0; c < d.n; c++)
	{
		uint64		limit = CategoryLimit(limits, d.name[c], d.len[c]);

		for (int i = 0; i < d.nentries[c]; i++)
		{
			if (pg_add_s64_overflow(handled, d.e[c][i].count, &handled))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("handle_summary counter out of range")));
			if (d.e[c][i].key <= limit)
				within += d.e[c][i].count;
		}
	}
	if (handled == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) (within + Min(handled - within, exemptions)) / (double) handled);
}

/*
 * handle_percentile(summary, fraction): the smallest whole second T such
 * that at least `fraction` of the handle times (all categories) are <= T.
 */
Datum
handle_summary_percentile(PG_FUNCTION_ARGS)
{
	double		fraction = SummaryFraction(fcinfo, 1);
	HsDecoded	d;
	SummaryBin *all;
	int			n = 0;
	uint64		key;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	HsRead(PG_GETARG_DATUM(0), &d);
	for (int c = 0; c < d.n; c++)
		n += d.nentries[c];
	all = palloc(sizeof(SummaryBin) * Max(n, 1));
	n = 0;
	for (int c = 0; c < d.n; c++)
		for (int i = 0; i < d.nentries[c]; i++)
			all[n++] = d.e[c][i];
	/* Equal seconds of two categories stay apart: the walk counts both. */
	SummarySortBins(all, n);
	if (!SummaryBinsPercentile(all, n, fraction, &key))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) key);
}
