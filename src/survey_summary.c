/*
 * survey_summary.c
 *		The survey summary: CSAT and NPS answers stored per group, kept
 *		apart by source (seed 003: passive surveys and active ratings weigh
 *		differently), read later with the weights, the satisfied boxes and
 *		the scale chosen then; rollup and merge to any grain.
 *
 * Per source it keeps the count of each CSAT score of each scale the
 * answers came on, and the count of each NPS score 0..10.  Every read is a
 * sum of counts times weights, so the weights can be chosen when reading,
 * and with the default weights the numbers are those of the one-step
 * csat() and nps() over the same rows, to the bit.
 *
 * The state of the aggregates is the summary itself (as capacity_summary):
 * an answer of a source and scale the summary already has is counted in
 * place; a new one rebuilds the summary, which happens a few times a group.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "summary.h"
#include "uncertainty.h"

PG_FUNCTION_INFO_V1(survey_summary_in);
PG_FUNCTION_INFO_V1(survey_summary_out);
PG_FUNCTION_INFO_V1(survey_summary_recv);
PG_FUNCTION_INFO_V1(survey_summary_send);
PG_FUNCTION_INFO_V1(survey_trans);
PG_FUNCTION_INFO_V1(survey_inv);
PG_FUNCTION_INFO_V1(survey_summary_merge);
PG_FUNCTION_INFO_V1(survey_summary_subtract);
PG_FUNCTION_INFO_V1(survey_final);
PG_FUNCTION_INFO_V1(survey_csat);
PG_FUNCTION_INFO_V1(survey_csat_mean);
PG_FUNCTION_INFO_V1(survey_nps);
PG_FUNCTION_INFO_V1(survey_csat_interval);
PG_FUNCTION_INFO_V1(survey_nps_interval);

#define SV_VERSION 1
#define SV_MAX_ENTRIES 64		/* (source, scale) pairs in a summary */
#define SV_MAX_NAME_LEN 63
#define SV_NPS 0				/* the scale field of a source's NPS entry */
#define SV_POINTS(scale) ((scale) == SV_NPS ? 11 : (scale))

/* One source's answers on one CSAT scale (counts of 1..scale), or its NPS answers (0..10). */
typedef struct SurveyEntry
{
	uint32		name_off;
	uint32		name_len;
	uint32		scale;
	uint32		counts_off;		/* into the counts, in entry order */
} SurveyEntry;

/* After the header: SurveyEntry[n], int64 counts[ncounts], the names. */
typedef struct SurveySummary
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;			/* 0 */
	uint16		n;
	uint32		ncounts;
	uint32		names_len;
} SurveySummary;

#define SV_ENTRIES(s)	((SurveyEntry *) ((char *) (s) + sizeof(SurveySummary)))
#define SV_COUNTS(s)	((int64 *) (SV_ENTRIES(s) + (s)->n))
#define SV_NAMES(s)		((char *) (SV_COUNTS(s) + (s)->ncounts))
#define SV_SIZE(n, ncounts, names_len) \
	(sizeof(SurveySummary) + (Size) (n) * sizeof(SurveyEntry) + (Size) (ncounts) * sizeof(int64) + (names_len))

static const SummaryKind SurveySummaryKind = {
	"survey_summary", SV_VERSION, SV_MAX_NAME_LEN, NULL, NULL, 0
};

static const RulesDoc SurveyTextDoc = {
	"input syntax for type survey_summary", ERRCODE_INVALID_TEXT_REPRESENTATION
};

static const RulesDoc SurveyOptionsDoc = {"survey options", ERRCODE_INVALID_PARAMETER_VALUE};

/* An unpacked summary: names point into their sources. */
typedef struct SvBuilder
{
	int			n;
	const char *name[SV_MAX_ENTRIES];
	int			len[SV_MAX_ENTRIES];
	int			scale[SV_MAX_ENTRIES];
	int64	   *counts[SV_MAX_ENTRIES];
} SvBuilder;

/* Order of entries: source name bytewise, then scale (NPS first). */
static int
EntryCmp(const char *an, int alen, int ascale, const char *bn, int blen, int bscale)
{
	int			c = RulesNameCmp(an, alen, bn, blen);

	return c != 0 ? c : (ascale > bscale) - (ascale < bscale);
}

