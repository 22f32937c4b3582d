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
#include "port/pg_bitutils.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/memutils.h"

#include "effcap.h"
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
		EFFCAP_CHECK_INTERRUPTS_EVERY(*n);
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

/* Whether v has the bytes of the value the cache decoded last. */
static bool
SummaryReadCacheHit(const SummaryReadCache *c, const struct varlena *v)
{
	return c->copy != NULL && VARSIZE_ANY(c->copy) == VARSIZE_ANY(v) &&
		memcmp(c->copy, v, VARSIZE_ANY(v)) == 0;
}

/*
 * The stored value datum decoded into *decoded (the family's one cached
 * struct) through the cache: decoded again only when it is not the value
 * decoded last.  decode() reads the cache's own copy of the value, so what
 * it points into (names, bins) and what it allocates live as long as the
 * cache holds that value; an error while decoding leaves the cache empty.
 */
void
SummaryRead(SummaryReadCache *c, Datum datum, SummaryDecodeFn decode, void *decoded)
{
	struct varlena *v = PG_DETOAST_DATUM(datum);
	struct varlena *copy;
	MemoryContext old;

	if (SummaryReadCacheHit(c, v))
		return;
	if (c->cxt == NULL)
		c->cxt = AllocSetContextCreate(TopMemoryContext, "effcap summary read cache",
									   ALLOCSET_SMALL_SIZES);
	c->copy = NULL;
	MemoryContextReset(c->cxt);
	old = MemoryContextSwitchTo(c->cxt);
	copy = palloc(VARSIZE_ANY(v));
	memcpy(copy, v, VARSIZE_ANY(v));
	decode(copy, decoded);
	c->copy = copy;
	MemoryContextSwitchTo(old);
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
 *
 * Rows arrive one key at a time; rollups add whole sorted histograms.  A
 * hash table per group was the slowest part of building agent-day
 * summaries (a table per group to allocate, grow and zero; random
 * writes), so the counts are kept as the sorted bins already reached plus
 * what arrived since, appended in arrival order: single additions of
 * small keys (one row) as 4-byte keys, any other change as a (key, delta)
 * pair in a log.  Both are sorted and merged into the bins when they have
 * grown as long as the bins are, so a change costs an amortised log n.  A
 * whole histogram is merged into the bins in one pass, in place from the
 * end, when it is not much shorter than they are.  Once a state holds
 * many distinct keys, most of them small (a center's waits and handle
 * times over a month, or a rollup's state), the keys below a power of two
 * move to a plain array indexed by key, where a change costs one addition
 * (2-byte counts until one outgrows them, then 4, then 8).
 * ---------------------------------------------------------------------- */

#define SC_RAW_MIN 1024			/* single additions held at least */
#define SC_LOG_MIN 32			/* other changes held at least */
#define SC_DENSE_MIN 512		/* distinct keys before the array is tried */
#define SC_ROLLUP_MIN 64		/* ... in a rollup's state */
#define SC_DENSE_MAX (1 << 20)	/* largest array: 4 or 8 MB */


/*
 * Sorts by key, comparison inlined (PostgreSQL's sort_template); a cancel
 * is seen while a large group sorts.
 */
#define ST_SORT summary_bins_sort
#define ST_ELEMENT_TYPE SummaryBin
#define ST_COMPARE(a, b) (((a)->key > (b)->key) - ((a)->key < (b)->key))
#define ST_CHECK_FOR_INTERRUPTS
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

#define ST_SORT summary_keys_sort
#define ST_ELEMENT_TYPE uint32
#define ST_COMPARE(a, b) ((*(a) > *(b)) - (*(a) < *(b)))
#define ST_CHECK_FOR_INTERRUPTS
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

void
SummarySortBins(SummaryBin *bins, int n)
{
	summary_bins_sort(bins, n);
}

SummaryCounts *
SummaryCountsCreate(const SummaryKind *k, MemoryContext cxt)
{
	SummaryCounts *c = MemoryContextAlloc(cxt, sizeof(SummaryCounts));

	SummaryCountsInit(c, k, cxt);
	return c;
}

/* Empty counts in c (a field of a state), kept in cxt. */
void
SummaryCountsInit(SummaryCounts *c, const SummaryKind *k, MemoryContext cxt)
{
	memset(c, 0, sizeof(SummaryCounts));
	c->kind = k;
	c->cxt = cxt;
}

void
SummaryCannotRemove(const SummaryKind *k)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("cannot remove what the %s does not hold", k->type_name)));
}

