/*
 * summary.c
 *		The typed-summary convention (see summary.h): checks of stored
 *		values, names, the JSON text form, the binary form, and the
 *		per-query cache of functions that read summaries.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/memutils.h"

#include "summary.h"

/* ----------------------------------------------------------------------
 * Stored values
 * ---------------------------------------------------------------------- */

void
SummaryCorrupt(const SummaryKind *k, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 detail ? errmsg("corrupt %s value: %s", k->type_name, detail) :
			 errmsg("corrupt %s value", k->type_name)));
}

/*
 * A numeric of len bytes inside a jsonb, as numeric.c makes them: one whole
 * inline varlena; not NaN or infinity (JSON has none); base-10000 digits
 * below 10000, none zero at either end, and zero with weight 0.  The short
 * form has header bits 10 and its weight in the low 7 bits; the long form
 * (00 or 01) has its weight in a second word.
 */
static bool
JsonbNumericSound(const char *p, Size len)
{
	Size		hdr,
				digits_at;
	uint16		nh,
				weight;
	const char *num;
	Size		numlen;

	if (len < 1 || VARATT_IS_1B_E(p))
		return false;
	if (VARATT_IS_1B(p))
		hdr = VARHDRSZ_SHORT;
	else if (len < VARHDRSZ || VARATT_IS_4B_C(p))
		return false;
	else
		hdr = VARHDRSZ;
	if (VARSIZE_ANY(p) != len || len < hdr + sizeof(uint16))
		return false;
	num = p + hdr;
	numlen = len - hdr;
	memcpy(&nh, num, sizeof(nh));
	if ((nh & 0xC000) == 0xC000)
		return false;
	digits_at = (nh & 0xC000) == 0x8000 ? sizeof(uint16) : 2 * sizeof(uint16);
	if (numlen < digits_at || (numlen - digits_at) % sizeof(int16) != 0)
		return false;
	weight = nh & 0x007F;
	if (digits_at > sizeof(uint16))
		memcpy(&weight, num + sizeof(uint16), sizeof(weight));
	if (numlen == digits_at)
		return weight == 0;
	for (Size at = digits_at; at < numlen; at += sizeof(int16))
	{
		int16		digit;

		memcpy(&digit, num + at, sizeof(digit));
		if (digit < 0 || digit >= 10000 ||
			(digit == 0 && (at == digits_at || at + sizeof(int16) == numlen)))
			return false;
	}
	return true;
}

/*
 * A jsonb container of len bytes whose structure holds: PostgreSQL reads a
 * jsonb's offsets without checks, so an embedded document that was damaged
 * on disk is checked here before anything walks it.  Children lie inside
 * the container, in order; types are known; numerics are sound; strings
 * are in the server encoding; object keys are strings in jsonb's order
 * (shorter first, then bytewise) with no repeats.
 */