/* Check a stored summary: header, entries in order, names, counts, no empty entry. */
static void
SvCheck(const SurveySummary *s, Size size)
{
	const SurveyEntry *e = SV_ENTRIES(s);
	uint32		at = 0;

	if (size < sizeof(SurveySummary) || s->version != SV_VERSION || s->flags != 0 ||
		s->n > SV_MAX_ENTRIES || s->ncounts > (uint32) s->n * 101 ||
		SV_SIZE(s->n, s->ncounts, s->names_len) != size)
		SummaryCorrupt(&SurveySummaryKind, NULL);
	for (int i = 0; i < s->n; i++)
	{
		int64		total = 0;

		SummaryCheckName(&SurveySummaryKind, SV_NAMES(s), e[i].name_off, e[i].name_len, s->names_len);
		if ((e[i].scale != SV_NPS && (e[i].scale < 3 || e[i].scale > 100)) ||
			e[i].counts_off != at ||
			(i > 0 && EntryCmp(SV_NAMES(s) + e[i - 1].name_off, e[i - 1].name_len, e[i - 1].scale,
							   SV_NAMES(s) + e[i].name_off, e[i].name_len, e[i].scale) >= 0))
			SummaryCorrupt(&SurveySummaryKind, "bad entry");
		at += SV_POINTS(e[i].scale);
		if (at > s->ncounts)
			SummaryCorrupt(&SurveySummaryKind, "bad entry");
		for (int k = 0; k < SV_POINTS(e[i].scale); k++)
			if (SV_COUNTS(s)[e[i].counts_off + k] < 0 ||
				pg_add_s64_overflow(total, SV_COUNTS(s)[e[i].counts_off + k], &total))
				SummaryCorrupt(&SurveySummaryKind, "bad count");
		if (total == 0)
			SummaryCorrupt(&SurveySummaryKind, "empty entry");
	}
	if (at != s->ncounts)
		SummaryCorrupt(&SurveySummaryKind, "bad entry");
}

static SurveySummary *
SvFromDatum(Datum d)
{
	SurveySummary *s = (SurveySummary *) PG_DETOAST_DATUM(d);

	SvCheck(s, VARSIZE(s));
	return s;
}

static int
SvFind(const SurveySummary *s, const char *name, int len, int scale)
{
	const SurveyEntry *e = SV_ENTRIES(s);

	for (int i = 0; i < s->n; i++)
		if (e[i].scale == (uint32) scale && e[i].name_len == (uint32) len &&
			memcmp(SV_NAMES(s) + e[i].name_off, name, len) == 0)
			return i;
	return -1;
}

static void
BuilderLoad(SvBuilder *b, const SurveySummary *s)
{
	b->n = s->n;
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		int			points = SV_POINTS(e->scale);

		b->name[i] = SV_NAMES(s) + e->name_off;
		b->len[i] = e->name_len;
		b->scale[i] = e->scale;
		b->counts[i] = palloc(sizeof(int64) * points);
		memcpy(b->counts[i], SV_COUNTS(s) + e->counts_off, sizeof(int64) * points);
	}
}

/* Index of (name, scale) in a builder, added (zero counts) if new. */
static int
BuilderEntry(SvBuilder *b, const char *name, int len, int scale)
{
	for (int i = 0; i < b->n; i++)
		if (b->scale[i] == scale && b->len[i] == len && memcmp(b->name[i], name, len) == 0)
			return i;
	SummaryCheckNewName(&SurveySummaryKind, "survey source", name, len, 0, 1);
	if (b->n >= SV_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many survey sources and scales in one group: \"%.*s\" would make pair number %d",
						len, name, SV_MAX_ENTRIES + 1),
				 errdetail("A survey_summary holds at most %d pairs of source and scale (NPS counts as a scale).",
						   SV_MAX_ENTRIES)));
	b->name[b->n] = name;
	b->len[b->n] = len;
	b->scale[b->n] = scale;
	b->counts[b->n] = palloc0(sizeof(int64) * SV_POINTS(scale));
	return b->n++;
}

