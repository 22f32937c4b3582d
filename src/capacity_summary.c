/*
 * capacity_summary.c
 *		The effcap.capacity_summary type: its text and binary forms and the
 *		aggregate support functions that build, combine, un-add and roll up
 *		summaries.
 *
 * The state is a real SQL type rather than "internal" so that partial
 * aggregation can be pushed to distributed workers (which ship states as
 * text), stored in materialized views and merged later (DESIGN 1.2).  The
 * transition functions update the state in place when called as an
 * aggregate, so a summary costs no more than an internal state would.
 */
#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "capacity.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(capacity_summary_in);
PG_FUNCTION_INFO_V1(capacity_summary_out);
PG_FUNCTION_INFO_V1(capacity_summary_recv);
PG_FUNCTION_INFO_V1(capacity_summary_send);
PG_FUNCTION_INFO_V1(capacity_trans);
PG_FUNCTION_INFO_V1(capacity_trans_rules);
PG_FUNCTION_INFO_V1(capacity_inv);
PG_FUNCTION_INFO_V1(capacity_combine);
PG_FUNCTION_INFO_V1(capacity_subtract);

const char *const CapCounterNames[CAP_NCOUNTERS + 1] = {
	"valid", "invalid", "dissatisfied", "repeat_valid", "repeat_invalid", NULL
};

/* Argument positions of the transition functions. */
#define ARG_STATE 0
#define ARG_WORK_TYPE 1
#define ARG_DISSATISFIED 2
#define ARG_INVALID 3
#define ARG_REPEAT 4
#define ARG_SALE_TIER 5
#define ARG_RULES 6

const SummaryKind CapacitySummaryKind = {
	"capacity_summary", CAP_SUMMARY_VERSION, CAP_MAX_NAME_LEN, "rules",
	CapacityRulesParseInto, sizeof(CapacityRules)
};

static const RulesDoc SummaryTextDoc = {
	"input syntax for type capacity_summary", ERRCODE_INVALID_TEXT_REPRESENTATION
};

/*
 * An unpacked summary, for the rare operations that change its shape: a new
 * name, a merge, text or binary input.  Names point into their sources.
 */
typedef struct CapBuilder
{
	int			ntypes;
	const char *type_name[CAP_MAX_NAMES];
	int			type_len[CAP_MAX_NAMES];
	int64		type_count[CAP_MAX_NAMES][CAP_NCOUNTERS];
	int			ntiers;
	const char *tier_name[CAP_MAX_NAMES];
	int			tier_len[CAP_MAX_NAMES];
	int64		tier_sales[CAP_MAX_NAMES];
	Jsonb	   *rules;			/* 4-byte-header jsonb, or NULL */
} CapBuilder;

static const char *CounterProblem(const int64 *c);
static void CheckSales(const CapacitySummary *s, int errc, const char *msg);

/* Check the header and every offset of a summary of the given size. */
void
CapSummaryCheck(const CapacitySummary *s, Size size, bool full)
{
	const CapWorkType *types;
	const CapSaleTier *tiers;

	if (size < sizeof(CapacitySummary) ||
		s->version != CAP_SUMMARY_VERSION || s->flags != 0 ||
		s->reserved != 0 || s->reserved2 != 0 ||
		s->ntypes > CAP_MAX_NAMES || s->ntiers > CAP_MAX_NAMES ||
		CAP_SIZE(s->ntypes, s->ntiers, s->rules_len, s->names_len) != size)
		SummaryCorrupt(&CapacitySummaryKind, NULL);
	SummaryCheckDoc(&CapacitySummaryKind, CAP_RULES_AREA(s), s->rules_len, full);
	if (!full)
		return;
	types = CAP_TYPES(s);
	tiers = CAP_TIERS(s);
	for (int i = 0; i < s->ntypes; i++)
	{
		SummaryCheckName(&CapacitySummaryKind, CAP_NAMES(s), types[i].name_off, types[i].name_len, s->names_len);
		{
			const char *problem = CounterProblem(types[i].count);

			if (problem)
				SummaryCorrupt(&CapacitySummaryKind, problem);
		}
		if (i > 0)
			SummaryCheckNameOrder(&CapacitySummaryKind, CAP_NAMES(s), types[i - 1].name_off,
								  types[i - 1].name_len, types[i].name_off, types[i].name_len);
	}
	for (int i = 0; i < s->ntiers; i++)
	{
		SummaryCheckName(&CapacitySummaryKind, CAP_NAMES(s), tiers[i].name_off, tiers[i].name_len, s->names_len);
		if (tiers[i].sales < 0)
			SummaryCorrupt(&CapacitySummaryKind, "a counter is negative");
		if (i > 0)
			SummaryCheckNameOrder(&CapacitySummaryKind, CAP_NAMES(s), tiers[i - 1].name_off,
								  tiers[i - 1].name_len, tiers[i].name_off, tiers[i].name_len);
	}
	CheckSales(s, ERRCODE_DATA_CORRUPTED, "corrupt capacity_summary value");
}