static void
SummaryCountOverflow(const SummaryKind *k)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s counter out of range", k->type_name)));
}

/* *count += delta; a removal (delta < 0) needs the count to hold it. */
static inline void
SummaryCountChange(const SummaryKind *k, int64 *count, int64 delta)
{
	if (delta < 0 && *count < -delta)
		SummaryCannotRemove(k);
	if (pg_add_s64_overflow(*count, delta, count))
		SummaryCountOverflow(k);
}

/* The count of key k < ndense. */
static inline int64
SummaryDenseGet(const SummaryCounts *c, uint32 k)
{
	switch (c->cell)
	{
		case 2:
			return ((const uint16 *) c->dense)[k];
		case 4:
			return ((const uint32 *) c->dense)[k];
		default:
			return ((const int64 *) c->dense)[k];
	}
}

/* Cell k := v (0 <= v, v fits the cells). */
static inline void
SummaryDenseSet(void *dense, int cell, uint32 k, int64 v)
{
	switch (cell)
	{
		case 2:
			((uint16 *) dense)[k] = (uint16) v;
			break;
		case 4:
			((uint32 *) dense)[k] = (uint32) v;
			break;
		default:
			((int64 *) dense)[k] = v;
	}
}

/* The smallest cell that holds the count v >= 0. */
static inline int
SummaryCellFor(int64 v)
{
	return v <= PG_UINT16_MAX ? 2 : v <= PG_UINT32_MAX ? 4 : 8;
}

/*
 * A new array of size cells of cell bytes (at least the current ones),
 * zeros beyond the current array's counts, which it takes over.
 */
static void
SummaryDenseResize(SummaryCounts *c, uint32 size, int cell)
{
	void	   *dense = MemoryContextAllocZero(c->cxt, (Size) cell * size);

	Assert(size >= c->ndense && (c->ndense == 0 || cell >= c->cell));
	if (c->ndense > 0 && cell == c->cell)
		memcpy(dense, c->dense, (Size) cell * c->ndense);
	else
		for (uint32 k = 0; k < c->ndense; k++)
			SummaryDenseSet(dense, cell, k, SummaryDenseGet(c, k));
	if (c->dense)
		pfree(c->dense);
	c->dense = dense;
	c->cell = cell;
	c->ndense = size;
}

/* count of key k < ndense += delta, checked as SummaryCountChange checks. */
static inline void
SummaryDenseChange(SummaryCounts *c, uint32 k, int64 delta)
{
	int64		v = SummaryDenseGet(c, k);

	SummaryCountChange(c->kind, &v, delta);
	if (c->cell < 8 && v > (c->cell == 2 ? PG_UINT16_MAX : PG_UINT32_MAX))
		SummaryDenseResize(c, c->ndense, SummaryCellFor(v));
	SummaryDenseSet(c->dense, c->cell, k, v);
}

/* An array of c's memory grown to hold at least need elements of size bytes. */
static void *
SummaryGrow(SummaryCounts *c, void *array, int *cap, int need, Size size, int min)
{
	int			newcap;

	if (need <= *cap)
		return array;
	if (need > (int) (MaxAllocSize / size / 2))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s has too many distinct values", c->kind->type_name)));
	newcap = Max(Max(need, *cap * 2), min);
	*cap = newcap;
	return array ? repalloc(array, size * newcap) : MemoryContextAlloc(c->cxt, size * newcap);
}