/* The canonical summary of a builder: entries in order, empty ones dropped. */
static SurveySummary *
BuilderPack(const SvBuilder *b)
{
	int			order[SV_MAX_ENTRIES];
	int			keep[SV_MAX_ENTRIES];
	int			n = 0;
	uint32		ncounts = 0,
				names_len = 0,
				off = 0,
				at = 0;
	SurveySummary *s;

	/* Insertion sort by (name, scale): a handful of entries. */
	for (int i = 0; i < b->n; i++)
	{
		int			j = i;

		while (j > 0 && EntryCmp(b->name[order[j - 1]], b->len[order[j - 1]], b->scale[order[j - 1]],
								 b->name[i], b->len[i], b->scale[i]) > 0)
		{
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (int i = 0; i < b->n; i++)
	{
		int			k = order[i];
		int64		total = 0;

		/* An entry's answers add up within int64, as SvCheck requires. */
		for (int p = 0; p < SV_POINTS(b->scale[k]); p++)
			if (pg_add_s64_overflow(total, b->counts[k][p], &total))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("survey_summary counter out of range")));
		if (total == 0)
			continue;
		keep[n++] = k;
		ncounts += SV_POINTS(b->scale[k]);
		names_len += b->len[k];
	}
	s = palloc0(SV_SIZE(n, ncounts, names_len));
	SET_VARSIZE(s, SV_SIZE(n, ncounts, names_len));
	s->version = SV_VERSION;
	s->n = n;
	s->ncounts = ncounts;
	s->names_len = names_len;
	for (int i = 0; i < n; i++)
	{
		int			k = keep[i];
		SurveyEntry *e = &SV_ENTRIES(s)[i];

		e->name_off = off;
		e->name_len = b->len[k];
		e->scale = b->scale[k];
		e->counts_off = at;
		memcpy(SV_NAMES(s) + off, b->name[k], b->len[k]);
		memcpy(SV_COUNTS(s) + at, b->counts[k], sizeof(int64) * SV_POINTS(b->scale[k]));
		off += b->len[k];
		at += SV_POINTS(b->scale[k]);
	}
	return s;
}

/* ----------------------------------------------------------------------
 * The aggregates
 * ---------------------------------------------------------------------- */

static void
CannotRemove(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("cannot remove an answer the survey summary does not hold")));
}

/* count += sign, with the checks; an entry of s. */
static void
CountAnswer(int64 *count, int sign)
{
	if (pg_add_s64_overflow(*count, sign, count))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survey_summary counter out of range")));
	if (*count < 0)
		CannotRemove();
}

/*
 * Count one answer (a CSAT score on a scale, or an NPS score when scale is
 * SV_NPS; point is its index) of a source: in place when the state is the
 * aggregate's own and has the entry, else through a builder (a new entry,
 * or a removal, which may empty one).  Returns the state.
 */
static SurveySummary *
SvCount(SurveySummary *s, bool own, const char *src, int len, int scale, int point, int sign)
{
	int			i = s ? SvFind(s, src, len, scale) : -1;
	SvBuilder	b = {0};
	int			k;

	if (i >= 0 && own && sign > 0)
	{
		CountAnswer(&SV_COUNTS(s)[SV_ENTRIES(s)[i].counts_off + point], sign);
		return s;
	}
	if (i < 0 && sign < 0)
		CannotRemove();
	if (s)
		BuilderLoad(&b, s);
	k = BuilderEntry(&b, src, len, scale);
	CountAnswer(&b.counts[k][point], sign);
	return BuilderPack(&b);
}

/*
 * survey_trans / survey_inv (state, csat_score [, csat_scale], nps_score [, source]):
 * one respondent's answers.  A NULL score is no answer; a NULL source
 * skips the row.  Scores and scales are checked as csat() and nps() check
 * them.
 */