/* A readable summary from a datum: detoasted (copied if it had to be). */
CapacitySummary *
CapSummaryFromDatum(Datum d)
{
	CapacitySummary *s = (CapacitySummary *) PG_DETOAST_DATUM(d);

	CapSummaryCheck(s, VARSIZE(s), true);
	return s;
}

/* Index of the work type with this name, or -1. */
static inline int
CapFindType(const CapacitySummary *s, const char *name, int len)
{
	const CapWorkType *t = CAP_TYPES(s);
	const char *names = CAP_NAMES(s);

	for (int i = 0; i < s->ntypes; i++)
		if (t[i].name_len == (uint32) len && memcmp(names + t[i].name_off, name, len) == 0)
			return i;
	return -1;
}

/* Index of the sale tier with this name, or -1. */
static inline int
CapFindTier(const CapacitySummary *s, const char *name, int len)
{
	const CapSaleTier *t = CAP_TIERS(s);
	const char *names = CAP_NAMES(s);

	for (int i = 0; i < s->ntiers; i++)
		if (t[i].name_len == (uint32) len && memcmp(names + t[i].name_off, name, len) == 0)
			return i;
	return -1;
}

/* Add a work type to a builder (the name must be new); its index. */
static int
BuilderAddType(CapBuilder *b, const char *name, int len)
{
	SummaryCheckNewName(&CapacitySummaryKind, "work type", name, len, b->ntypes, CAP_MAX_NAMES);
	b->type_name[b->ntypes] = name;
	b->type_len[b->ntypes] = len;
	memset(b->type_count[b->ntypes], 0, sizeof(b->type_count[0]));
	return b->ntypes++;
}

/* Add a sale tier to a builder (the name must be new); its index. */
static int
BuilderAddTier(CapBuilder *b, const char *name, int len)
{
	SummaryCheckNewName(&CapacitySummaryKind, "sale tier", name, len, b->ntiers, CAP_MAX_NAMES);
	b->tier_name[b->ntiers] = name;
	b->tier_len[b->ntiers] = len;
	b->tier_sales[b->ntiers] = 0;
	return b->ntiers++;
}

/* Unpack a summary into a builder. */
static void
BuilderLoad(CapBuilder *b, const CapacitySummary *s)
{
	const CapWorkType *t = CAP_TYPES(s);
	const CapSaleTier *st = CAP_TIERS(s);
	const char *names = CAP_NAMES(s);

	b->ntypes = s->ntypes;
	for (int i = 0; i < s->ntypes; i++)
	{
		b->type_name[i] = names + t[i].name_off;
		b->type_len[i] = t[i].name_len;
		memcpy(b->type_count[i], t[i].count, sizeof(t[i].count));
	}
	b->ntiers = s->ntiers;
	for (int i = 0; i < s->ntiers; i++)
	{
		b->tier_name[i] = names + st[i].name_off;
		b->tier_len[i] = st[i].name_len;
		b->tier_sales[i] = st[i].sales;
	}
	b->rules = CAP_RULES(s);
}

/* Whether a work type (k < ntypes) or sale tier entry of a builder counts nothing. */
static bool
BuilderEntryEmpty(const CapBuilder *b, bool tier, int k)
{
	if (tier)
		return b->tier_sales[k] == 0;
	for (int c = 0; c < CAP_NCOUNTERS; c++)
		if (b->type_count[k][c] != 0)
			return false;
	return true;
}

