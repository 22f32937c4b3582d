/*
 * capacity.c
 *		Effective capacity (DESIGN 2): the scoring of a capacity summary
 *		against its rules (capacity_rules.c).
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
#include "summary.h"

PG_FUNCTION_INFO_V1(capacity_final);
PG_FUNCTION_INFO_V1(capacity_score);

/* Result columns of effcap.capacity, in order. */
enum
{
	COL_CONTACTS, COL_VOLUME, COL_INVALID_VOLUME, COL_QUALITY_RATE,
	COL_QUALITY_DEDUCTION, COL_FCR_RATE, COL_EFFECTIVENESS_DEDUCTION, COL_SALES,
	COL_MARKETING_BONUS, COL_EFFECTIVE, COL_TARGET, COL_COMPLETION_RATE,
	NUM_CAPACITY_COLS
};

/* Rules for a jsonb (4-byte or short header), parsed once per distinct value. */
static const CapacityRules *
CachedRules(FunctionCallInfo fcinfo, struct varlena *jb)
{
	return SummaryCachedDocument(fcinfo, &CapacitySummaryKind, jb);
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
Score(TupleDesc tupdesc, const CapacitySummary *s,
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
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/*
 * Final function, and effcap.effective_capacity(summary): score with the
 * rules the summary carries, or the defaults.
 */
Datum
capacity_final(PG_FUNCTION_ARGS)
{
	CapacitySummary *s;
	const CapacityRules *r;
	Datum		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = CapSummaryFromDatum(PG_GETARG_DATUM(0));
	r = s->rules_len ? CachedRules(fcinfo, (struct varlena *) CAP_RULES(s))
		: CapacityDefaultRules();
	result = Score(SummaryResultDesc(fcinfo, "effcap.capacity"), s, r);
	if (result == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* effcap.effective_capacity(summary, rules): re-score a stored summary. */
Datum
capacity_score(PG_FUNCTION_ARGS)
{
	CapacitySummary *s;
	Datum		result;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("capacity rules must not be NULL"),
				 errhint("Pass effcap.default_capacity_rules() for the defaults.")));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = CapSummaryFromDatum(PG_GETARG_DATUM(0));
	result = Score(SummaryResultDesc(fcinfo, "effcap.capacity"), s,
				   CachedRules(fcinfo, PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1))));
	if (result == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}
