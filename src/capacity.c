/*
 * capacity.c
 *		Effective capacity (DESIGN 2): the rules document and the scoring of a
 *		capacity summary against it.
 *
 * Seed 000 turns four modules into one unit of "volume": contacts weighted by
 * work type, minus quality and repeat-contact deductions, plus sales bonuses,
 * against a daily target.  Scoring runs once per group, on the integer
 * counters of a summary; the rules are parsed once per query.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "capacity.h"

PG_FUNCTION_INFO_V1(default_capacity_rules);
PG_FUNCTION_INFO_V1(validate_capacity_rules);
PG_FUNCTION_INFO_V1(capacity_final);
PG_FUNCTION_INFO_V1(capacity_score);

/* The shipped defaults: the single source for SQL and for the aggregates. */
static const char DefaultCapacityRules[] =
"{\"weights\": {\"inbound\": 1.0, \"outbound\": 0.5, \"complaint\": 1.5, \"ticket\": 0.8},"
" \"dissatisfied_penalty\": 1.0, \"repeat_penalty\": 0.5,"
" \"quality_tiers\": [{\"below\": 0.80, \"deduct\": 0.05}, {\"below\": 0.70, \"deduct\": 0.10},"
" {\"below\": 0.60, \"deduct\": 0.20}],"
" \"fcr_tiers\": [{\"below\": 0.75, \"deduct\": 0.05}, {\"below\": 0.70, \"deduct\": 0.10}],"
" \"sale_bonus\": {\"A\": 3.0, \"B\": 2.0, \"C\": 1.0},"
" \"target\": 60}";

static const RulesDoc CapacityRulesDoc = {
	"capacity rules", ERRCODE_INVALID_PARAMETER_VALUE
};

/* Result columns of effcap.capacity, in order. */
enum
{
	COL_CONTACTS, COL_VOLUME, COL_INVALID_VOLUME, COL_QUALITY_RATE,
	COL_QUALITY_DEDUCTION, COL_FCR_RATE, COL_EFFECTIVENESS_DEDUCTION, COL_SALES,
	COL_MARKETING_BONUS, COL_EFFECTIVE, COL_TARGET, COL_COMPLETION_RATE,
	NUM_CAPACITY_COLS
};

/* Parse a {name: number >= 0} object. */
static CapNamedValue *
ParseNamedValues(JsonbValue *v, const char *path, int *count)
{
	const RulesDoc *doc = &CapacityRulesDoc;
	JsonbContainer *obj = RulesObject(doc, v, path);
	int			n = JsonContainerSize(obj);
	CapNamedValue *out = palloc(sizeof(CapNamedValue) * Max(n, 1));
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbIteratorToken tok;
	JsonbValue	kv;
	int			i = 0;

	while ((tok = JsonbIteratorNext(&it, &kv, true)) != WJB_DONE)
	{
		if (tok != WJB_KEY)
			continue;
		out[i].name = kv.val.string.val;
		out[i].len = kv.val.string.len;
		tok = JsonbIteratorNext(&it, &kv, true);
		out[i].value = RulesNonNegative(doc, &kv,
										RulesPathKey(path, out[i].name, out[i].len));
		i++;
	}
	*count = i;
	return out;
}

typedef struct TierAt
{
	CapTier		tier;
	int			pos;			/* index in the document, for messages */
} TierAt;