/*
 * Pack a builder into a new summary, entries sorted by name.  With
 * drop_empty, entries that count nothing are left out, so that equal
 * contents always have equal bytes.
 */
static CapacitySummary *
BuilderPack(const CapBuilder *b, bool drop_empty)
{
	int			torder[CAP_MAX_NAMES];
	int			sorder[CAP_MAX_NAMES];
	uint32		rules_len = b->rules ? VARSIZE(b->rules) : 0;
	uint32		names_len = 0;
	Size		size;
	CapacitySummary *s;
	CapWorkType *t;
	CapSaleTier *st;
	char	   *names;
	uint32		off = 0;
	int			ntypes = 0;
	int			ntiers = 0;

	SummarySortNames(b->type_name, b->type_len, b->ntypes, torder);
	SummarySortNames(b->tier_name, b->tier_len, b->ntiers, sorder);
	for (int i = 0; i < b->ntypes; i++)
		if (!drop_empty || !BuilderEntryEmpty(b, false, torder[i]))
		{
			torder[ntypes++] = torder[i];
			names_len += b->type_len[torder[i]];
		}
	for (int i = 0; i < b->ntiers; i++)
		if (!drop_empty || !BuilderEntryEmpty(b, true, sorder[i]))
		{
			sorder[ntiers++] = sorder[i];
			names_len += b->tier_len[sorder[i]];
		}
	size = CAP_SIZE(ntypes, ntiers, rules_len, names_len);
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = CAP_SUMMARY_VERSION;
	s->ntypes = ntypes;
	s->ntiers = ntiers;
	s->rules_len = rules_len;
	s->names_len = names_len;
	if (rules_len)
		memcpy(CAP_RULES_AREA(s), b->rules, rules_len);

	t = CAP_TYPES(s);
	st = CAP_TIERS(s);
	names = CAP_NAMES(s);
	for (int i = 0; i < ntypes; i++)
	{
		int			k = torder[i];

		memcpy(t[i].count, b->type_count[k], sizeof(t[i].count));
		t[i].name_off = off;
		t[i].name_len = b->type_len[k];
		memcpy(names + off, b->type_name[k], b->type_len[k]);
		off += b->type_len[k];
	}
	for (int i = 0; i < ntiers; i++)
	{
		int			k = sorder[i];

		st[i].sales = b->tier_sales[k];
		st[i].name_off = off;
		st[i].name_len = b->tier_len[k];
		memcpy(names + off, b->tier_name[k], b->tier_len[k]);
		off += b->tier_len[k];
	}
	return s;
}

/* An empty summary, carrying rules (a 4-byte-header jsonb) or not. */
static CapacitySummary *
CapNew(Jsonb *rules)
{
	CapBuilder	b;

	b.ntypes = 0;
	b.ntiers = 0;
	b.rules = rules;
	return BuilderPack(&b, false);
}

/* A copy of s with one more work type (or sale tier) name. */
static CapacitySummary *
CapWithName(const CapacitySummary *s, bool tier, const char *name, int len)
{
	CapBuilder	b;

	BuilderLoad(&b, s);
	if (tier)
		BuilderAddTier(&b, name, len);
	else
		BuilderAddType(&b, name, len);
	return BuilderPack(&b, false);
}

/*
 * After a removal: drop the entries that count nothing any more, so the
 * summary keeps its canonical form.  Usually there are none and s returns.
 */
static CapacitySummary *
CapCompact(CapacitySummary *s)
{
	CapBuilder	b;
	bool		empty = false;

	for (int i = 0; i < s->ntypes && !empty; i++)
	{
		const int64 *c = CAP_TYPES(s)[i].count;

		empty = c[CAP_VALID] == 0 && c[CAP_INVALID] == 0;
	}
	for (int i = 0; i < s->ntiers && !empty; i++)
		empty = CAP_TIERS(s)[i].sales == 0;
	if (!empty)
		return s;
	BuilderLoad(&b, s);
	return BuilderPack(&b, true);
}

/*
 * The rules argument, validated once per distinct value per query (the
 * cache in fn_extra keeps the last one); the returned copy is the cache's.
 */