/*
 * Merge changes into the bins: run holds distinct keys (>= ndense) in
 * rising order, each changing its count by sign * count.  In place from the
 * end, so the bins need only room for the new keys; counts that fall to
 * zero are dropped.
 */
static void
SummaryCountsMerge(SummaryCounts *c, const SummaryBin *run, int n, int sign)
{
	int			i = c->nbins - 1,
				j = n - 1,
				w,
				top;

	if (n == 0)
		return;
	c->bins = SummaryGrow(c, c->bins, &c->binscap, c->nbins + n, sizeof(SummaryBin), 16);
	top = w = c->nbins + n;
	/* bins[0..i] unread, bins[w..top) written; w - (i + 1) >= j + 1 holds */
	while (j >= 0)
	{
		int64		count = 0;

		EFFCAP_CHECK_INTERRUPTS_EVERY(w);
		if (i >= 0 && c->bins[i].key > run[j].key)
		{
			c->bins[--w] = c->bins[i--];
			continue;
		}
		if (i >= 0 && c->bins[i].key == run[j].key)
			count = c->bins[i--].count;
		SummaryCountChange(c->kind, &count, sign * run[j].count);
		if (count > 0)
		{
			c->bins[--w].key = run[j].key;
			c->bins[w].count = count;
		}
		j--;
	}
	if (w > i + 1)
		memmove(c->bins + i + 1, c->bins + w, sizeof(SummaryBin) * (top - w));
	c->nbins = i + 1 + (top - w);
}

/*
 * Move the bins whose key lies below a larger power of two into the array,
 * when that array would be full enough (below) and would hold seven
 * eighths of the bins: dense small keys with a tail of rare large ones.
 * Only with nothing pending (pending keys lie at or above the array's end).
 */
static void
SummaryCountsTryDense(SummaryCounts *c)
{
	uint64		size = Max(c->ndense, 1024);
	int			below = 0;
	int			used = -1;
	int			cell;

	Assert(c->nraw == 0 && c->nlog == 0);
	/*
	 * At least an eighth full (4-byte counts then take at most twice the
	 * room of the 16-byte bins they replace; 2-byte ones, as much), once the state is large or,
	 * in a rollup's state, has a few dozen keys.
	 */
	if (c->nbins < SC_DENSE_MIN && (c->nruns == 0 || c->nbins < SC_ROLLUP_MIN))
		return;
	/* tried before: again once the bins have doubled */
	if (c->nbins < 2 * c->tried)
		return;
	c->tried = c->nbins;
	for (;;)
	{
		while (below < c->nbins && c->bins[below].key < size)
			below++;
		if (size > SC_DENSE_MAX || size > (uint64) 8 * (c->ndense + below))
			return;
		if (size > c->ndense && below > 0 && (uint64) below * 8 >= (uint64) c->nbins * 7)
		{
			if (used < 0)
			{
				used = 0;
				for (uint32 i = 0; i < c->ndense; i++)
					used += SummaryDenseGet(c, i) != 0;
			}
			if (size > (uint64) 8 * (used + below))
				return;
			break;
		}
		size *= 2;
	}
	/* cells as small as the counts allow */
	cell = Max(c->cell, 2);
	for (int i = 0; i < below; i++)
		cell = Max(cell, SummaryCellFor(c->bins[i].count));
	SummaryDenseResize(c, (uint32) size, cell);
	for (int i = 0; i < below; i++)
		SummaryDenseSet(c->dense, cell, (uint32) c->bins[i].key, c->bins[i].count);
	memmove(c->bins, c->bins + below, sizeof(SummaryBin) * (c->nbins - below));
	c->nbins -= below;
	/* the bins keep room for what is left and as much again */
	if (c->binscap > 2 * c->nbins + 16)
	{
		c->binscap = 2 * c->nbins + 16;
		c->bins = repalloc(c->bins, sizeof(SummaryBin) * c->binscap);
	}
	c->tried = 0;
}

