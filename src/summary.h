/*
 * summary.h
 *		The typed-summary convention shared by every summary type
 *		(capacity_summary, kpi_inputs, and the summaries to come).
 *
 * A typed summary is a varlena: a header that starts with a version byte and
 * a flags byte, fixed-size entries that name themselves by an offset into a
 * pool of names at the end, and optionally one embedded jsonb document (the
 * rules or scorecard it was built with).  Entries are sorted by name, so
 * equal contents have equal bytes and sums run in one order whatever the
 * plan.  Its text form is a JSON object {"version": N, ..., "<doc>": {...}};
 * its binary form is the version and flags bytes, counted names with their
 * values, and the document as counted text or -1.  Everything that arrives
 * from SQL or the wire is validated, and errors name the type.
 *
 * A capability keeps its own header struct and entries; this module owns
 * what every summary does the same way.
 */
#ifndef EFFCAP_SUMMARY_H
#define EFFCAP_SUMMARY_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/expandeddatum.h"
#include "utils/jsonb.h"

#include "rules.h"

/* What a summary type is: its name, version, limits and document. */
typedef struct SummaryKind
{
	const char *type_name;		/* "capacity_summary", for messages */
	int			version;		/* the one version this build reads */
	int			max_name_len;	/* bytes of one name */
	const char *doc_key;		/* text-form key of the embedded document */
	RulesParseFn parse_doc;		/* validates an embedded document */
	Size		parsed_size;	/* what parse_doc fills in */
} SummaryKind;

/* Stored values: checks of what a varlena holds. */
pg_noreturn extern void SummaryCorrupt(const SummaryKind *k, const char *detail);
extern void SummaryCheckDoc(const SummaryKind *k, const char *area, uint32 len, bool deep);
extern void SummaryCheckName(const SummaryKind *k, const char *names, uint32 off, uint32 len,
							 uint32 names_len);
extern void SummaryCheckNameOrder(const SummaryKind *k, const char *names,
								  uint32 prev_off, uint32 prev_len, uint32 off, uint32 len);

/*
 * Histograms: bins of (key, count) in rising key order.  Stored as a block
 * of bits (summary_bins.c), the number of bins kept by the caller (in a
 * header of varints); sent as a count and int64 pairs.
 */
typedef struct SummaryBin
{
	uint64		key;
	int64		count;
} SummaryBin;

extern void SummaryPutVarint(StringInfo buf, uint64 v);
extern uint64 SummaryGetVarint(const SummaryKind *k, const uint8 **p, const uint8 *end);
extern void SummaryPutBins(StringInfo buf, const SummaryBin *bins, int n);
extern SummaryBin *SummaryGetBins(const SummaryKind *k, const uint8 **p, const uint8 *end, int n,
								  uint64 max_key);
extern SummaryBin *SummaryMergeBins(const SummaryKind *k, const SummaryBin *a, int na,
									const SummaryBin *b, int nb, int *n);
extern void SummarySendBins(StringInfo buf, const SummaryBin *bins, int n);
extern SummaryBin *SummaryRecvBins(const SummaryKind *k, StringInfo msg, int *n);
extern double SummaryFraction(FunctionCallInfo fcinfo, int argno);

/*
 * The counts an aggregate's state keeps while rows arrive: uint64 key ->
 * count in the aggregate's memory (summary.c says how).  A removal of what
 * the counts do not hold is an error, possibly raised by a later call.
 */
typedef struct SummaryCounts
{
	/* the fields are summary.c's; they are here for SummaryCountsAdd() */
	uint32	   *raw;			/* keys (>= ndense) added once each */
	int			nraw;
	int			rawcap;
	uint32		ndense;
	const SummaryKind *kind;
	MemoryContext cxt;
	SummaryBin *bins;			/* keys >= ndense, rising, counts > 0 */
	int			nbins;
	int			binscap;
	SummaryBin *log;			/* other changes (keys >= ndense) */
	int			nlog;
	int			logcap;
	void	   *dense;			/* the count of key k < ndense in cell k */
	int			cell;			/* bytes of a cell: 2, 4 once a count outgrew
								 * them, 8 once one outgrew 4 */
	int			nruns;			/* histograms added (a rollup's state) */
	int			tried;			/* bins when the array was last tried */
} SummaryCounts;