static Jsonb *
ValidatedRules(FunctionCallInfo fcinfo)
{
	SummaryCachedDocument(fcinfo, &CapacitySummaryKind,
						  PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(ARG_RULES)));
	return SummaryCacheGet(fcinfo)->doc.doc;
}

/* a += sign * b, with overflow and underflow checks. */
static void
AddCount(int64 *a, int64 b, int sign)
{
	bool		bad;

	if (sign > 0)
		bad = pg_add_s64_overflow(*a, b, a);
	else
		bad = pg_sub_s64_overflow(*a, b, a) || *a < 0;
	if (bad)
		ereport(ERROR,
				(errcode(sign > 0 ? ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE : ERRCODE_DATA_EXCEPTION),
				 sign > 0 ? errmsg("capacity summary counter out of range") :
				 errmsg("cannot subtract a capacity summary that is not part of the other")));
}

/* What is impossible about one work type's counters, or NULL. */
static const char *
CounterProblem(const int64 *c)
{
	for (int k = 0; k < CAP_NCOUNTERS; k++)
		if (c[k] < 0)
			return "a counter is negative";
	if (c[CAP_DISSATISFIED] > c[CAP_VALID])
		return "dissatisfied exceeds valid";
	if (c[CAP_REPEAT_VALID] > c[CAP_VALID])
		return "repeat_valid exceeds valid";
	if (c[CAP_REPEAT_INVALID] > c[CAP_INVALID])
		return "repeat_invalid exceeds invalid";
	return NULL;
}

/* Check the relations between one work type's counters. */
static void
CheckCounters(const int64 *c, const char *name, int len, int errc, const char *kind)
{
	const char *problem = CounterProblem(c);

	if (problem)
		ereport(ERROR,
				(errcode(errc),
				 errmsg("invalid %s: work type \"%.*s\": %s", kind, len, name, problem)));
}

/* Sales are made on valid contacts: no more sales than valid contacts. */
static void
CheckSales(const CapacitySummary *s, int errc, const char *msg)
{
	int128		valid = 0,
				sales = 0;

	for (int i = 0; i < s->ntypes; i++)
		valid += CAP_TYPES(s)[i].count[CAP_VALID];
	for (int i = 0; i < s->ntiers; i++)
		sales += CAP_TIERS(s)[i].sales;
	if (sales > valid)
		ereport(ERROR,
				(errcode(errc),
				 errmsg("%s", msg),
				 errdetail("It has more sales than valid contacts.")));
}

/*
 * The state a row is counted into: ours in place when the aggregate owns it
 * (it was fully checked when it entered), else a checked copy; a new one,
 * carrying the validated rules, for the first counted row.  *skip says the
 * row has no work type and no state exists yet: the caller returns NULL.
 */
static CapacitySummary *
CapStateFor(FunctionCallInfo fcinfo, int sign, bool with_rules, bool *skip)
{
	CapacitySummary *s = NULL;
	Jsonb	   *rules;

	*skip = false;
	if (with_rules && sign > 0 && PG_ARGISNULL(ARG_RULES))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("capacity rules must not be NULL"),
				 errhint("Pass effcap.default_capacity_rules() for the defaults.")));
	if (!PG_ARGISNULL(ARG_STATE))
	{
		Datum		d = PG_GETARG_DATUM(ARG_STATE);

		if (AggCheckCallContext(fcinfo, NULL) && !VARATT_IS_EXTENDED(DatumGetPointer(d)))
		{
			s = (CapacitySummary *) DatumGetPointer(d);
			CapSummaryCheck(s, VARSIZE(s), false);
		}
		else
		{
			CapacitySummary *copy;

			s = CapSummaryFromDatum(d);
			copy = palloc(VARSIZE(s));
			memcpy(copy, s, VARSIZE(s));
			s = copy;
		}
	}

	/* The rules are validated once, and must not change within the group. */
	if (with_rules && sign > 0 && s != NULL &&
		!JsonbSameValue(PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(ARG_RULES)), CAP_RULES(s)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("capacity rules must be the same for every row of a group")));
	if (s != NULL)
		return s;
	/* The rules are validated even when the row is skipped. */
	rules = (with_rules && sign > 0) ? ValidatedRules(fcinfo) : NULL;

	/*
	 * A row without a work type is skipped: the state stays NULL, except in
	 * a window, where a moving aggregate may not return NULL.
	 */
	if (PG_ARGISNULL(ARG_WORK_TYPE) && AggCheckCallContext(fcinfo, NULL) != AGG_CONTEXT_WINDOW)
	{
		*skip = true;
		return NULL;
	}
	if (sign < 0 && !PG_ARGISNULL(ARG_WORK_TYPE))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("cannot remove a contact from an empty capacity summary")));
	return CapNew(rules);
}