/*
 * The distinct keys of n keys, with how often each occurs, into run (room
 * for n) in rising key order; returns their number.  Keys within a short
 * span are counted in a per-backend array of counts, with a bitmap of the
 * cells in use: the bitmap is read a word at a time and each cell cleared
 * as it is read, so the cost follows the keys more than the span.  Other
 * keys are sorted.
 */
#define SC_COUNTING_SPAN 65536

int
SummaryKeysCounted(uint32 *keys, int n, SummaryBin *run)
{
	static uint32 *counting = NULL;
	static uint64 *used = NULL;
	uint32		lo = keys[0],
				hi = keys[0];
	int			m = 0;

	for (int i = 1; i < n; i++)
	{
		lo = Min(lo, keys[i]);
		hi = Max(hi, keys[i]);
	}
	if (hi - lo < SC_COUNTING_SPAN && hi - lo <= (uint32) n * 512 + 4096)
	{
		if (counting == NULL)
		{
			counting = MemoryContextAllocZero(TopMemoryContext,
											  sizeof(uint32) * SC_COUNTING_SPAN);
			used = MemoryContextAllocZero(TopMemoryContext, SC_COUNTING_SPAN / 8);
		}
		for (int i = 0; i < n; i++)
		{
			uint32		k = keys[i] - lo;

			counting[k]++;
			used[k / 64] |= UINT64CONST(1) << (k % 64);
		}
		for (uint32 w = 0; w <= (hi - lo) / 64; w++)
		{
			for (uint64 bits = used[w]; bits != 0; bits &= bits - 1)
			{
				uint32		k = w * 64 + pg_rightmost_one_pos64(bits);

				run[m].key = lo + k;
				run[m++].count = counting[k];
				counting[k] = 0;
			}
			used[w] = 0;
		}
		return m;
	}
	summary_keys_sort(keys, n);
	for (int i = 0; i < n; i++)
	{
		if (m > 0 && run[m - 1].key == keys[i])
			run[m - 1].count++;
		else
		{
			run[m].key = keys[i];
			run[m++].count = 1;
		}
	}
	return m;
}

/*
 * Sort what is pending and merge it into the bins; then, with try_dense,
 * see whether the array should take the small keys (not for the last
 * compaction before the counts are read).
 */
static void
SummaryCountsCompact(SummaryCounts *c, bool try_dense)
{
	if (c->nraw == 0 && c->nlog == 0)
		return;
	if (c->nraw > 0)
	{
		SummaryBin *run = palloc(sizeof(SummaryBin) * c->nraw);
		int			n = SummaryKeysCounted(c->raw, c->nraw, run);

		c->nraw = 0;
		SummaryCountsMerge(c, run, n, 1);
		pfree(run);
	}
	if (c->nlog > 0)
	{
		int			n = 0;

		/*
		 * Net change per key: additions and removals apart, so that the order
		 * of the log does not matter (each is at most PG_INT64_MAX, so their
		 * difference fits).
		 */
		summary_bins_sort(c->log, c->nlog);
		for (int i = 0; i < c->nlog;)
		{
			uint64		key = c->log[i].key;
			int64		added = 0,
						removed = 0;

			for (; i < c->nlog && c->log[i].key == key; i++)
				if (c->log[i].count >= 0 ? pg_add_s64_overflow(added, c->log[i].count, &added)
					: pg_sub_s64_overflow(removed, c->log[i].count, &removed))
					SummaryCountOverflow(c->kind);
			if (added != removed)
			{
				c->log[n].key = key;
				c->log[n++].count = added - removed;
			}
		}
		c->nlog = 0;
		SummaryCountsMerge(c, c->log, n, 1);
	}
	if (try_dense)
		SummaryCountsTryDense(c);
}

/* Pending changes are compacted when full and as long as the bins. */
#define SC_FULL(c, n, cap, min) ((n) == (cap) && (cap) >= Max((min), (c)->nbins))