static bool
JsonbContainerSound(const JsonbContainer *jc, uint32 len, bool root)
{
	uint32		header,
				count,
				nchildren;
	const char *base;
	uint64		data_len,
				end = 0,
				key_start = 0,
				key_len = 0;

	check_stack_depth();
	if (len < sizeof(uint32))
		return false;
	header = jc->header;
	count = header & JB_CMASK;
	if ((header & JB_FOBJECT) != 0)
	{
		if ((header & (JB_FARRAY | JB_FSCALAR)) != 0)
			return false;
		nchildren = count * 2;
	}
	else if ((header & JB_FARRAY) != 0)
	{
		if ((header & JB_FSCALAR) != 0 && (!root || count != 1))
			return false;
		nchildren = count;
	}
	else
		return false;
	if ((uint64) nchildren * sizeof(JEntry) > len - sizeof(uint32))
		return false;
	base = (const char *) &jc->children[nchildren];
	data_len = len - sizeof(uint32) - (uint64) nchildren * sizeof(JEntry);

	for (uint32 i = 0; i < nchildren; i++)
	{
		JEntry		je = jc->children[i];
		uint64		start = end;
		uint64		aligned = INTALIGN(start);
		bool		sound;

		end = JBE_HAS_OFF(je) ? JBE_OFFLENFLD(je) : start + JBE_OFFLENFLD(je);
		if (end < start || end > data_len)
			return false;
		switch (je & JENTRY_TYPEMASK)
		{
			case JENTRY_ISSTRING:
				sound = pg_verifymbstr(base + start, (int) (end - start), true);
				break;
			case JENTRY_ISNUMERIC:
				sound = aligned <= end && JsonbNumericSound(base + aligned, end - aligned);
				break;
			case JENTRY_ISBOOL_FALSE:
			case JENTRY_ISBOOL_TRUE:
			case JENTRY_ISNULL:
				sound = end == start;
				break;
			case JENTRY_ISCONTAINER:
				sound = aligned <= end &&
					JsonbContainerSound((const JsonbContainer *) (base + aligned),
										(uint32) (end - aligned), false);
				break;
			default:
				sound = false;
		}
		if (!sound)
			return false;
		/*
		 * Keys (an object's first count children): strings, each after the
		 * one before in jsonb's order, shorter first, then bytewise.
		 */
		if ((header & JB_FOBJECT) != 0 && i < count)
		{
			if (!JBE_ISSTRING(je) ||
				(i > 0 && (end - start < key_len ||
						   (end - start == key_len &&
							memcmp(base + key_start, base + start, key_len) >= 0))))
				return false;
			key_start = start;
			key_len = end - start;
		}
	}
	return true;
}

/*
 * An embedded document area of len bytes (0: none) must hold one whole
 * jsonb; with deep, a sound one (skipped for a state the aggregate built
 * itself, which would otherwise be walked for every row).
 */
void
SummaryCheckDoc(const SummaryKind *k, const char *area, uint32 len, bool deep)
{
	if (len != 0 &&
		(len < VARHDRSZ || VARATT_IS_SHORT(area) || VARSIZE(area) != len ||
		 (deep && !JsonbContainerSound(&((const Jsonb *) area)->root, len - VARHDRSZ, true))))
		SummaryCorrupt(k, psprintf("bad embedded %s", k->doc_key));
}

/*
 * A name reference must lie inside the pool, and the name be text of the
 * server encoding without a zero byte, as every name that came in was.
 */
void
SummaryCheckName(const SummaryKind *k, const char *names, uint32 off, uint32 len, uint32 names_len)
{
	if (len > (uint32) k->max_name_len || off > names_len || len > names_len - off)
		SummaryCorrupt(k, "bad name offset");
	if (!pg_verifymbstr(names + off, (int) len, true))
		SummaryCorrupt(k, "name not valid text");
}

/* Names of one list are stored in order, each once: name i must follow name i - 1. */
void
SummaryCheckNameOrder(const SummaryKind *k, const char *names,
					  uint32 prev_off, uint32 prev_len, uint32 off, uint32 len)
{
	if (RulesNameCmp(names + prev_off, (int) prev_len, names + off, (int) len) >= 0)
		SummaryCorrupt(k, "names out of order");
}

/*
 * Varints (7 bits a byte, low first) for histograms stored compactly: a key
 * as its gap from the previous key, then its count.
 */
void
SummaryPutVarint(StringInfo buf, uint64 v)
{
	do
	{
		uint8		b = v & 0x7F;

		v >>= 7;
		appendStringInfoChar(buf, (char) (v ? b | 0x80 : b));
	} while (v);
}

/* A varint from *p (below end), or a corrupt-value error; *p moves past it. */
uint64
SummaryGetVarint(const SummaryKind *k, const uint8 **p, const uint8 *end)
{
	uint64		v = 0;

	for (int shift = 0; shift < 64; shift += 7)
	{
		uint8		b;

		if (*p >= end)
			SummaryCorrupt(k, "truncated histogram");
		b = *(*p)++;
		if (shift == 63 && b > 1)
			break;
		v |= (uint64) (b & 0x7F) << shift;
		if (!(b & 0x80))
			return v;
	}
	SummaryCorrupt(k, "bad varint");
}