/* Count (sign 1) or uncount (-1) a contact of work type wt; the summary, maybe rebuilt. */
static CapacitySummary *
CapCountContact(FunctionCallInfo fcinfo, CapacitySummary *s, text *wt, bool invalid, int sign)
{
	bool		dissatisfied = !PG_ARGISNULL(ARG_DISSATISFIED) && PG_GETARG_BOOL(ARG_DISSATISFIED);
	bool		repeat = !PG_ARGISNULL(ARG_REPEAT) && PG_GETARG_BOOL(ARG_REPEAT);
	int64		delta[CAP_NCOUNTERS] = {0};
	int			i = CapFindType(s, VARDATA_ANY(wt), VARSIZE_ANY_EXHDR(wt));
	CapWorkType *t;

	if (i < 0)
	{
		if (sign < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot remove a contact of work type \"%.*s\": the summary has none",
							(int) VARSIZE_ANY_EXHDR(wt), VARDATA_ANY(wt))));
		s = CapWithName(s, false, VARDATA_ANY(wt), VARSIZE_ANY_EXHDR(wt));
		i = CapFindType(s, VARDATA_ANY(wt), VARSIZE_ANY_EXHDR(wt));
	}
	t = &CAP_TYPES(s)[i];
	delta[invalid ? CAP_INVALID : CAP_VALID] = sign;
	if (dissatisfied && !invalid)
		delta[CAP_DISSATISFIED] = sign;
	if (repeat)
		delta[invalid ? CAP_REPEAT_INVALID : CAP_REPEAT_VALID] = sign;
	for (int c = 0; c < CAP_NCOUNTERS; c++)
		AddCount(&t->count[c], delta[c], 1);
	if (sign < 0 && CounterProblem(t->count) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("cannot remove a contact the capacity summary does not hold")));
	return s;
}

/* Count (or uncount) a sale of a tier; the summary, maybe rebuilt. */
static CapacitySummary *
CapCountSale(CapacitySummary *s, text *tier, int sign)
{
	int			i = CapFindTier(s, VARDATA_ANY(tier), VARSIZE_ANY_EXHDR(tier));

	if (i < 0)
	{
		if (sign < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot remove a sale of tier \"%.*s\": the summary has none",
							(int) VARSIZE_ANY_EXHDR(tier), VARDATA_ANY(tier))));
		s = CapWithName(s, true, VARDATA_ANY(tier), VARSIZE_ANY_EXHDR(tier));
		i = CapFindTier(s, VARDATA_ANY(tier), VARSIZE_ANY_EXHDR(tier));
	}
	AddCount(&CAP_TIERS(s)[i].sales, sign, 1);
	if (CAP_TIERS(s)[i].sales < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("cannot remove a sale the capacity summary does not hold")));
	return s;
}

/*
 * Add (sign 1) or remove (sign -1) one contact: the body of the forward and
 * inverse transition functions, with or without a rules argument.
 */
static Datum
CapAddContact(FunctionCallInfo fcinfo, int sign, bool with_rules)
{
	bool		skip;
	CapacitySummary *s = CapStateFor(fcinfo, sign, with_rules, &skip);
	bool		invalid;

	if (skip)
		PG_RETURN_NULL();
	if (PG_ARGISNULL(ARG_WORK_TYPE))
		PG_RETURN_POINTER(s);
	invalid = !PG_ARGISNULL(ARG_INVALID) && PG_GETARG_BOOL(ARG_INVALID);
	s = CapCountContact(fcinfo, s, PG_GETARG_TEXT_PP(ARG_WORK_TYPE), invalid, sign);
	/* Sales count on valid contacts only: invalid ones earn no bonus. */
	if (!invalid && !PG_ARGISNULL(ARG_SALE_TIER))
		s = CapCountSale(s, PG_GETARG_TEXT_PP(ARG_SALE_TIER), sign);
	if (sign < 0)
	{
		CheckSales(s, ERRCODE_DATA_EXCEPTION, "cannot remove a contact the capacity summary does not hold");
		s = CapCompact(s);
	}
	PG_RETURN_POINTER(s);
}

