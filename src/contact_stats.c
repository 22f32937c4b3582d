/*
 * contact_stats.c
 *		Contact statistics (DESIGN 5): service level under every platform's
 *		policy, answer and abandon rates, ASA and AHT; CSAT, NPS and AHT
 *		compliance.
 *
 * Every state is a bigint[] (float8[] for weighted CSAT) of fixed layout, so
 * it is a real SQL type that can be stored, shipped as text and combined.
 * Seconds are kept as integer microseconds, so adding and removing a contact
 * are exact and the moving-aggregate mode needs no float arithmetic.  Every
 * support function checks the array it is handed: users can call them.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"

#include "contact_stats.h"
#include "counters.h"
#include "rules.h"

PG_FUNCTION_INFO_V1(contact_stats_trans);
PG_FUNCTION_INFO_V1(contact_stats_inv);
PG_FUNCTION_INFO_V1(service_level_trans);
PG_FUNCTION_INFO_V1(service_level_inv);
PG_FUNCTION_INFO_V1(contact_stats_combine);
PG_FUNCTION_INFO_V1(contact_stats_final);
PG_FUNCTION_INFO_V1(service_level_final);
PG_FUNCTION_INFO_V1(csat_trans);
PG_FUNCTION_INFO_V1(csat_inv);
PG_FUNCTION_INFO_V1(csat_final);
PG_FUNCTION_INFO_V1(csat_weighted_trans);
PG_FUNCTION_INFO_V1(csat_weighted_combine);
PG_FUNCTION_INFO_V1(csat_weighted_final);
PG_FUNCTION_INFO_V1(nps_trans);
PG_FUNCTION_INFO_V1(nps_inv);
PG_FUNCTION_INFO_V1(nps_final);
PG_FUNCTION_INFO_V1(aht_compliance_trans);
PG_FUNCTION_INFO_V1(aht_compliance_inv);
PG_FUNCTION_INFO_V1(aht_compliance_final);

pg_noinline void
SecondsError(double seconds, const char *what)
{
	if (isnan(seconds) || seconds < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a non-negative number of seconds, not %g", what, seconds)));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s is out of range: %.17g seconds (at most 1e12)", what, seconds)));
}

static const char *const PolicyNames[] = {
	"abandons_negative", "abandons_ignored", "abandons_positive", "handled_only", NULL
};

static const RulesDoc OptionsDoc = {"contact_stats options", ERRCODE_INVALID_PARAMETER_VALUE};

/*
 * A threshold in whole microseconds, the resolution the states keep.  A
 * finer threshold is refused rather than rounded: waits are compared with
 * the threshold as given, and a rounded threshold would count a wait of
 * 20.0000002 s as over a threshold given as 20.0000004 s.
 */
int64
ThresholdMicros(double seconds, const char *what)
{
	int64		us = Micros(seconds, what);

	if ((double) us / USECS != seconds)
	{
		char		given[DOUBLE_SHORTEST_DECIMAL_LEN],
					rounded[DOUBLE_SHORTEST_DECIMAL_LEN];

		double_to_shortest_decimal_buf(seconds, given);
		double_to_shortest_decimal_buf((double) us / USECS, rounded);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a whole number of microseconds, not %s", what, given),
				 errhint("Thresholds are kept to the microsecond: give %s, for example.", rounded)));
	}
	return us;
}