static Datum
SvStep(FunctionCallInfo fcinfo, int sign)
{
	int			nargs = PG_NARGS();
	int			nps_arg = nargs == 5 ? 3 : 2;
	int			src_arg = nargs == 5 ? 4 : (nargs == 4 ? 3 : -1);
	SurveySummary *s = NULL;
	Pointer		owned = NULL;
	const char *src = "survey";
	int			len = 6;
	int			scale = 5;

	if (!PG_ARGISNULL(0))
	{
		Datum		d = PG_GETARG_DATUM(0);

		if (AggCheckCallContext(fcinfo, NULL) && !VARATT_IS_EXTENDED(DatumGetPointer(d)))
		{
			/*
			 * Our own state, changed in place: it was checked in full when it
			 * entered (built here, or read by _in/_recv); the size will do.
			 */
			s = (SurveySummary *) DatumGetPointer(d);
			if (VARSIZE(s) < sizeof(SurveySummary) || s->n > SV_MAX_ENTRIES ||
				SV_SIZE(s->n, s->ncounts, s->names_len) != VARSIZE(s))
				SummaryCorrupt(&SurveySummaryKind, NULL);
			owned = (Pointer) s;
		}
		else
			s = SvFromDatum(d);
	}
	if (src_arg > 0)
	{
		text	   *t;

		if (PG_ARGISNULL(src_arg))
			goto done;
		t = PG_GETARG_TEXT_PP(src_arg);
		src = VARDATA_ANY(t);
		len = VARSIZE_ANY_EXHDR(t);
	}
	if (nargs == 5)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("CSAT scale must not be NULL")));
		scale = PG_GETARG_INT32(2);
		if (scale < 3 || scale > 100)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("CSAT scale must be between 3 and 100 points, not %d", scale)));
	}
	if (!PG_ARGISNULL(1))
	{
		int32		score = PG_GETARG_INT32(1);

		if (score < 1 || score > scale)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("CSAT score %d is outside the 1..%d scale", score, scale)));
		s = SvCount(s, owned != NULL && (Pointer) s == owned, src, len, scale, score - 1, sign);
	}
	if (!PG_ARGISNULL(nps_arg))
	{
		int32		score = PG_GETARG_INT32(nps_arg);

		if (score < 0 || score > 10)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("NPS score %d is outside 0..10", score)));
		s = SvCount(s, owned != NULL && (Pointer) s == owned, src, len, SV_NPS, score, sign);
	}
done:
	/* Never NULL (moving-aggregate mode forbids it): an empty summary instead. */
	if (s == NULL)
	{
		SvBuilder	none = {0};

		s = BuilderPack(&none);
	}
	PG_RETURN_POINTER(s);
}

/* Final function: a summary of no answer is NULL, as an aggregate of nothing. */
Datum
survey_final(PG_FUNCTION_ARGS)
{
	SurveySummary *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SvFromDatum(PG_GETARG_DATUM(0));
	if (s->n == 0)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(s);
}

Datum
survey_trans(PG_FUNCTION_ARGS)
{
	return SvStep(fcinfo, 1);
}

Datum
survey_inv(PG_FUNCTION_ARGS)
{
	return SvStep(fcinfo, -1);
}

/* a + sign * b (b must be part of a when subtracting). */
static Datum
SvMerge(FunctionCallInfo fcinfo, int sign)
{
	SurveySummary *a = SvFromDatum(PG_GETARG_DATUM(0));
	SurveySummary *b = SvFromDatum(PG_GETARG_DATUM(1));
	SvBuilder	bld = {0};
	SurveySummary *r;

	BuilderLoad(&bld, a);
	for (int i = 0; i < b->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(b)[i];
		int			k;

		if (sign < 0 && SvFind(a, SV_NAMES(b) + e->name_off, e->name_len, e->scale) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot subtract a survey summary that is not part of the other")));
		k = BuilderEntry(&bld, SV_NAMES(b) + e->name_off, e->name_len, e->scale);
		for (int p = 0; p < SV_POINTS(e->scale); p++)
		{
			int64		v = SV_COUNTS(b)[e->counts_off + p];

			if (sign > 0 ? pg_add_s64_overflow(bld.counts[k][p], v, &bld.counts[k][p])
				: pg_sub_s64_overflow(bld.counts[k][p], v, &bld.counts[k][p]))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("survey_summary counter out of range")));
			if (bld.counts[k][p] < 0)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_EXCEPTION),
						 errmsg("cannot subtract a survey summary that is not part of the other")));
		}
	}
	r = BuilderPack(&bld);
	PG_RETURN_POINTER(r);
}