/* Transition: add one contact (default rules applied at the end). */
Datum
capacity_trans(PG_FUNCTION_ARGS)
{
	return CapAddContact(fcinfo, 1, false);
}

/* Transition: add one contact, carrying the rules argument in the state. */
Datum
capacity_trans_rules(PG_FUNCTION_ARGS)
{
	return CapAddContact(fcinfo, 1, PG_NARGS() > ARG_RULES);
}

/* Inverse transition: remove one contact (moving-aggregate mode). */
Datum
capacity_inv(PG_FUNCTION_ARGS)
{
	return CapAddContact(fcinfo, -1, false);
}

/* Whether two summaries carry the same rules (equal as jsonb), or both none. */
static void
CheckRulesMatch(const CapacitySummary *a, const CapacitySummary *b)
{
	if ((a->rules_len == 0) != (b->rules_len == 0) ||
		(a->rules_len != 0 && !JsonbSameValue((struct varlena *) CAP_RULES(a), CAP_RULES(b))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine capacity summaries that carry different rules")));
}

/*
 * a + sign * b.  In place when we own a and it already has every name of b;
 * otherwise a new summary.
 */
static CapacitySummary *
CapMerge(FunctionCallInfo fcinfo, int sign)
{
	Datum		da = PG_GETARG_DATUM(0);
	CapacitySummary *a = CapSummaryFromDatum(da);
	CapacitySummary *b = CapSummaryFromDatum(PG_GETARG_DATUM(1));
	bool		own = AggCheckCallContext(fcinfo, NULL) && (Pointer) a == DatumGetPointer(da);
	const char *bnames = CAP_NAMES(b);
	int			tmap[CAP_MAX_NAMES];
	int			smap[CAP_MAX_NAMES];
	bool		fits = true;

	CheckRulesMatch(a, b);
	for (int i = 0; i < b->ntypes; i++)
	{
		tmap[i] = CapFindType(a, bnames + CAP_TYPES(b)[i].name_off, CAP_TYPES(b)[i].name_len);
		fits &= tmap[i] >= 0;
	}
	for (int i = 0; i < b->ntiers; i++)
	{
		smap[i] = CapFindTier(a, bnames + CAP_TIERS(b)[i].name_off, CAP_TIERS(b)[i].name_len);
		fits &= smap[i] >= 0;
	}

	if (!fits)
	{
		CapBuilder	bld;

		if (sign < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot subtract a capacity summary that is not part of the other"),
					 errdetail("It has a work type or sale tier the other lacks.")));
		BuilderLoad(&bld, a);
		for (int i = 0; i < b->ntypes; i++)
		{
			const CapWorkType *bt = &CAP_TYPES(b)[i];
			int			k = SummaryFindName(bld.type_name, bld.type_len, bld.ntypes,
										bnames + bt->name_off, bt->name_len);

			if (k < 0)
				k = BuilderAddType(&bld, bnames + bt->name_off, bt->name_len);
			for (int c = 0; c < CAP_NCOUNTERS; c++)
				AddCount(&bld.type_count[k][c], bt->count[c], 1);
		}
		for (int i = 0; i < b->ntiers; i++)
		{
			const CapSaleTier *bs = &CAP_TIERS(b)[i];
			int			k = SummaryFindName(bld.tier_name, bld.tier_len, bld.ntiers,
										bnames + bs->name_off, bs->name_len);

			if (k < 0)
				k = BuilderAddTier(&bld, bnames + bs->name_off, bs->name_len);
			AddCount(&bld.tier_sales[k], bs->sales, 1);
		}
		return BuilderPack(&bld, true);
	}

	if (!own)
	{
		CapacitySummary *copy = palloc(VARSIZE(a));

		memcpy(copy, a, VARSIZE(a));
		a = copy;
	}
	for (int i = 0; i < b->ntypes; i++)
		for (int c = 0; c < CAP_NCOUNTERS; c++)
			AddCount(&CAP_TYPES(a)[tmap[i]].count[c], CAP_TYPES(b)[i].count[c], sign);
	for (int i = 0; i < b->ntiers; i++)
		AddCount(&CAP_TIERS(a)[smap[i]].sales, CAP_TIERS(b)[i].sales, sign);
	if (sign < 0)
	{
		/* What is left must still be a possible summary. */
		for (int i = 0; i < a->ntypes; i++)
			if (CounterProblem(CAP_TYPES(a)[i].count) != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_EXCEPTION),
						 errmsg("cannot subtract a capacity summary that is not part of the other")));
		CheckSales(a, ERRCODE_DATA_EXCEPTION,
				   "cannot subtract a capacity summary that is not part of the other");
		a = CapCompact(a);
	}
	return a;
}