/* Check the option values held in a contact_stats state. */
static void
CheckStateOptions(const int64 *s)
{
	if (s[CS_VERSION] != STATE_VERSION || s[CS_THRESHOLD] < 0 || s[CS_SHORT] < 0 ||
		s[CS_POLICY] < 0 || s[CS_POLICY] > HANDLED_ONLY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid contact_stats state")));
	for (int i = CS_ANSWERED; i < CS_LEN; i++)
		if (s[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid contact_stats state: negative counter")));
	if (s[CS_ANSWERED_WITHIN] > s[CS_ANSWERED] || s[CS_ABANDONED_WITHIN] > s[CS_ABANDONED])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid contact_stats state: more within the threshold than in all")));
	{
		int64		offered;

		if (pg_add_s64_overflow(s[CS_ANSWERED], s[CS_ABANDONED], &offered) ||
			pg_add_s64_overflow(offered, s[CS_SHORT_ABANDONED], &offered))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("contact_stats counters out of range")));
	}
}

/* Parse contact_stats options: threshold, short-abandon threshold, policy. */
void
ContactOptionsParse(Jsonb *jb, int64 *threshold, int64 *shortab, int64 *policy)
{
	static const char *const keys[] = {"threshold_seconds", "short_abandon_seconds", "policy", NULL};
	JsonbContainer *root = RulesRoot(&OptionsDoc, jb);
	JsonbValue	v;

	RulesCheckKeys(&OptionsDoc, root, NULL, keys);
	*threshold = 20 * (int64) USECS;
	*shortab = 0;
	*policy = ABANDONS_NEGATIVE;
	if (RulesGet(root, "threshold_seconds", &v))
		*threshold = ThresholdMicros(RulesNonNegative(&OptionsDoc, &v, "threshold_seconds"), "threshold_seconds");
	if (RulesGet(root, "short_abandon_seconds", &v))
		*shortab = ThresholdMicros(RulesNonNegative(&OptionsDoc, &v, "short_abandon_seconds"), "short_abandon_seconds");
	if (RulesGet(root, "policy", &v))
	{
		int			i;

		for (i = 0; PolicyNames[i]; i++)
			if (v.type == jbvString && strlen(PolicyNames[i]) == (size_t) v.val.string.len &&
				memcmp(PolicyNames[i], v.val.string.val, v.val.string.len) == 0)
				break;
		if (PolicyNames[i] == NULL)
			RulesError(&OptionsDoc, "policy",
					   "must be one of \"abandons_negative\", \"abandons_ignored\", \"abandons_positive\", \"handled_only\"");
		*policy = i;
	}
}

/* The policy named by a text argument. */
int64
PolicyFromText(text *t)
{
	char	   *s = text_to_cstring(t);

	for (int i = 0; PolicyNames[i]; i++)
		if (strcmp(PolicyNames[i], s) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown service level policy \"%s\"", s),
			 errhint("Use abandons_negative, abandons_ignored, abandons_positive or handled_only.")));
	pg_unreachable();
}

/*
 * The options a row is counted under: as kept in the state (microseconds)
 * and as the seconds that waits are compared with.
 */
typedef struct ContactOptions
{
	int64		threshold;		/* us */
	int64		shortab;		/* us */
	int64		policy;
	double		threshold_s;	/* threshold / USECS */
	double		shortab_s;		/* shortab / USECS */
} ContactOptions;

static void
SetOptions(ContactOptions *o, int64 threshold, int64 shortab, int64 policy)
{
	o->threshold = threshold;
	o->shortab = shortab;
	o->policy = policy;
	o->threshold_s = threshold / USECS;
	o->shortab_s = shortab / USECS;
}

/*
 * service_level()'s arguments of the last call (fn_extra): the threshold as
 * given and the policy's name, so that neither is converted again per row.
 */
typedef struct ServiceLevelCache
{
	bool		have_threshold;
	double		threshold_arg;
	int			policy_len;		/* -1: no policy name cached */
	char		policy_name[32];
	ContactOptions opt;
} ServiceLevelCache;

static const ContactOptions *
ServiceLevelOptions(FunctionCallInfo fcinfo)
{
	ServiceLevelCache *c = fcinfo->flinfo->fn_extra;
	double		threshold_arg;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ServiceLevelCache));
		c->policy_len = -1;
		c->opt.policy = ABANDONS_NEGATIVE;
		fcinfo->flinfo->fn_extra = c;
	}
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("threshold_seconds must not be NULL")));
	threshold_arg = PG_GETARG_FLOAT8(3);
	/* NaN never equals the cached value, so it always reaches Micros(). */
	if (!c->have_threshold || threshold_arg != c->threshold_arg)
	{
		c->have_threshold = false;
		SetOptions(&c->opt, ThresholdMicros(threshold_arg, "threshold_seconds"), 0, c->opt.policy);
		c->threshold_arg = threshold_arg;
		c->have_threshold = true;
	}
	if (PG_NARGS() > 4)
	{
		text	   *t;
		int			len;

		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("service level policy must not be NULL")));
		t = PG_GETARG_TEXT_PP(4);
		len = VARSIZE_ANY_EXHDR(t);
		if (c->policy_len != len || memcmp(c->policy_name, VARDATA_ANY(t), len) != 0)
		{
			c->policy_len = -1;
			c->opt.policy = PolicyFromText(t);
			if (len <= (int) sizeof(c->policy_name))
			{
				memcpy(c->policy_name, VARDATA_ANY(t), len);
				c->policy_len = len;
			}
		}
	}
	return &c->opt;
}