Datum
survey_summary_merge(PG_FUNCTION_ARGS)
{
	return SvMerge(fcinfo, 1);
}

Datum
survey_summary_subtract(PG_FUNCTION_ARGS)
{
	return SvMerge(fcinfo, -1);
}

/* ----------------------------------------------------------------------
 * Text and binary forms
 * ---------------------------------------------------------------------- */

/* {"version": 1, "sources": {"survey": {"csat_5": [1, 0, 2, 5, 9], "nps": [0, ..., 3]}}} */
Datum
survey_summary_out(PG_FUNCTION_ARGS)
{
	SurveySummary *s = SvFromDatum(PG_GETARG_DATUM(0));
	StringInfoData buf;

	SummaryTextBegin(&buf, &SurveySummaryKind);
	appendStringInfoString(&buf, ", \"sources\": {");
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		bool		first_of_source = i == 0 ||
			RulesNameCmp(SV_NAMES(s) + SV_ENTRIES(s)[i - 1].name_off, SV_ENTRIES(s)[i - 1].name_len,
						 SV_NAMES(s) + e->name_off, e->name_len) != 0;

		if (first_of_source)
		{
			if (i > 0)
				appendStringInfoString(&buf, "}, ");
			SummaryTextName(&buf, SV_NAMES(s) + e->name_off, e->name_len);
			appendStringInfoString(&buf, ": {");
		}
		else
			appendStringInfoString(&buf, ", ");
		if (e->scale == SV_NPS)
			appendStringInfoString(&buf, "\"nps\": [");
		else
			appendStringInfo(&buf, "\"csat_%u\": [", e->scale);
		for (int p = 0; p < SV_POINTS(e->scale); p++)
			appendStringInfo(&buf, "%s" INT64_FORMAT, p ? ", " : "", SV_COUNTS(s)[e->counts_off + p]);
		appendStringInfoChar(&buf, ']');
	}
	if (s->n > 0)
		appendStringInfoChar(&buf, '}');
	appendStringInfoString(&buf, "}}");
	PG_RETURN_CSTRING(buf.data);
}

/* The scale a text key names: "nps", or "csat_N" with N in 3..100. */
static int
KeyScale(const char *k, int len, const char *path)
{
	int			scale = 0;

	if (len == 3 && memcmp(k, "nps", 3) == 0)
		return SV_NPS;
	if (len >= 6 && len <= 8 && memcmp(k, "csat_", 5) == 0 && k[5] != '0')
	{
		for (int i = 5; i < len; i++)
		{
			if (k[i] < '0' || k[i] > '9')
				goto bad;
			scale = scale * 10 + (k[i] - '0');
		}
		if (scale >= 3 && scale <= 100)
			return scale;
	}
bad:
	RulesError(&SurveyTextDoc, path, "must be \"nps\" or \"csat_N\" with a scale N of 3 to 100");
}