/* Combine two partial summaries (also rollup's transition). */
Datum
capacity_combine(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(CapMerge(fcinfo, 1));
}

/* Remove a summary from a total (rollup's inverse transition). */
Datum
capacity_subtract(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(CapMerge(fcinfo, -1));
}

/*
 * Text form: a JSON object, readable and castable to jsonb.
 *   {"version": 1, "work_types": {"inbound": {"valid": 40, ...}},
 *    "sale_tiers": {"A": 2}, "rules": {...}}
 */
Datum
capacity_summary_out(PG_FUNCTION_ARGS)
{
	CapacitySummary *s = CapSummaryFromDatum(PG_GETARG_DATUM(0));
	const char *names = CAP_NAMES(s);
	StringInfoData buf;

	SummaryTextBegin(&buf, &CapacitySummaryKind);
	appendStringInfoString(&buf, ", \"work_types\": {");
	for (int i = 0; i < s->ntypes; i++)
	{
		const CapWorkType *t = &CAP_TYPES(s)[i];

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		SummaryTextName(&buf, names + t->name_off, t->name_len);
		appendStringInfoString(&buf, ": {");
		for (int c = 0; c < CAP_NCOUNTERS; c++)
			appendStringInfo(&buf, "%s\"%s\": " INT64_FORMAT, c ? ", " : "",
							 CapCounterNames[c], t->count[c]);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "}, \"sale_tiers\": {");
	for (int i = 0; i < s->ntiers; i++)
	{
		const CapSaleTier *t = &CAP_TIERS(s)[i];

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		SummaryTextName(&buf, names + t->name_off, t->name_len);
		appendStringInfo(&buf, ": " INT64_FORMAT, t->sales);
	}
	appendStringInfoChar(&buf, '}');
	SummaryTextEnd(&buf, &CapacitySummaryKind, CAP_RULES(s), s->rules_len);
	PG_RETURN_CSTRING(buf.data);
}