/* contact_stats() options of the last call (fn_extra), by their bytes. */
typedef struct OptionsCache
{
	Size		len;
	char	   *bytes;
	ContactOptions opt;
} OptionsCache;

static const ContactOptions *
ContactStatsOptions(FunctionCallInfo fcinfo, int argno)
{
	static const ContactOptions defaults = {20 * (int64) USECS, 0, ABANDONS_NEGATIVE, 20.0, 0.0};
	OptionsCache *c = fcinfo->flinfo->fn_extra;
	struct varlena *jb;
	Size		len;

	if (PG_NARGS() <= argno)
		return &defaults;
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("contact_stats options must not be NULL"),
				 errhint("Pass '{}' for the defaults.")));
	jb = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	len = VARSIZE_ANY_EXHDR(jb);
	if (c == NULL || c->len != len || memcmp(c->bytes, VARDATA_ANY(jb), len) != 0)
	{
		Jsonb	   *copy = palloc(len + VARHDRSZ);
		int64		threshold,
					shortab,
					policy;

		SET_VARSIZE(copy, len + VARHDRSZ);
		memcpy(VARDATA(copy), VARDATA_ANY(jb), len);
		if (c == NULL)
			c = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(OptionsCache));
		c->len = 0;
		ContactOptionsParse(copy, &threshold, &shortab, &policy);
		SetOptions(&c->opt, threshold, shortab, policy);
		if (c->bytes)
			pfree(c->bytes);
		c->bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, Max(len, 1));
		memcpy(c->bytes, VARDATA_ANY(jb), len);
		c->len = len;
	}
	return &c->opt;
}

/*
 * Add (sign 1) or remove (sign -1) one offered contact.  Rows with a NULL
 * wait or answered flag are skipped.
 *
 * Per added row only what keeps the update sound is checked: the array's
 * shape (StateArray), the layout version and that the state's options are
 * this row's, which were checked when parsed.  The counters of a hand-made
 * state are checked in full where they are read (final and combine) and
 * before a removal; Add() refuses any that is or turns negative.
 */
static Datum
AddContact(FunctionCallInfo fcinfo, const ContactOptions *o, bool with_handle, int sign)
{
	ArrayType  *arr;
	int64	   *s;
	int64		wait;
	double		wait_s;
	bool		within;
	bool		answered;

	if (PG_ARGISNULL(0))
	{
		if (sign < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot remove a contact from an empty state")));
		arr = NewState(CS_LEN, INT8OID);
		s = (int64 *) ARR_DATA_PTR(arr);
		s[CS_VERSION] = STATE_VERSION;
		s[CS_THRESHOLD] = o->threshold;
		s[CS_SHORT] = o->shortab;
		s[CS_POLICY] = o->policy;
	}
	else
	{
		s = StateArray(fcinfo, 0, CS_LEN, &arr);
		if (sign < 0)
			CheckStateOptions(s);
		else if (unlikely(s[CS_VERSION] != STATE_VERSION || s[CS_THRESHOLD] != o->threshold ||
						  s[CS_SHORT] != o->shortab || s[CS_POLICY] != o->policy))
		{
			CheckStateOptions(s);
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("contact_stats options must be the same for every row of a group")));
		}
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(arr);

	/* Thresholds compare with the wait as given; sums keep microseconds. */
	wait_s = PG_GETARG_FLOAT8(1);
	wait = Micros(wait_s, "queue_seconds");
	within = wait_s <= o->threshold_s;
	answered = PG_GETARG_BOOL(2);
	if (answered)
	{
		int64		handle = 0;

		if (with_handle)
		{
			if (PG_ARGISNULL(3))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("handle_seconds of an answered contact must not be NULL")));
			handle = Micros(PG_GETARG_FLOAT8(3), "handle_seconds");
		}
		Add(&s[CS_ANSWERED], sign);
		if (within)
			Add(&s[CS_ANSWERED_WITHIN], sign);
		Add(&s[CS_WAIT_ANSWERED], sign * wait);
		Add(&s[CS_HANDLE_ANSWERED], sign * handle);
	}
	else
	{
		/* An abandoned contact's handle time is not used, but must be sane. */
		if (with_handle && !PG_ARGISNULL(3))
			(void) Micros(PG_GETARG_FLOAT8(3), "handle_seconds");
		if (wait_s < o->shortab_s)
			Add(&s[CS_SHORT_ABANDONED], sign);
		else
		{
			Add(&s[CS_ABANDONED], sign);
			if (within)
				Add(&s[CS_ABANDONED_WITHIN], sign);
		}
	}
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* contact_stats(queue_seconds, answered, handle_seconds [, options]) */
Datum
contact_stats_trans(PG_FUNCTION_ARGS)
{
	return AddContact(fcinfo, ContactStatsOptions(fcinfo, 4), true, 1);
}