static int
TierAtCmp(const void *a, const void *b)
{
	const TierAt *x = a;
	const TierAt *y = b;
	int			c = RulesFractionCmp(x->tier.below, y->tier.below);

	return c != 0 ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Parse a tier list, sorted ascending by threshold; equal thresholds are refused. */
static CapTier *
ParseTiers(JsonbValue *v, const char *path, int *count)
{
	static const char *const tier_keys[] = {"below", "deduct", NULL};
	const RulesDoc *doc = &CapacityRulesDoc;
	JsonbContainer *arr = RulesArray(doc, v, path);
	int			n = JsonContainerSize(arr);
	TierAt	   *at = palloc(sizeof(TierAt) * Max(n, 1));
	CapTier    *out = palloc(sizeof(CapTier) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		char	   *ipath = RulesPathIndex(path, i);
		JsonbValue *elem = getIthJsonbValueFromContainer(arr, i);
		JsonbContainer *tier = RulesObject(doc, elem, ipath);
		JsonbValue	f;

		CHECK_FOR_INTERRUPTS();
		RulesCheckKeys(doc, tier, ipath, tier_keys);
		if (!RulesGet(tier, "below", &f))
			RulesError(doc, RulesPathKey(ipath, "below", 5), "is missing");
		at[i].tier.below = RulesRateThreshold(doc, &f, RulesPathKey(ipath, "below", 5));
		if (!RulesGet(tier, "deduct", &f))
			RulesError(doc, RulesPathKey(ipath, "deduct", 6), "is missing");
		at[i].tier.deduct = RulesUnitInterval(doc, &f, RulesPathKey(ipath, "deduct", 6));
		at[i].pos = i;
	}
	qsort(at, n, sizeof(TierAt), TierAtCmp);
	for (int i = 0; i < n; i++)
	{
		if (i > 0 && RulesFractionCmp(at[i - 1].tier.below, at[i].tier.below) == 0)
			RulesError(doc, RulesPathKey(RulesPathIndex(path, at[i].pos), "below", 5),
					   "repeats the threshold of %s", RulesPathIndex(path, at[i - 1].pos));
		out[i] = at[i].tier;
	}
	*count = n;
	return out;
}

/*
 * Parse and check a rules document.  Every top-level key is optional and
 * takes its default when absent; a key given replaces the default whole.
 */
static void
ParseRules(Jsonb *jb, const CapacityRules *defaults, CapacityRules *r)
{
	static const char *const keys[] = {
		"weights", "default_weight", "dissatisfied_penalty", "repeat_penalty",
		"quality_tiers", "fcr_tiers", "sale_bonus", "default_bonus", "target", NULL
	};
	const RulesDoc *doc = &CapacityRulesDoc;
	JsonbContainer *root = RulesRoot(doc, jb);
	JsonbValue	v;

	RulesCheckKeys(doc, root, NULL, keys);
	if (defaults)
		*r = *defaults;
	else
		memset(r, 0, sizeof(*r));

	if (RulesGet(root, "weights", &v))
		r->weights = ParseNamedValues(&v, "weights", &r->nweights);
	if (RulesGet(root, "default_weight", &v))
	{
		r->has_default_weight = true;
		r->default_weight = RulesNonNegative(doc, &v, "default_weight");
	}
	if (RulesGet(root, "dissatisfied_penalty", &v))
		r->dissatisfied_penalty = RulesNonNegative(doc, &v, "dissatisfied_penalty");
	if (RulesGet(root, "repeat_penalty", &v))
		r->repeat_penalty = RulesNonNegative(doc, &v, "repeat_penalty");
	if (RulesGet(root, "quality_tiers", &v))
		r->quality_tiers = ParseTiers(&v, "quality_tiers", &r->nquality_tiers);
	if (RulesGet(root, "fcr_tiers", &v))
		r->fcr_tiers = ParseTiers(&v, "fcr_tiers", &r->nfcr_tiers);
	if (RulesGet(root, "sale_bonus", &v))
		r->bonuses = ParseNamedValues(&v, "sale_bonus", &r->nbonuses);
	if (RulesGet(root, "default_bonus", &v))
	{
		r->has_default_bonus = true;
		r->default_bonus = RulesNonNegative(doc, &v, "default_bonus");
	}
	if (RulesGet(root, "target", &v))
		r->target = RulesPositive(doc, &v, "target");
}

static Jsonb *
DefaultRulesJsonb(void)
{
	return JsonbFromCString(DefaultCapacityRules);
}

/* The default rules, parsed once per backend. */
static const CapacityRules *
DefaultRules(void)
{
	static CapacityRules *defaults = NULL;

	if (defaults == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
		CapacityRules *r = palloc(sizeof(CapacityRules));

		ParseRules(DefaultRulesJsonb(), NULL, r);
		MemoryContextSwitchTo(old);
		defaults = r;
	}
	return defaults;
}

/* Parse a rules document over the defaults; errors name the JSON path. */
void
CapacityRulesParse(Jsonb *doc, CapacityRules *out)
{
	ParseRules(doc, DefaultRules(), out);
}

Datum
default_capacity_rules(PG_FUNCTION_ARGS)
{
	PG_RETURN_JSONB_P(DefaultRulesJsonb());
}

Datum
validate_capacity_rules(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	CapacityRules r;

	CapacityRulesParse(jb, &r);
	PG_RETURN_JSONB_P(jb);
}

/* Per-query cache of the parsed rules and the result row type. */
typedef struct ScoreCache
{
	TupleDesc	tupdesc;
	RulesCache	rules;
} ScoreCache;

static ScoreCache *
GetScoreCache(FunctionCallInfo fcinfo)
{
	ScoreCache *c = fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	tupdesc;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "effcap.capacity result type expected");
		c = palloc0(sizeof(ScoreCache));
		c->tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

static void
ParseRulesInto(Jsonb *doc, void *out)
{
	CapacityRulesParse(doc, out);
}

/* Rules for a jsonb (4-byte or short header), parsed once per distinct value. */
static const CapacityRules *
CachedRules(FunctionCallInfo fcinfo, ScoreCache *c, struct varlena *jb)
{
	return RulesCacheGet(&c->rules, fcinfo->flinfo->fn_mcxt, jb, sizeof(CapacityRules),
						 ParseRulesInto);
}

/* Weight (or bonus) of a name; unknown names fall back or raise an error. */
static double
LookupValue(const CapNamedValue *vals, int n, bool has_default, double dflt,
			const char *name, int len, const char *what, const char *key,
			const char *default_key)
{
	for (int i = 0; i < n; i++)
		if (vals[i].len == len && memcmp(vals[i].name, name, len) == 0)
			return vals[i].value;
	if (has_default)
		return dflt;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s \"%.*s\" is not in the capacity rules", what, len, name),
			 errhint("Add it to \"%s\", or set \"%s\".", key, default_key)));
	pg_unreachable();
}