/* n bins as varint pairs. */
void
SummaryPutBins(StringInfo buf, const SummaryBin *bins, int n)
{
	uint64		prev = 0;

	for (int i = 0; i < n; i++)
	{
		SummaryPutVarint(buf, bins[i].key - prev);
		SummaryPutVarint(buf, (uint64) bins[i].count);
		prev = bins[i].key;
	}
}

/* n bins from varint pairs at *p, checked: keys rising up to max_key, counts positive. */
SummaryBin *
SummaryGetBins(const SummaryKind *k, const uint8 **p, const uint8 *end, int n, uint64 max_key)
{
	SummaryBin *bins;
	uint64		key = 0;

	/* Each bin takes at least two bytes. */
	if (n < 0 || n > (end - *p) / 2)
		SummaryCorrupt(k, "truncated histogram");
	bins = palloc(sizeof(SummaryBin) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		uint64		gap = SummaryGetVarint(k, p, end);
		uint64		count = SummaryGetVarint(k, p, end);

		if ((i > 0 && gap == 0) || gap > max_key - key || count == 0 || count > (uint64) PG_INT64_MAX)
			SummaryCorrupt(k, "bad histogram entry");
		key += gap;
		bins[i].key = key;
		bins[i].count = (int64) count;
	}
	return bins;
}

/* The bins of both (sorted) histograms, counts of equal keys added; *n their number. */
SummaryBin *
SummaryMergeBins(const SummaryKind *k, const SummaryBin *a, int na, const SummaryBin *b, int nb, int *n)
{
	SummaryBin *m = palloc(sizeof(SummaryBin) * Max(na + nb, 1));
	int			i = 0,
				j = 0;

	*n = 0;
	while (i < na || j < nb)
	{
		if (j >= nb || (i < na && a[i].key < b[j].key))
			m[(*n)++] = a[i++];
		else if (i >= na || b[j].key < a[i].key)
			m[(*n)++] = b[j++];
		else
		{
			m[*n] = a[i++];
			if (pg_add_s64_overflow(m[*n].count, b[j++].count, &m[*n].count))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s counter out of range", k->type_name)));
			(*n)++;
		}
	}
	return m;
}

/* qsort order of bins: by key. */
int
SummaryBinCmp(const void *a, const void *b)
{
	uint64		x = ((const SummaryBin *) a)->key;
	uint64		y = ((const SummaryBin *) b)->key;

	return (x > y) - (x < y);
}

void
SummarySendBins(StringInfo buf, const SummaryBin *bins, int n)
{
	pq_sendint32(buf, n);
	for (int i = 0; i < n; i++)
	{
		pq_sendint64(buf, (int64) bins[i].key);
		pq_sendint64(buf, bins[i].count);
	}
}