Datum
contact_stats_inv(PG_FUNCTION_ARGS)
{
	return AddContact(fcinfo, ContactStatsOptions(fcinfo, 4), true, -1);
}

/* service_level(queue_seconds, answered, threshold_seconds [, policy]) */
Datum
service_level_trans(PG_FUNCTION_ARGS)
{
	return AddContact(fcinfo, ServiceLevelOptions(fcinfo), false, 1);
}

Datum
service_level_inv(PG_FUNCTION_ARGS)
{
	return AddContact(fcinfo, ServiceLevelOptions(fcinfo), false, -1);
}

/* Combine two contact_stats states (same options). */
Datum
contact_stats_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *arr,
			   *barr;
	int64	   *a = StateArray(fcinfo, 0, CS_LEN, &arr);
	int64	   *b = StateArray(fcinfo, 1, CS_LEN, &barr);

	CheckStateOptions(a);
	CheckStateOptions(b);
	if (a[CS_THRESHOLD] != b[CS_THRESHOLD] || a[CS_SHORT] != b[CS_SHORT] || a[CS_POLICY] != b[CS_POLICY])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine contact_stats states with different options")));
	for (int i = CS_ANSWERED; i < CS_LEN; i++)
		Add(&a[i], b[i]);
	PG_RETURN_ARRAYTYPE_P(arr);
}

/* n / d, or NULL (isnull set) when d is 0. */
double
Ratio(double n, double d, bool *isnull)
{
	*isnull = d == 0;
	return d == 0 ? 0 : n / d;
}

/*
 * The contacts that count as within the threshold, and those counted at
 * all, under the state's policy: service level = *good / *total.
 */
void
ServiceLevelCounts(const int64 *s, int64 *good, int64 *total)
{
	int64		offered = s[CS_ANSWERED] + s[CS_ABANDONED];

	switch ((Policy) s[CS_POLICY])
	{
		case ABANDONS_NEGATIVE:
			*good = s[CS_ANSWERED_WITHIN];
			*total = offered;
			return;
		case ABANDONS_IGNORED:
			*good = s[CS_ANSWERED_WITHIN];
			*total = offered - s[CS_ABANDONED_WITHIN];
			return;
		case ABANDONS_POSITIVE:
			*good = s[CS_ANSWERED_WITHIN] + s[CS_ABANDONED_WITHIN];
			*total = offered;
			return;
		case HANDLED_ONLY:
			*good = s[CS_ANSWERED_WITHIN];
			*total = s[CS_ANSWERED];
			return;
	}
	pg_unreachable();
}

double
ServiceLevel(const int64 *s, bool *isnull)
{
	int64		good,
				total;

	ServiceLevelCounts(s, &good, &total);
	return Ratio(good, total, isnull);
}

/* effcap.contact_summary of a state; NULL when nothing was offered. */
Datum
contact_stats_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = StateArray(fcinfo, 0, CS_LEN, &arr);
	CheckStateOptions(s);
	if (s[CS_ANSWERED] + s[CS_ABANDONED] + s[CS_SHORT_ABANDONED] == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ContactSummaryRow(fcinfo, s));
}