Datum
capacity_summary_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	static const char *const top_keys[] = {"version", "work_types", "sale_tiers", "rules", NULL};
	const RulesDoc *doc = &SummaryTextDoc;
	JsonbContainer *root = SummaryTextRoot(&CapacitySummaryKind, doc, str, top_keys);
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	CapBuilder	b = {0};

	if (!RulesGet(root, "work_types", &v))
		RulesError(doc, "work_types", "is missing");
	it = JsonbIteratorInit(RulesObject(doc, &v, "work_types"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *name;
		int			len;
		char	   *path;
		JsonbContainer *counts;
		int			k;

		if (tok != WJB_KEY)
			continue;
		name = v.val.string.val;
		len = v.val.string.len;
		path = RulesPathKey("work_types", name, len);
		k = BuilderAddType(&b, name, len);
		tok = JsonbIteratorNext(&it, &v, true);
		counts = RulesObject(doc, &v, path);
		RulesCheckKeys(doc, counts, path, CapCounterNames);
		for (int c = 0; c < CAP_NCOUNTERS; c++)
		{
			char	   *cpath = RulesPathMember(path, CapCounterNames[c]);
			JsonbValue	cv;

			if (!RulesGet(counts, CapCounterNames[c], &cv))
				RulesError(doc, cpath, "is missing");
			b.type_count[k][c] = RulesCount(doc, &cv, cpath);
		}
		CheckCounters(b.type_count[k], name, len, doc->errcode, doc->kind);
	}

	if (!RulesGet(root, "sale_tiers", &v))
		RulesError(doc, "sale_tiers", "is missing");
	it = JsonbIteratorInit(RulesObject(doc, &v, "sale_tiers"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *name;
		int			len;
		int			k;

		if (tok != WJB_KEY)
			continue;
		name = v.val.string.val;
		len = v.val.string.len;
		k = BuilderAddTier(&b, name, len);
		tok = JsonbIteratorNext(&it, &v, true);
		b.tier_sales[k] = RulesCount(doc, &v, RulesPathKey("sale_tiers", name, len));
	}

	b.rules = SummaryTextDocument(&CapacitySummaryKind, doc, root);
	{
		CapacitySummary *result = BuilderPack(&b, true);

		CheckSales(result, ERRCODE_INVALID_TEXT_REPRESENTATION,
				   "invalid input syntax for type capacity_summary");
		PG_RETURN_POINTER(result);
	}
}

/* Binary form: version, flags, then counted names and int64 counters. */
Datum
capacity_summary_send(PG_FUNCTION_ARGS)
{
	CapacitySummary *s = CapSummaryFromDatum(PG_GETARG_DATUM(0));
	const char *names = CAP_NAMES(s);
	StringInfoData buf;

	SummarySendBegin(&buf, &CapacitySummaryKind);
	pq_sendint32(&buf, s->ntypes);
	for (int i = 0; i < s->ntypes; i++)
	{
		const CapWorkType *t = &CAP_TYPES(s)[i];

		SummarySendName(&buf, names + t->name_off, t->name_len);
		for (int c = 0; c < CAP_NCOUNTERS; c++)
			pq_sendint64(&buf, t->count[c]);
	}
	pq_sendint32(&buf, s->ntiers);
	for (int i = 0; i < s->ntiers; i++)
	{
		const CapSaleTier *t = &CAP_TIERS(s)[i];

		SummarySendName(&buf, names + t->name_off, t->name_len);
		pq_sendint64(&buf, t->sales);
	}
	SummarySendDocument(&buf, CAP_RULES(s), s->rules_len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Refuse a name given twice. */
static void
RecvCheckNew(const char *const *names, const int *lens, int n,
			 const char *name, int len)
{
	if (SummaryFindName(names, lens, n, name, len) >= 0)
		SummaryBadBinary(&CapacitySummaryKind, "duplicate name \"%.*s\"", len, name);
}

Datum
capacity_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	const SummaryKind *kind = &CapacitySummaryKind;
	CapBuilder	b = {0};
	int			n;
	int			len;

	SummaryRecvBegin(kind, msg);
	n = SummaryRecvCount(kind, msg, CAP_MAX_NAMES, "names");
	for (int i = 0; i < n; i++)
	{
		char	   *name = SummaryRecvName(kind, msg, &len);
		int			k;

		RecvCheckNew(b.type_name, b.type_len, b.ntypes, name, len);
		k = BuilderAddType(&b, name, len);
		for (int c = 0; c < CAP_NCOUNTERS; c++)
			b.type_count[k][c] = SummaryRecvCounter(kind, msg);
		CheckCounters(b.type_count[k], name, len, ERRCODE_INVALID_BINARY_REPRESENTATION,
					  "binary capacity_summary");
	}
	n = SummaryRecvCount(kind, msg, CAP_MAX_NAMES, "names");
	for (int i = 0; i < n; i++)
	{
		char	   *name = SummaryRecvName(kind, msg, &len);
		int			k;

		RecvCheckNew(b.tier_name, b.tier_len, b.ntiers, name, len);
		k = BuilderAddTier(&b, name, len);
		b.tier_sales[k] = SummaryRecvCounter(kind, msg);
	}
	b.rules = SummaryRecvDocument(kind, msg);
	SummaryRecvEnd(kind, msg);
	{
		CapacitySummary *result = BuilderPack(&b, true);

		CheckSales(result, ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid binary capacity_summary");
		PG_RETURN_POINTER(result);
	}
}