/* Bins sent by SummarySendBins; keys and counts non-negative (the caller checks the rest). */
SummaryBin *
SummaryRecvBins(const SummaryKind *k, StringInfo msg, int *n)
{
	SummaryBin *bins;

	/* 16 bytes a bin: no more bins than bytes left allow. */
	*n = SummaryRecvCount(k, msg, (msg->len - msg->cursor) / 16, "histogram entries");
	bins = palloc(sizeof(SummaryBin) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
	{
		bins[i].key = (uint64) SummaryRecvCounter(k, msg);
		bins[i].count = SummaryRecvCounter(k, msg);
	}
	return bins;
}

/* A percentile's fraction argument: 0 < fraction <= 1, or an error. */
double
SummaryFraction(FunctionCallInfo fcinfo, int argno)
{
	double		fraction;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("fraction must not be NULL")));
	fraction = PG_GETARG_FLOAT8(argno);
	if (!(fraction > 0 && fraction <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fraction must be greater than 0 and at most 1, not %g", fraction)));
	return fraction;
}

/*
 * The first key at which at least `fraction` of the bins' counts lie at or
 * below it (seen / total >= fraction, with the fraction as given); false
 * for no bins.
 */
bool
SummaryBinsPercentile(const SummaryBin *bins, int n, double fraction, uint64 *key)
{
	/* Sums as float8: counts of several histograms may pass int64 together. */
	double		total = 0,
				seen = 0;

	for (int i = 0; i < n; i++)
		total += (double) bins[i].count;
	for (int i = 0; i < n; i++)
	{
		seen += (double) bins[i].count;
		if (seen >= fraction * total || i == n - 1)
		{
			*key = bins[i].key;
			return true;
		}
	}
	return false;
}

/* ----------------------------------------------------------------------
 * Counts of an aggregate state
 * ---------------------------------------------------------------------- */

typedef struct SummaryCount
{
	uint64		key;
	int64		count;
	char		status;
} SummaryCount;

#define SH_PREFIX sumcount
#define SH_ELEMENT_TYPE SummaryCount
#define SH_KEY_TYPE uint64
#define SH_KEY key
#define SH_HASH_KEY(tb, k) murmurhash32((uint32) (k) ^ murmurhash32((uint32) ((k) >> 32)))
#define SH_EQUAL(tb, a, b) ((a) == (b))
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

struct SummaryCounts
{
	sumcount_hash *hash;
};

SummaryCounts *
SummaryCountsCreate(MemoryContext cxt)
{
	SummaryCounts *c = MemoryContextAlloc(cxt, sizeof(SummaryCounts));

	c->hash = sumcount_create(cxt, 32, NULL);
	return c;
}

void
SummaryCannotRemove(const SummaryKind *k)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("cannot remove what the %s does not hold", k->type_name)));
}

/* count of key += delta; a removal (delta < 0) needs the count to hold it. */
void
SummaryCountsAdd(const SummaryKind *k, SummaryCounts *c, uint64 key, int64 delta)
{
	SummaryCount *e;
	bool		found;

	if (delta < 0)
	{
		e = sumcount_lookup(c->hash, key);
		if (e == NULL || e->count < -delta)
			SummaryCannotRemove(k);
		e->count += delta;
		if (e->count == 0)
			sumcount_delete_item(c->hash, e);
		return;
	}
	e = sumcount_insert(c->hash, key, &found);
	if (!found)
		e->count = 0;
	if (pg_add_s64_overflow(e->count, delta, &e->count))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s counter out of range", k->type_name)));
}

/* The counts as bins sorted by key (in the current memory context). */
SummaryBin *
SummaryCountsSorted(SummaryCounts *c, int *n)
{
	sumcount_iterator it;
	SummaryCount *e;
	SummaryBin *bins = palloc(sizeof(SummaryBin) * Max(c->hash->members, 1));

	*n = 0;
	sumcount_start_iterate(c->hash, &it);
	while ((e = sumcount_iterate(c->hash, &it)) != NULL)
	{
		bins[*n].key = e->key;
		bins[*n].count = e->count;
		(*n)++;
	}
	qsort(bins, *n, sizeof(SummaryBin), SummaryBinCmp);
	return bins;
}

/* ----------------------------------------------------------------------
 * Names
 * ---------------------------------------------------------------------- */

/* Index of a name in a list, or -1. */
int
SummaryFindName(const char *const *names, const int *lens, int n, const char *name, int len)
{
	for (int i = 0; i < n; i++)
		if (lens[i] == len && memcmp(names[i], name, len) == 0)
			return i;
	return -1;
}

/* The order of a (short) name list, bytewise: insertion sort into order[]. */
void
SummarySortNames(const char *const *names, const int *lens, int n, int *order)
{
	for (int i = 0; i < n; i++)
	{
		int			j = i;

		while (j > 0 && RulesNameCmp(names[order[j - 1]], lens[order[j - 1]],
								names[i], lens[i]) > 0)
		{
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
}

/*
 * Refuse a new name (`what`: "work type", "indicator") that the summary
 * cannot hold: too long, or one more than max_count with count held.
 */
void
SummaryCheckNewName(const SummaryKind *k, const char *what, const char *name, int len,
					int count, int max_count)
{
	if (len > k->max_name_len)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("%s name \"%.*s...\" is too long", what, pg_mbcliplen(name, len, 20), name),
				 errdetail("A name may have at most %d bytes; this one has %d.",
						   k->max_name_len, len)));
	if (count >= max_count)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct %ss in one group: \"%.*s\" would be number %d",
						what, len, name, max_count + 1),
				 errdetail("A %s holds at most %d %ss.", k->type_name, max_count, what)));
}