extern SummaryCounts *SummaryCountsCreate(const SummaryKind *k, MemoryContext cxt);
extern void SummaryCountsInit(SummaryCounts *c, const SummaryKind *k, MemoryContext cxt);
extern void SummaryCountsChange(SummaryCounts *c, uint64 key, int64 delta);

/*
 * count of key += delta; a removal (delta < 0) needs the count to hold it.
 * Inline for what one row mostly does, one more key while there is room.
 */
static inline void
SummaryCountsAdd(SummaryCounts *c, uint64 key, int64 delta)
{
	if (likely(delta == 1 && key >= c->ndense && key <= PG_UINT32_MAX && c->nraw < c->rawcap))
		c->raw[c->nraw++] = (uint32) key;
	else
		SummaryCountsChange(c, key, delta);
}
extern void SummaryCountsAddBins(SummaryCounts *c, const SummaryBin *bins, int n, int sign);
extern void SummaryCountsAddKeys(SummaryCounts *c, uint32 *keys, int n);
extern SummaryBin *SummaryCountsSorted(SummaryCounts *c, int *n);
extern int	SummaryKeysCounted(uint32 *keys, int n, SummaryBin *run);

/* The bins c keeps apart from what is pending or in its array. */
static inline int
SummaryCountsBins(const SummaryCounts *c)
{
	return c->nbins;
}

/* Whether c holds nothing: no bins, nothing pending, no array. */
static inline bool
SummaryCountsEmpty(const SummaryCounts *c)
{
	return c->nbins == 0 && c->nraw == 0 && c->nlog == 0 && c->ndense == 0;
}
extern void SummarySortBins(SummaryBin *bins, int n);
pg_noreturn extern void SummaryCannotRemove(const SummaryKind *k);
extern bool SummaryBinsPercentile(const SummaryBin *bins, int n, double fraction, uint64 *key);

/* Seconds a row can give (Micros()): histogram keys in the text form. */
#define SUMMARY_MAX_SECONDS ((uint64) 1000000000000)

/*
 * The stored value a family decoded last, kept by its bytes: reading one
 * value three times in a row (a ROLLUP adds each row to three groups; a
 * report calls three accessors on one rolled-up value) decodes it once.
 * What was decoded lives in the cache's context until another value is
 * decoded, so a caller holds one cached value at a time.
 */
typedef struct SummaryReadCache
{
	MemoryContext cxt;			/* the copy and what was decoded from it */
	struct varlena *copy;		/* the value last decoded, NULL when none */
} SummaryReadCache;

/* Decode (and check) the stored value v into *decoded, a family's own struct. */
typedef void (*SummaryDecodeFn) (const struct varlena *v, void *decoded);

extern void SummaryRead(SummaryReadCache *c, Datum datum, SummaryDecodeFn decode, void *decoded);

extern MemoryContext SummaryAggContext(const SummaryKind *k, FunctionCallInfo fcinfo);

/*
 * An aggregate state of a summary type that is not its stored form (hash
 * tables, buffers): kept as an expanded object, so that the aggregate's
 * state type is the summary type itself.  A distributed planner (Citus)
 * then ships it between nodes in its text form and combines it, and
 * parallel workers hand it over as the stored form, which
 * encode(state) writes when PostgreSQL needs it.
 */
typedef struct SummaryState
{
	ExpandedObjectHeader hdr;
	const SummaryKind *kind;
	struct varlena *(*encode) (void *state);
	struct varlena *flat;		/* the stored form, while the state is unchanged */
	MemoryContext aggcxt;		/* the aggregate's context, where state lives */
	void	   *state;			/* the summary's own state */
} SummaryState;

/* What a summary family's state does, for the shared support functions. */
typedef struct SummaryStateOps
{
	const SummaryKind *kind;
	Size		size;			/* of the family's state */
	void		(*init) (void *state, MemoryContext cxt);	/* an empty one */
	void		(*add) (void *state, Datum summary, int sign);	/* a summary or state */
	struct varlena *(*encode) (void *state);	/* its stored form, empty or not */
} SummaryStateOps;

extern SummaryState *SummaryStateOf(const SummaryKind *k, Datum d);
extern PGDLLIMPORT const ExpandedObjectMethods SummaryStateMethods;
extern SummaryState *SummaryStateArgSlow(const SummaryStateOps *ops, FunctionCallInfo fcinfo,
										 int argno);

