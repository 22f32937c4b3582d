/*
 * capacity_rules.c
 *		Effective capacity (DESIGN 2): the rules document, its defaults and
 *		its validation.  Both the summary (capacity_summary.c), which may
 *		carry a rules document, and the scoring (capacity.c) read rules
 *		through here.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "capacity.h"

PG_FUNCTION_INFO_V1(default_capacity_rules);
PG_FUNCTION_INFO_V1(validate_capacity_rules);

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
			RulesError(doc, RulesPathMember(ipath, "below"), "is missing");
		at[i].tier.below = RulesRateThreshold(doc, &f, RulesPathMember(ipath, "below"));
		if (!RulesGet(tier, "deduct", &f))
			RulesError(doc, RulesPathMember(ipath, "deduct"), "is missing");
		at[i].tier.deduct = RulesUnitInterval(doc, &f, RulesPathMember(ipath, "deduct"));
		at[i].pos = i;
	}
	qsort(at, n, sizeof(TierAt), TierAtCmp);
	for (int i = 0; i < n; i++)
	{
		if (i > 0 && RulesFractionCmp(at[i - 1].tier.below, at[i].tier.below) == 0)
			RulesError(doc, RulesPathMember(RulesPathIndex(path, at[i].pos), "below"),
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
const CapacityRules *
CapacityDefaultRules(void)
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
	ParseRules(doc, CapacityDefaultRules(), out);
}

/* CapacityRulesParse as a RulesParseFn, for RulesCacheGet. */
void
CapacityRulesParseInto(Jsonb *doc, void *out)
{
	CapacityRulesParse(doc, out);
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