/* The aggregate's memory context; an error when not called as an aggregate. */
MemoryContext
SummaryAggContext(const SummaryKind *k, FunctionCallInfo fcinfo)
{
	MemoryContext cxt;

	if (!AggCheckCallContext(fcinfo, &cxt))
		elog(ERROR, "%s support function called in non-aggregate context", k->type_name);
	return cxt;
}

/* ----------------------------------------------------------------------
 * Text form
 * ---------------------------------------------------------------------- */

/*
 * A histogram key of the text form: whole seconds written without leading
 * zeros, at most 1e12 (what a row can give); false if not so.
 */
bool
SummaryParseSeconds(const char *s, int len, uint64 *out)
{
	uint64		v = 0;

	if (len == 0 || len > 13 || (len > 1 && s[0] == '0'))
		return false;
	for (int i = 0; i < len; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return v <= SUMMARY_MAX_SECONDS;
}

/*
 * The root object of a summary's text form, its keys among top_keys and its
 * version this build's.  Keys given twice are refused (jsonb would keep the
 * last silently).
 */
JsonbContainer *
SummaryTextRoot(const SummaryKind *k, const RulesDoc *doc, char *str,
				const char *const *top_keys)
{
	JsonbContainer *root;
	JsonbValue	v;

	JsonCheckUniqueKeys(str, strlen(str), k->type_name);
	root = RulesRoot(doc, JsonbFromCString(str));
	RulesCheckKeys(doc, root, NULL, top_keys);
	if (!RulesGet(root, "version", &v))
		RulesError(doc, "version", "is missing");
	if (RulesCount(doc, &v, "version") != k->version)
		RulesError(doc, "version", "must be %d", k->version);
	return root;
}

/* The embedded document of a text form (validated), or NULL if absent. */
Jsonb *
SummaryTextDocument(const SummaryKind *k, const RulesDoc *doc, JsonbContainer *root)
{
	JsonbValue	v;
	Jsonb	   *jb;

	if (!RulesGet(root, k->doc_key, &v))
		return NULL;
	RulesObject(doc, &v, k->doc_key);
	jb = JsonbValueToJsonb(&v);
	k->parse_doc(jb, palloc0(k->parsed_size));
	return jb;
}

/* {"version": N */
void
SummaryTextBegin(StringInfo buf, const SummaryKind *k)
{
	initStringInfo(buf);
	appendStringInfo(buf, "{\"version\": %d", k->version);
}

/* A name as a JSON string. */
void
SummaryTextName(StringInfo buf, const char *name, int len)
{
	escape_json(buf, pnstrdup(name, len));
}

/* , "<doc>": {...} when there is a document, and the closing brace. */
void
SummaryTextEnd(StringInfo buf, const SummaryKind *k, const Jsonb *doc, uint32 doc_len)
{
	if (doc_len)
	{
		appendStringInfo(buf, ", \"%s\": ", k->doc_key);
		JsonbToCString(buf, (JsonbContainer *) &doc->root, doc_len);
	}
	appendStringInfoChar(buf, '}');
}

/* ----------------------------------------------------------------------
 * Binary form
 * ---------------------------------------------------------------------- */

void
SummarySendBegin(StringInfo buf, const SummaryKind *k)
{
	pq_begintypsend(buf);
	pq_sendbyte(buf, k->version);
	pq_sendbyte(buf, 0);		/* flags */
}

void
SummarySendName(StringInfo buf, const char *name, int len)
{
	pq_sendcountedtext(buf, name, len, false);
}

/* The document as counted JSON text, or -1 when there is none. */
void
SummarySendDocument(StringInfo buf, const Jsonb *doc, uint32 doc_len)
{
	if (doc_len)
	{
		char	   *json = JsonbToCString(NULL, (JsonbContainer *) &doc->root, doc_len);

		pq_sendcountedtext(buf, json, strlen(json), false);
	}
	else
		pq_sendint32(buf, -1);
}

void
SummaryBadBinary(const SummaryKind *k, const char *fmt,...)
{
	StringInfoData what;

	initStringInfo(&what);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&what, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&what, needed);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary %s: %s", k->type_name, what.data)));
}