/*
 * The state in argument argno of an aggregate support function, to change:
 * the argument itself when it is a read-write state of this family, else a
 * new state (in the aggregate's context) holding what the argument holds --
 * nothing when it is NULL, a stored value, a read-only state.  The stored
 * form it may have cached is forgotten: the caller is about to change it.
 * Inline for what every row but a group's first meets: its own state,
 * unchanged since the last row.
 */
static inline SummaryState *
SummaryStateArg(const SummaryStateOps *ops, FunctionCallInfo fcinfo, int argno)
{
	if (likely(!PG_ARGISNULL(argno)))
	{
		Pointer		p = DatumGetPointer(PG_GETARG_DATUM(argno));

		if (VARATT_IS_EXTERNAL_EXPANDED_RW(p))
		{
			varatt_expanded ptr;
			SummaryState *s;

			/* DatumGetEOHP(), inline */
			memcpy(&ptr, VARDATA_EXTERNAL(p), sizeof(ptr));
			s = (SummaryState *) ptr.eohptr;

			if (s->hdr.eoh_methods == &SummaryStateMethods && s->kind == ops->kind &&
				s->flat == NULL)
				return s;
		}
	}
	return SummaryStateArgSlow(ops, fcinfo, argno);
}
extern Datum SummaryRollupStep(const SummaryStateOps *ops, FunctionCallInfo fcinfo, int sign);
extern Datum SummaryStateCombine(const SummaryStateOps *ops, FunctionCallInfo fcinfo);

#define SummaryStateDatum(s) EOHPGetRWDatum(&(s)->hdr)
extern bool SummaryParseSeconds(const char *s, int len, uint64 *out);

/* Names of entries. */
extern int	SummaryFindName(const char *const *names, const int *lens, int n,
							const char *name, int len);
extern void SummarySortNames(const char *const *names, const int *lens, int n, int *order);
extern void SummaryCheckNewName(const SummaryKind *k, const char *what, const char *name,
								int len, int count, int max_count);

/* Text form. */
extern JsonbContainer *SummaryTextRoot(const SummaryKind *k, const RulesDoc *doc, char *str,
									   const char *const *top_keys);
extern Jsonb *SummaryTextDocument(const SummaryKind *k, const RulesDoc *doc,
								  JsonbContainer *root);
extern SummaryBin *SummaryTextBins(const RulesDoc *doc, JsonbValue *v, const char *path,
								   const char *example, int *n);
extern void SummaryTextBegin(StringInfo buf, const SummaryKind *k);
extern void SummaryTextName(StringInfo buf, const char *name, int len);
extern void SummaryTextEnd(StringInfo buf, const SummaryKind *k, const Jsonb *doc, uint32 doc_len);

/* Binary form. */
extern void SummarySendBegin(StringInfo buf, const SummaryKind *k);
extern void SummarySendName(StringInfo buf, const char *name, int len);
extern void SummarySendDocument(StringInfo buf, const Jsonb *doc, uint32 doc_len);
pg_noreturn extern void SummaryBadBinary(const SummaryKind *k, const char *fmt,...)
			pg_attribute_printf(2, 3);
extern void SummaryRecvBegin(const SummaryKind *k, StringInfo msg);
extern int	SummaryRecvCount(const SummaryKind *k, StringInfo msg, int max, const char *what);
extern char *SummaryRecvName(const SummaryKind *k, StringInfo msg, int *len);
extern int64 SummaryRecvCounter(const SummaryKind *k, StringInfo msg);
extern Jsonb *SummaryRecvDocument(const SummaryKind *k, StringInfo msg);
extern void SummaryRecvEnd(const SummaryKind *k, StringInfo msg);

/*
 * Per-query cache (fn_extra) of a function that reads summaries: the parsed
 * document last seen and the blessed row type of a composite result.
 */
typedef struct SummaryCache
{
	RulesCache	doc;
	TupleDesc	tupdesc;
} SummaryCache;

extern SummaryCache *SummaryCacheGet(FunctionCallInfo fcinfo);
extern const void *SummaryCachedDocument(FunctionCallInfo fcinfo, const SummaryKind *k,
										 struct varlena *doc);
extern TupleDesc SummaryResultDesc(FunctionCallInfo fcinfo, const char *type_name);

#endif