/* The effcap.contact_summary row of sound counters (CS_* layout). */
Datum
ContactSummaryRow(FunctionCallInfo fcinfo, const int64 *s)
{
	int64		offered;
	TupleDesc	tupdesc;
	Datum		v[11];
	bool		n[11] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "effcap.contact_summary result type expected");
	tupdesc = BlessTupleDesc(tupdesc);
	offered = s[CS_ANSWERED] + s[CS_ABANDONED];
	v[0] = Int64GetDatum(offered);
	v[1] = Int64GetDatum(s[CS_SHORT_ABANDONED]);
	v[2] = Int64GetDatum(s[CS_ANSWERED]);
	v[3] = Int64GetDatum(s[CS_ANSWERED_WITHIN]);
	v[4] = Int64GetDatum(s[CS_ABANDONED]);
	v[5] = Int64GetDatum(s[CS_ABANDONED_WITHIN]);
	v[6] = Float8GetDatum(ServiceLevel(s, &n[6]));
	v[7] = Float8GetDatum(Ratio(s[CS_ANSWERED], offered, &n[7]));
	v[8] = Float8GetDatum(Ratio(s[CS_ABANDONED], offered, &n[8]));
	v[9] = Float8GetDatum(Ratio(s[CS_WAIT_ANSWERED] / USECS, s[CS_ANSWERED], &n[9]));
	v[10] = Float8GetDatum(Ratio(s[CS_HANDLE_ANSWERED] / USECS, s[CS_ANSWERED], &n[10]));
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, v, n));
}

Datum
service_level_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *s;
	bool		isnull;
	double		r;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = StateArray(fcinfo, 0, CS_LEN, &arr);
	CheckStateOptions(s);
	r = ServiceLevel(s, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

/*
 * CSAT: state {scale, top-2-box answers, answers}.  csat(score) uses the 1..5
 * scale; csat(score, scale) any scale of 3 to 100 points.
 */
static Datum
CsatStep(FunctionCallInfo fcinfo, int sign)
{
	int64		scale = 5;
	int32		score;
	ArrayType  *arr;
	int64	   *s;

	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("CSAT scale must not be NULL")));
		scale = PG_GETARG_INT32(2);
	}

	if (scale < 3 || scale > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT scale must be between 3 and 100 points, not %lld", (long long) scale)));
	s = CounterState(fcinfo, 0, 3, COUNTER_CSAT, &arr);
	if (CounterParam(s) == 0 && s[2] == 0)
		CounterSetParam(s, scale);
	if (CounterParam(s) != scale)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT scale must be the same for every row of a group")));
	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(arr);
	score = PG_GETARG_INT32(1);
	if (score < 1 || score > scale)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT score %d is outside the 1..%lld scale", score, (long long) scale)));
	if (score >= scale - 1)
		Add(&s[1], sign);
	Add(&s[2], sign);
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
csat_trans(PG_FUNCTION_ARGS)
{
	return CsatStep(fcinfo, 1);
}

Datum
csat_inv(PG_FUNCTION_ARGS)
{
	return CsatStep(fcinfo, -1);
}

Datum
csat_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, 3, COUNTER_CSAT, &arr);

	if (s[1] < 0 || s[1] > s[2] || (s[2] > 0 && (CounterParam(s) < 3 || CounterParam(s) > 100)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid csat state")));
	if (s[2] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) s[1] / (double) s[2]);
}

/* Weighted CSAT: float8[] state {scale, weighted top-2-box, total weight}. */
static double *
FloatState(FunctionCallInfo fcinfo, int argno, ArrayType **arr_out)
{
	return StateData(fcinfo, argno, 3, FLOAT8OID, arr_out);
}

/* A weighted CSAT state: a whole scale (0 when unset), finite sums, top <= total. */
static void
CheckWeightedState(const double *s)
{
	if (!(s[0] == 0 || (s[0] >= 3 && s[0] <= 100 && s[0] == rint(s[0]))) ||
		!isfinite(s[1]) || !isfinite(s[2]) || s[1] < 0 || s[1] > s[2])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid weighted csat state")));
}

Datum
csat_weighted_trans(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	double	   *s = FloatState(fcinfo, 0, &arr);
	int32		scale,
				score;
	double		w;

	CheckWeightedState(s);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("CSAT scale must not be NULL")));
	scale = PG_GETARG_INT32(2);
	if (scale < 3 || scale > 100)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT scale must be between 3 and 100 points, not %d", scale)));
	if (s[0] == 0 && s[2] == 0)
		s[0] = scale;
	if (s[0] != scale)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT scale must be the same for every row of a group")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_ARRAYTYPE_P(arr);
	score = PG_GETARG_INT32(1);
	w = PG_GETARG_FLOAT8(3);
	if (score < 1 || score > scale)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT score %d is outside the 1..%d scale", score, scale)));
	if (!isfinite(w) || w < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("CSAT weight must be a non-negative finite number, not %g", w)));
	if (score >= scale - 1)
		s[1] += w;
	s[2] += w;
	if (!isfinite(s[2]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("CSAT total weight out of range")));
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
csat_weighted_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *aa,
			   *bb;
	double	   *a = FloatState(fcinfo, 0, &aa);
	double	   *b = FloatState(fcinfo, 1, &bb);

	CheckWeightedState(a);
	CheckWeightedState(b);
	if (b[2] == 0 && b[0] == 0)
		PG_RETURN_ARRAYTYPE_P(aa);
	if (a[2] == 0 && a[0] == 0)
		a[0] = b[0];
	if (a[0] != b[0])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine weighted CSAT states with different scales")));
	a[1] += b[1];
	a[2] += b[2];
	if (!isfinite(a[2]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("CSAT total weight out of range")));
	PG_RETURN_ARRAYTYPE_P(aa);
}