void
SummaryRecvBegin(const SummaryKind *k, StringInfo msg)
{
	int			version = pq_getmsgbyte(msg);
	int			flags = pq_getmsgbyte(msg);

	if (version != k->version || flags != 0)
		SummaryBadBinary(k, "unsupported version %d or flags %d", version, flags);
}

/* A count of entries in 0..max (`what`: "names", "indicators"). */
int
SummaryRecvCount(const SummaryKind *k, StringInfo msg, int max, const char *what)
{
	int			n = pq_getmsgint(msg, 4);

	if (n < 0 || n > max)
		SummaryBadBinary(k, "%d %s (at most %d)", n, what, max);
	return n;
}

/* A counted string of at most maxlen bytes, or NULL for -1 when allowed. */
static char *
RecvText(const SummaryKind *k, StringInfo msg, int maxlen, int *len, bool allow_none)
{
	int			n = pq_getmsgint(msg, 4);

	if (n == -1 && allow_none)
		return NULL;
	if (n < 0 || n > msg->len - msg->cursor || n > maxlen)
		SummaryBadBinary(k, "bad string length %d", n);
	return pq_getmsgtext(msg, n, len);
}

/* A name, converted from the client encoding (which may lengthen it). */
char *
SummaryRecvName(const SummaryKind *k, StringInfo msg, int *len)
{
	return RecvText(k, msg, k->max_name_len * MAX_CONVERSION_GROWTH, len, false);
}

/* A non-negative int64 counter. */
int64
SummaryRecvCounter(const SummaryKind *k, StringInfo msg)
{
	int64		n = pq_getmsgint64(msg);

	if (n < 0)
		SummaryBadBinary(k, "negative counter " INT64_FORMAT, n);
	return n;
}

/* The embedded document (validated), or NULL. */
Jsonb *
SummaryRecvDocument(const SummaryKind *k, StringInfo msg)
{
	int			len;
	char	   *json = RecvText(k, msg, msg->len, &len, true);
	Jsonb	   *jb;

	if (json == NULL)
		return NULL;
	JsonCheckUniqueKeys(json, len, k->type_name);
	jb = JsonbFromCString(json);
	k->parse_doc(jb, palloc0(k->parsed_size));
	return jb;
}

void
SummaryRecvEnd(const SummaryKind *k, StringInfo msg)
{
	if (msg->cursor != msg->len)
		SummaryBadBinary(k, "%d trailing bytes", msg->len - msg->cursor);
}

/* ----------------------------------------------------------------------
 * Per-query cache
 * ---------------------------------------------------------------------- */

SummaryCache *
SummaryCacheGet(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(SummaryCache));
	return fcinfo->flinfo->fn_extra;
}

/* A document parsed with the kind's parser, once per distinct value per query. */
const void *
SummaryCachedDocument(FunctionCallInfo fcinfo, const SummaryKind *k, struct varlena *doc)
{
	return RulesCacheGet(&SummaryCacheGet(fcinfo)->doc, fcinfo->flinfo->fn_mcxt, doc,
						 k->parsed_size, k->parse_doc);
}

/* The function's composite result type (type_name for the message), blessed once. */
TupleDesc
SummaryResultDesc(FunctionCallInfo fcinfo, const char *type_name)
{
	SummaryCache *c = SummaryCacheGet(fcinfo);

	if (c->tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	tupdesc;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "%s result type expected", type_name);
		c->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		MemoryContextSwitchTo(old);
	}
	return c->tupdesc;
}