/* SummaryCountsAdd() when the key does not simply join the raw keys. */
void
SummaryCountsChange(SummaryCounts *c, uint64 key, int64 delta)
{
	if (key < c->ndense)
	{
		SummaryDenseChange(c, (uint32) key, delta);
		return;
	}
	if (delta == 0)
		return;
	if (delta == 1 && key <= PG_UINT32_MAX)
	{
		if (SC_FULL(c, c->nraw, c->rawcap, SC_RAW_MIN))
		{
			SummaryCountsCompact(c, true);
			if (key < c->ndense)
			{
				SummaryDenseChange(c, (uint32) key, 1);
				return;
			}
		}
		c->raw = SummaryGrow(c, c->raw, &c->rawcap, c->nraw + 1, sizeof(uint32), 32);
		c->raw[c->nraw++] = (uint32) key;
		return;
	}
	if (SC_FULL(c, c->nlog, c->logcap, SC_LOG_MIN))
	{
		SummaryCountsCompact(c, true);
		if (key < c->ndense)
		{
			SummaryDenseChange(c, (uint32) key, delta);
			return;
		}
	}
	c->log = SummaryGrow(c, c->log, &c->logcap, c->nlog + 1, sizeof(SummaryBin), SC_LOG_MIN);
	c->log[c->nlog].key = key;
	c->log[c->nlog++].count = delta;
}

/*
 * Add (sign 1) or remove (sign -1) a histogram (bins in rising key order,
 * counts positive).  A histogram short beside the bins goes key by key;
 * otherwise what is pending is compacted, keys in the array are added
 * there and the rest is merged into the bins in one pass.
 */
void
SummaryCountsAddBins(SummaryCounts *c, const SummaryBin *bins, int n, int sign)
{
	int			i = 0;

	if ((int64) n * 16 < c->nbins)
	{
		for (int k = 0; k < n; k++)
			SummaryCountsAdd(c, bins[k].key, sign * bins[k].count);
		return;
	}
	SummaryCountsCompact(c, false);
	/* additions that fit the cells: one store each (the common case) */
	if (sign > 0 && c->cell == 2)
	{
		uint16	   *d = c->dense;

		for (; i < n && bins[i].key < c->ndense; i++)
		{
			uint16		have = d[bins[i].key];

			if (unlikely(bins[i].count > PG_UINT16_MAX - have))
				break;
			d[bins[i].key] = (uint16) (have + bins[i].count);
		}
	}
	else if (sign > 0 && c->cell == 4)
	{
		uint32	   *d = c->dense;

		for (; i < n && bins[i].key < c->ndense; i++)
		{
			uint32		have = d[bins[i].key];

			if (unlikely(bins[i].count > (int64) (PG_UINT32_MAX - have)))
				break;
			d[bins[i].key] = (uint32) (have + bins[i].count);
		}
	}
	for (; i < n && bins[i].key < c->ndense; i++)
		SummaryDenseChange(c, (uint32) bins[i].key, sign * bins[i].count);
	c->nruns++;
	SummaryCountsMerge(c, bins + i, n - i, sign);
	SummaryCountsTryDense(c);
}

/* Add n keys once each (the keys are reordered). */
void
SummaryCountsAddKeys(SummaryCounts *c, uint32 *keys, int n)
{
	SummaryBin *run;

	if (n == 0)
		return;
	run = palloc(sizeof(SummaryBin) * n);
	n = SummaryKeysCounted(keys, n, run);
	SummaryCountsAddBins(c, run, n, 1);
	pfree(run);
}