Datum
survey_summary_in(PG_FUNCTION_ARGS)
{
	static const char *const top_keys[] = {"version", "sources", NULL};
	const RulesDoc *doc = &SurveyTextDoc;
	JsonbContainer *root = SummaryTextRoot(&SurveySummaryKind, doc, PG_GETARG_CSTRING(0), top_keys);
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	SvBuilder	b = {0};
	SurveySummary *s;

	if (!RulesGet(root, "sources", &v))
		RulesError(doc, "sources", "is missing");
	it = JsonbIteratorInit(RulesObject(doc, &v, "sources"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *src;
		int			len;
		char	   *spath;
		JsonbContainer *obj;
		JsonbIterator *it2;
		JsonbValue	kv;

		if (tok != WJB_KEY)
			continue;
		src = v.val.string.val;
		len = v.val.string.len;
		spath = RulesPathKey("sources", src, len);
		JsonbIteratorNext(&it, &v, true);
		obj = RulesObject(doc, &v, spath);
		it2 = JsonbIteratorInit(obj);
		while ((tok = JsonbIteratorNext(&it2, &kv, true)) != WJB_DONE)
		{
			char	   *kpath;
			int			scale,
						k;
			JsonbContainer *arr;

			if (tok != WJB_KEY)
				continue;
			kpath = RulesPathKey(spath, kv.val.string.val, kv.val.string.len);
			scale = KeyScale(kv.val.string.val, kv.val.string.len, kpath);
			JsonbIteratorNext(&it2, &kv, true);
			arr = RulesArray(doc, &kv, kpath);
			if (JsonContainerSize(arr) != (uint32) SV_POINTS(scale))
				RulesError(doc, kpath, "must have %d counts", SV_POINTS(scale));
			k = BuilderEntry(&b, src, len, scale);
			for (int p = 0; p < SV_POINTS(scale); p++)
				b.counts[k][p] = RulesCount(doc, getIthJsonbValueFromContainer(arr, p),
											RulesPathIndex(kpath, p));
		}
	}
	s = BuilderPack(&b);
	if (s->n != b.n)
		RulesError(doc, "sources", "must not hold an entry without answers");
	PG_RETURN_POINTER(s);
}

/* Binary: version, flags, entry count, then per entry the source, the scale (0: NPS) and the counts. */
Datum
survey_summary_send(PG_FUNCTION_ARGS)
{
	SurveySummary *s = SvFromDatum(PG_GETARG_DATUM(0));
	StringInfoData buf;

	SummarySendBegin(&buf, &SurveySummaryKind);
	pq_sendint32(&buf, s->n);
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];

		SummarySendName(&buf, SV_NAMES(s) + e->name_off, e->name_len);
		pq_sendint32(&buf, e->scale);
		for (int p = 0; p < SV_POINTS(e->scale); p++)
			pq_sendint64(&buf, SV_COUNTS(s)[e->counts_off + p]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
survey_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	const SummaryKind *kind = &SurveySummaryKind;
	SvBuilder	b = {0};
	SurveySummary *s;
	int			n;

	SummaryRecvBegin(kind, msg);
	n = SummaryRecvCount(kind, msg, SV_MAX_ENTRIES, "entries");
	for (int i = 0; i < n; i++)
	{
		int			len;
		char	   *src = SummaryRecvName(kind, msg, &len);
		int			scale = pq_getmsgint(msg, 4);
		int			k;

		if (scale != SV_NPS && (scale < 3 || scale > 100))
			SummaryBadBinary(kind, "bad scale %d", scale);
		for (int j = 0; j < b.n; j++)
			if (b.scale[j] == scale && b.len[j] == len && memcmp(b.name[j], src, len) == 0)
				SummaryBadBinary(kind, "source \"%.*s\" and scale %d given twice", len, src, scale);
		k = BuilderEntry(&b, src, len, scale);
		for (int p = 0; p < SV_POINTS(scale); p++)
			b.counts[k][p] = SummaryRecvCounter(kind, msg);
	}
	SummaryRecvEnd(kind, msg);
	s = BuilderPack(&b);
	if (s->n != b.n)
		SummaryBadBinary(kind, "an entry without answers");
	PG_RETURN_POINTER(s);
}

/* ----------------------------------------------------------------------
 * Reading
 * ---------------------------------------------------------------------- */

/* Options chosen at read time. */
typedef struct SvOptions
{
	JsonbContainer *weights;	/* {source: weight}, or NULL */
	double		default_weight;
	int			top_boxes;
	int			scale;			/* 0: every scale */
} SvOptions;

static void
SvParseOptions(FunctionCallInfo fcinfo, bool csat, SvOptions *o)
{
	static const char *const csat_keys[] = {"weights", "default_weight", "top_boxes", "scale", NULL};
	static const char *const nps_keys[] = {"weights", "default_weight", NULL};
	const RulesDoc *doc = &SurveyOptionsDoc;
	JsonbContainer *root;
	JsonbValue	v;

	o->weights = NULL;
	o->default_weight = 1;
	o->top_boxes = 2;
	o->scale = 0;
	if (PG_NARGS() < 2)
		return;
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("survey options must not be NULL")));
	root = RulesRoot(doc, PG_GETARG_JSONB_P(1));
	RulesCheckKeys(doc, root, NULL, csat ? csat_keys : nps_keys);
	if (RulesGet(root, "weights", &v))
	{
		JsonbIterator *it;
		JsonbIteratorToken tok;
		JsonbValue	w;

		o->weights = RulesObject(doc, &v, "weights");
		it = JsonbIteratorInit(o->weights);
		while ((tok = JsonbIteratorNext(&it, &w, true)) != WJB_DONE)
			if (tok == WJB_VALUE)
				(void) RulesNonNegative(doc, &w, "weights");
	}
	if (RulesGet(root, "default_weight", &v))
		o->default_weight = RulesNonNegative(doc, &v, "default_weight");
	if (RulesGet(root, "top_boxes", &v))
	{
		int64		k = RulesCount(doc, &v, "top_boxes");

		if (k < 1 || k > 99)
			RulesError(doc, "top_boxes", "must be an integer from 1 to 99");
		o->top_boxes = (int) k;
	}
	if (RulesGet(root, "scale", &v))
	{
		int64		k = RulesCount(doc, &v, "scale");

		if (k < 3 || k > 100)
			RulesError(doc, "scale", "must be an integer from 3 to 100");
		o->scale = (int) k;
	}
}