/* Deduction share of the tier reached: the lowest threshold the rate is under. */
static double
TierDeduct(const CapTier *tiers, int n, int64 good, int64 total)
{
	for (int i = 0; i < n; i++)
		if (RulesRateBelow(good, total, tiers[i].below))
			return tiers[i].deduct;
	return 0.0;
}

static void
CountOutOfRange(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("capacity summary counts are out of range")));
}

/* Score a summary against rules: the effcap.capacity row, or NULL if empty. */
static Datum
Score(ScoreCache *cache, const CapacitySummary *s,
	  const CapacityRules *r)
{
	const char *names = CAP_NAMES(s);
	int64		contacts = 0,
				valid = 0,
				dissatisfied = 0,
				repeats = 0,
				sales = 0;
	double		base = 0,
				invalid_volume = 0,
				dissatisfied_volume = 0,
				repeat_volume = 0,
				bonus = 0,
				quality_deduction,
				effectiveness_deduction,
				effective,
				completion_rate;
	Datum		values[NUM_CAPACITY_COLS];
	bool		nulls[NUM_CAPACITY_COLS] = {0};

	for (int i = 0; i < s->ntypes; i++)
	{
		const CapWorkType *t = &CAP_TYPES(s)[i];
		const int64 *c = t->count;
		double		w;

		w = LookupValue(r->weights, r->nweights, r->has_default_weight,
						r->default_weight, names + t->name_off, t->name_len,
						"work type", "weights", "default_weight");
		if (pg_add_s64_overflow(contacts, c[CAP_VALID], &contacts) ||
			pg_add_s64_overflow(contacts, c[CAP_INVALID], &contacts) ||
			pg_add_s64_overflow(valid, c[CAP_VALID], &valid) ||
			pg_add_s64_overflow(dissatisfied, c[CAP_DISSATISFIED], &dissatisfied) ||
			pg_add_s64_overflow(repeats, c[CAP_REPEAT_VALID], &repeats) ||
			pg_add_s64_overflow(repeats, c[CAP_REPEAT_INVALID], &repeats))
			CountOutOfRange();
		base += w * c[CAP_VALID];
		invalid_volume += w * c[CAP_INVALID];
		dissatisfied_volume += w * c[CAP_DISSATISFIED];
		repeat_volume += w * c[CAP_REPEAT_VALID];
	}
	if (contacts == 0)
		return (Datum) 0;

	for (int i = 0; i < s->ntiers; i++)
	{
		const CapSaleTier *t = &CAP_TIERS(s)[i];

		bonus += t->sales * LookupValue(r->bonuses, r->nbonuses, r->has_default_bonus,
										r->default_bonus, names + t->name_off, t->name_len,
										"sale tier", "sale_bonus", "default_bonus");
		if (pg_add_s64_overflow(sales, t->sales, &sales))
			CountOutOfRange();
	}

	quality_deduction = r->dissatisfied_penalty * dissatisfied_volume +
		base * TierDeduct(r->quality_tiers, r->nquality_tiers, valid - dissatisfied, contacts);
	effectiveness_deduction = r->repeat_penalty * repeat_volume +
		base * TierDeduct(r->fcr_tiers, r->nfcr_tiers, contacts - repeats, contacts);
	effective = Max(0.0, base - quality_deduction - effectiveness_deduction) + bonus;
	completion_rate = effective / r->target;
	if (!isfinite(base) || !isfinite(invalid_volume) || !isfinite(quality_deduction) ||
		!isfinite(effectiveness_deduction) || !isfinite(bonus) || !isfinite(effective) ||
		!isfinite(completion_rate))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("effective capacity is out of range"),
				 errdetail("The weights, penalties, bonuses or target are too extreme for these counts.")));

	values[COL_CONTACTS] = Int64GetDatum(contacts);
	values[COL_VOLUME] = Float8GetDatum(base);
	values[COL_INVALID_VOLUME] = Float8GetDatum(invalid_volume);
	values[COL_QUALITY_RATE] = Float8GetDatum((double) (valid - dissatisfied) / contacts);
	values[COL_QUALITY_DEDUCTION] = Float8GetDatum(quality_deduction);
	values[COL_FCR_RATE] = Float8GetDatum((double) (contacts - repeats) / contacts);
	values[COL_EFFECTIVENESS_DEDUCTION] = Float8GetDatum(effectiveness_deduction);
	values[COL_SALES] = Int64GetDatum(sales);
	values[COL_MARKETING_BONUS] = Float8GetDatum(bonus);
	values[COL_EFFECTIVE] = Float8GetDatum(effective);
	values[COL_TARGET] = Float8GetDatum(r->target);
	values[COL_COMPLETION_RATE] = Float8GetDatum(completion_rate);
	return HeapTupleGetDatum(heap_form_tuple(cache->tupdesc, values, nulls));
}

/*
 * Final function, and effcap.effective_capacity(summary): score with the
 * rules the summary carries, or the defaults.
 */
Datum
capacity_final(PG_FUNCTION_ARGS)
{
	CapacitySummary *s;
	ScoreCache *cache;
	const CapacityRules *r;
	Datum		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = CapSummaryFromDatum(PG_GETARG_DATUM(0));
	cache = GetScoreCache(fcinfo);
	r = s->rules_len ? CachedRules(fcinfo, cache, (struct varlena *) CAP_RULES(s))
		: DefaultRules();
	result = Score(cache, s, r);
	if (result == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* effcap.effective_capacity(summary, rules): re-score a stored summary. */
Datum
capacity_score(PG_FUNCTION_ARGS)
{
	CapacitySummary *s;
	ScoreCache *cache;
	Datum		result;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("capacity rules must not be NULL"),
				 errhint("Pass effcap.default_capacity_rules() for the defaults.")));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = CapSummaryFromDatum(PG_GETARG_DATUM(0));
	cache = GetScoreCache(fcinfo);
	result = Score(cache, s,
				   CachedRules(fcinfo, cache, PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1))));
	if (result == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}