/* The counts as bins in rising key order (in the current memory context). */
SummaryBin *
SummaryCountsSorted(SummaryCounts *c, int *n)
{
	SummaryBin *bins;
	int			used = 0;

	/* only single additions so far (a group built from rows): count them */
	if (c->nbins == 0 && c->ndense == 0 && c->nlog == 0 && c->nraw > 0)
	{
		bins = palloc(sizeof(SummaryBin) * c->nraw);
		*n = SummaryKeysCounted(c->raw, c->nraw, bins);
		return bins;
	}
	SummaryCountsCompact(c, false);
	for (uint32 k = 0; k < c->ndense; k++)
		used += SummaryDenseGet(c, k) != 0;
	bins = palloc(sizeof(SummaryBin) * Max(used + c->nbins, 1));
	*n = 0;
	for (uint32 k = 0; k < c->ndense; k++)
		if (SummaryDenseGet(c, k) != 0)
		{
			bins[*n].key = k;
			bins[(*n)++].count = SummaryDenseGet(c, k);
		}
	if (c->nbins > 0)
		memcpy(bins + *n, c->bins, sizeof(SummaryBin) * c->nbins);
	*n += c->nbins;
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
/* The English plural of a noun of a message: category -> categories, class -> classes. */
static char *
Plural(const char *noun)
{
	size_t		n = strlen(noun);

	if (n > 1 && noun[n - 1] == 'y' && strchr("aeiou", noun[n - 2]) == NULL)
		return psprintf("%.*sies", (int) n - 1, noun);
	if (n > 0 && noun[n - 1] == 's')
		return psprintf("%ses", noun);
	return psprintf("%ss", noun);
}

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
				 errmsg("too many distinct %s in one group: \"%.*s\" would be number %d",
						Plural(what), len, name, max_count + 1),
				 errdetail("A %s holds at most %d %s.", k->type_name, max_count, Plural(what))));
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
 * Aggregate states as expanded objects
 * ---------------------------------------------------------------------- */

static Size
SummaryStateFlatSize(ExpandedObjectHeader *eoh)
{
	SummaryState *s = (SummaryState *) eoh;

	if (s->flat == NULL)
	{
		struct varlena *f = s->encode(s->state);

		s->flat = MemoryContextAlloc(s->aggcxt, VARSIZE(f));
		memcpy(s->flat, f, VARSIZE(f));
		pfree(f);
	}
	return VARSIZE(s->flat);
}

static void
SummaryStateFlatten(ExpandedObjectHeader *eoh, void *result, Size allocated_size)
{
	SummaryState *s = (SummaryState *) eoh;

	Assert(s->flat != NULL && allocated_size == VARSIZE(s->flat));
	memcpy(result, s->flat, allocated_size);
}

const ExpandedObjectMethods SummaryStateMethods = {
	SummaryStateFlatSize,
	SummaryStateFlatten
};

/*
 * The context every state of an aggregate context names as its own.
 * PostgreSQL keeps a read-write expanded state without copying it only when
 * that context is a child of the aggregate's; a child per state made hash
 * aggregation quadratic (it totals the memory of every child as each group
 * arrives).  Nothing is allocated in it: a state, what it grows to and its
 * stored form live in the aggregate's context, where what one group frees
 * another reuses.  PostgreSQL deletes a state's context only when a
 * transition function returns another state than it was given, which these
 * never do.
 */
static MemoryContext
SummaryStatesContext(MemoryContext aggcxt)
{
	for (MemoryContext c = aggcxt->firstchild; c != NULL; c = c->nextchild)
		if (strcmp(c->name, "effcap summary states") == 0)
			return c;
	return AllocSetContextCreate(aggcxt, "effcap summary states", ALLOCSET_SMALL_SIZES);
}

/* The state d points to, when it is one of summary k's (read-only or not). */
SummaryState *
SummaryStateOf(const SummaryKind *k, Datum d)
{
	ExpandedObjectHeader *eoh;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return NULL;
	eoh = DatumGetEOHP(d);
	if (eoh->eoh_methods != &SummaryStateMethods || ((SummaryState *) eoh)->kind != k)
		return NULL;
	return (SummaryState *) eoh;
}