/* The weight of a source under the options. */
static double
SourceWeight(const SvOptions *o, const char *name, int len)
{
	JsonbValue	key,
			   *w;

	if (o->weights == NULL)
		return o->default_weight;
	key.type = jbvString;
	key.val.string.val = (char *) name;
	key.val.string.len = len;
	w = findJsonbValueFromContainer(o->weights, JB_FOBJECT, &key);
	if (w == NULL)
		return o->default_weight;
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(w->val.numeric)));
}

/*
 * The top-box and all answers of an entry under the options (t, n), or
 * false when the options leave its scale out.
 */
static bool
EntryTopBoxes(const SurveyEntry *e, const int64 *c, const SvOptions *o, int64 *t, int64 *n)
{
	*t = *n = 0;
	if (e->scale == SV_NPS || (o->scale && e->scale != (uint32) o->scale))
		return false;
	if (o->top_boxes >= (int) e->scale)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("top_boxes must be below the scale: %d boxes of a %u-point scale", o->top_boxes, e->scale)));
	for (int p = 0; p < (int) e->scale; p++)
	{
		*n += c[p];
		if (p >= (int) e->scale - o->top_boxes)
			*t += c[p];
	}
	return true;
}

/* The promoters (9, 10), passives (7, 8) and detractors (0 to 6) of an NPS entry. */
static void
EntryNps(const int64 *c, int64 *pr, int64 *pa, int64 *de)
{
	*pr = *pa = *de = 0;
	for (int p = 0; p <= 10; p++)
		*(p >= 9 ? pr : p >= 7 ? pa : de) += c[p];
}

/*
 * The weight of a source when answers are counted, not weighed (the
 * intervals): 0 leaves the source out, 1 counts it, anything else is an
 * error.
 */
static bool
SourceCounted(const SvOptions *o, const char *name, int len)
{
	double		w = SourceWeight(o, name, len);

	if (w != 0 && w != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an interval counts answers: the weight of source \"%.*s\" must be 0 (left out) or 1, not %g",
						len, name, w)));
	return w == 1;
}

static void
CountSum(int64 *x, int64 d)
{
	if (pg_add_s64_overflow(*x, d, x))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survey_summary answers add up to more than bigint holds")));
}

/*
 * csat(summary [, options]): the weighted share of answers in the top
 * boxes of their scale.  With the default weights (1 each) it is what
 * csat(score [, scale]) gives over the same rows.
 */
Datum
survey_csat(PG_FUNCTION_ARGS)
{
	SurveySummary *s;
	SvOptions	o;
	double		top = 0,
				all = 0;

	SvParseOptions(fcinfo, true, &o);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SvFromDatum(PG_GETARG_DATUM(0));
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		int64		t,
					n;
		double		w;

		if (!EntryTopBoxes(e, SV_COUNTS(s) + e->counts_off, &o, &t, &n))
			continue;
		w = SourceWeight(&o, SV_NAMES(s) + e->name_off, e->name_len);
		top += w * (double) t;
		all += w * (double) n;
	}
	if (all == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(top / all);
}

/*
 * csat_interval(summary, options, confidence): the top-box answers out of
 * all answers (sources of weight 1; weight 0 leaves one out) with their
 * Wilson score interval, an effcap.rate_interval.
 */