Datum
csat_weighted_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	double	   *s = FloatState(fcinfo, 0, &arr);

	CheckWeightedState(s);
	if (!(s[2] > 0))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s[1] / s[2]);
}

/* NPS: state {kind, promoters, passives, detractors}; scores 0..10. */
static Datum
NpsStep(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, 4, COUNTER_NPS, &arr);
	int32		score;

	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(arr);
	score = PG_GETARG_INT32(1);
	if (score < 0 || score > 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("NPS score %d is outside 0..10", score)));
	Add(&s[score >= 9 ? 1 : (score >= 7 ? 2 : 3)], sign);
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
nps_trans(PG_FUNCTION_ARGS)
{
	return NpsStep(fcinfo, 1);
}

Datum
nps_inv(PG_FUNCTION_ARGS)
{
	return NpsStep(fcinfo, -1);
}

Datum
nps_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, 4, COUNTER_NPS, &arr);
	double		total;

	if (CounterParam(s) != 0 || s[1] < 0 || s[2] < 0 || s[3] < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid nps state")));
	total = (double) s[1] + (double) s[2] + (double) s[3];

	if (total == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * ((double) s[1] - (double) s[3]) / total);
}

/*
 * AHT compliance: state {kind + exemptions + 1, handled, within limit}.  Up
 * to `exemptions` over-limit contacts in the group are forgiven.
 */
static Datum
AhtStep(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, 3, COUNTER_AHT, &arr);
	int64		exemptions;
	double		handle,
				limit;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("exemptions must not be NULL")));
	exemptions = PG_GETARG_INT32(3);
	if (exemptions < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("exemptions must not be negative, not %lld", (long long) exemptions)));
	/* The parameter is exemptions + 1, so 0 means "not set yet". */
	if (CounterParam(s) == 0)
		CounterSetParam(s, exemptions + 1);
	if (CounterParam(s) != exemptions + 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("exemptions must be the same for every row of a group")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_ARRAYTYPE_P(arr);
	/* Checked as seconds, compared exactly as given. */
	handle = PG_GETARG_FLOAT8(1);
	limit = PG_GETARG_FLOAT8(2);
	(void) Micros(handle, "handle_seconds");
	(void) Micros(limit, "limit_seconds");
	Add(&s[1], sign);
	if (handle <= limit)
		Add(&s[2], sign);
	/* Adding keeps a sound state sound: more within than handled was handed in. */
	if (s[2] > s[1])
		ereport(ERROR,
				(sign > 0 ? errcode(ERRCODE_INVALID_PARAMETER_VALUE) : errcode(ERRCODE_DATA_EXCEPTION),
				 sign > 0 ? errmsg("invalid aht_compliance state") :
				 errmsg("cannot remove a value the aggregate state does not hold")));
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
aht_compliance_trans(PG_FUNCTION_ARGS)
{
	return AhtStep(fcinfo, 1);
}

Datum
aht_compliance_inv(PG_FUNCTION_ARGS)
{
	return AhtStep(fcinfo, -1);
}

Datum
aht_compliance_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, 3, COUNTER_AHT, &arr);
	int64		over;

	if (s[1] == 0 && s[2] == 0)
		PG_RETURN_NULL();
	if (CounterParam(s) < 1 || s[1] < 0 || s[2] < 0 || s[2] > s[1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid aht_compliance state")));
	over = s[1] - s[2];
	PG_RETURN_FLOAT8((double) (s[2] + Min(over, CounterParam(s) - 1)) / (double) s[1]);
}