/* SummaryStateArg() in every case, a new state when it needs one. */
SummaryState *
SummaryStateArgSlow(const SummaryStateOps *ops, FunctionCallInfo fcinfo, int argno)
{
	SummaryState *s = NULL;

	if (!PG_ARGISNULL(argno) &&
		VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(argno))))
		s = SummaryStateOf(ops->kind, PG_GETARG_DATUM(argno));
	if (s == NULL)
	{
		MemoryContext aggcxt = SummaryAggContext(ops->kind, fcinfo);

		/* one chunk: a row reads both */
		s = MemoryContextAllocZero(aggcxt, MAXALIGN(sizeof(SummaryState)) + ops->size);
		EOH_init_header(&s->hdr, &SummaryStateMethods, SummaryStatesContext(aggcxt));
		s->kind = ops->kind;
		s->encode = ops->encode;
		s->aggcxt = aggcxt;
		s->state = (char *) s + MAXALIGN(sizeof(SummaryState));
		ops->init(s->state, aggcxt);
		if (!PG_ARGISNULL(argno))
			ops->add(s->state, PG_GETARG_DATUM(argno), 1);
	}
	else if (s->flat)
	{
		pfree(s->flat);
		s->flat = NULL;
	}
	return s;
}

/*
 * rollup(summary) (state, summary): add (sign 1) or, the inverse in a
 * moving frame, remove (sign -1) one stored summary; NULL is skipped.
 */
Datum
SummaryRollupStep(const SummaryStateOps *ops, FunctionCallInfo fcinfo, int sign)
{
	SummaryState *s;

	if (PG_ARGISNULL(0) && sign < 0 && !PG_ARGISNULL(1))
		SummaryCannotRemove(ops->kind);
	s = SummaryStateArg(ops, fcinfo, 0);
	if (!PG_ARGISNULL(1))
		ops->add(s->state, PG_GETARG_DATUM(1), sign);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* combine(a, b) (strict): the state of both (a parallel worker's, another node's). */
Datum
SummaryStateCombine(const SummaryStateOps *ops, FunctionCallInfo fcinfo)
{
	SummaryState *s = SummaryStateArg(ops, fcinfo, 0);

	ops->add(s->state, PG_GETARG_DATUM(1), 1);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
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
/*
 * A histogram of the text form at path: an object {"<whole seconds>":
 * count, ...} with positive counts, as bins in key order; *n is their
 * number.  example is a key to show in the message ("180").
 */
SummaryBin *
SummaryTextBins(const RulesDoc *doc, JsonbValue *v, const char *path, const char *example, int *n)
{
	JsonbContainer *obj = RulesObject(doc, v, path);
	SummaryBin *bins = palloc(sizeof(SummaryBin) * Max(JsonContainerSize(obj), 1));
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbIteratorToken tok;
	JsonbValue	kv;

	*n = 0;
	while ((tok = JsonbIteratorNext(&it, &kv, true)) != WJB_DONE)
	{
		char	   *kpath;

		if (tok != WJB_KEY)
			continue;
		kpath = RulesPathKey(path, kv.val.string.val, kv.val.string.len);
		if (!SummaryParseSeconds(kv.val.string.val, kv.val.string.len, &bins[*n].key))
			RulesError(doc, kpath, "must be keyed by whole seconds (\"%s\")", example);
		JsonbIteratorNext(&it, &kv, true);
		bins[*n].count = RulesCount(doc, &kv, kpath);
		if (bins[*n].count == 0)
			RulesError(doc, kpath, "must be a positive count");
		(*n)++;
	}
	SummarySortBins(bins, *n);
	return bins;
}

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
	SendCountedText(buf, name, len);
}

/* The document as counted JSON text, or -1 when there is none. */
void
SummarySendDocument(StringInfo buf, const Jsonb *doc, uint32 doc_len)
{
	if (doc_len)
	{
		char	   *json = JsonbToCString(NULL, (JsonbContainer *) &doc->root, doc_len);

		SendCountedText(buf, json, strlen(json));
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