Datum
survey_csat_interval(PG_FUNCTION_ARGS)
{
	SurveySummary *s;
	SvOptions	o;
	double		z;
	int64		top = 0,
				all = 0;

	SvParseOptions(fcinfo, true, &o);
	z = ConfidenceArg(fcinfo, 2);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SvFromDatum(PG_GETARG_DATUM(0));
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		int64		t,
					n;

		if (!EntryTopBoxes(e, SV_COUNTS(s) + e->counts_off, &o, &t, &n) ||
			!SourceCounted(&o, SV_NAMES(s) + e->name_off, e->name_len))
			continue;
		CountSum(&top, t);
		CountSum(&all, n);
	}
	return WilsonRow(fcinfo, top, all, z);
}

/* csat_mean(summary [, options]): seed 003's weighted mean score, on one scale. */
Datum
survey_csat_mean(PG_FUNCTION_ARGS)
{
	SurveySummary *s;
	SvOptions	o;
	double		sum = 0,
				all = 0;
	uint32		scale = 0;

	SvParseOptions(fcinfo, true, &o);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SvFromDatum(PG_GETARG_DATUM(0));
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		const int64 *c = SV_COUNTS(s) + e->counts_off;
		double		w,
					points = 0,
					n = 0;

		if (e->scale == SV_NPS || (o.scale && e->scale != (uint32) o.scale))
			continue;
		if (scale != 0 && e->scale != scale)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the summary holds CSAT answers on scales of %u and %u points", scale, e->scale),
					 errhint("A mean score needs one scale: choose it with {\"scale\": N}.")));
		scale = e->scale;
		for (int p = 0; p < (int) e->scale; p++)
		{
			points += (double) (p + 1) * (double) c[p];
			n += (double) c[p];
		}
		w = SourceWeight(&o, SV_NAMES(s) + e->name_off, e->name_len);
		sum += w * points;
		all += w * n;
	}
	if (all == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sum / all);
}

/*
 * nps(summary [, options]): promoters (9, 10) minus detractors (0 to 6), in
 * percent of the weighted answers.  With the default weights it is what
 * nps(score) gives over the same rows.
 */
Datum
survey_nps(PG_FUNCTION_ARGS)
{
	SurveySummary *s;
	SvOptions	o;
	double		promoters = 0,
				passives = 0,
				detractors = 0,
				total;

	SvParseOptions(fcinfo, false, &o);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SvFromDatum(PG_GETARG_DATUM(0));
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		int64		pr,
					pa,
					de;
		double		w;

		if (e->scale != SV_NPS)
			continue;
		EntryNps(SV_COUNTS(s) + e->counts_off, &pr, &pa, &de);
		w = SourceWeight(&o, SV_NAMES(s) + e->name_off, e->name_len);
		promoters += w * (double) pr;
		passives += w * (double) pa;
		detractors += w * (double) de;
	}
	total = promoters + passives + detractors;
	if (total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (promoters - detractors) / total);
}

/*
 * nps_interval(summary, options, confidence): NPS of the answers (sources
 * of weight 1; weight 0 leaves one out) with its standard error and
 * margin, an effcap.nps_interval.
 */
Datum
survey_nps_interval(PG_FUNCTION_ARGS)
{
	SurveySummary *s;
	SvOptions	o;
	double		z;
	int64		promoters = 0,
				passives = 0,
				detractors = 0;

	SvParseOptions(fcinfo, false, &o);
	z = ConfidenceArg(fcinfo, 2);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SvFromDatum(PG_GETARG_DATUM(0));
	for (int i = 0; i < s->n; i++)
	{
		const SurveyEntry *e = &SV_ENTRIES(s)[i];
		int64		pr,
					pa,
					de;

		if (e->scale != SV_NPS || !SourceCounted(&o, SV_NAMES(s) + e->name_off, e->name_len))
			continue;
		EntryNps(SV_COUNTS(s) + e->counts_off, &pr, &pa, &de);
		CountSum(&promoters, pr);
		CountSum(&passives, pa);
		CountSum(&detractors, de);
	}
	return NpsRow(fcinfo, promoters, passives, detractors, z);
}
