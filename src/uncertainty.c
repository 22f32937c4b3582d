/*
 * uncertainty.c
 *		How sure a rate is: Wilson score intervals for rates counted from
 *		yes/no outcomes (FCR, service level, answer rate, top-box CSAT,
 *		on-time rates), and the standard error and margin of NPS.  An
 *		agent's FCR of 70% on 40 contacts is not worse than 75% on 400: the
 *		interval says so.
 *
 * Wilson (1927): with x successes of n, p = x / n and z the standard
 * normal quantile of the two-sided confidence c,
 *	 centre = (p + z^2 / 2n) / (1 + z^2 / n)
 *	 half	= z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / 4n^2)
 * and the interval [centre - half, centre + half] lies within [0, 1]; unlike
 * the normal (Wald) interval it is not empty at 0 of 20 or 20 of 20.
 *
 * NPS of n answers with promoter share p and detractor share d: NPS = p - d
 * (in points, x 100); its variance per answer p + d - (p - d)^2, so the
 * standard error is sqrt((p + d - (p - d)^2) / n) and the margin z times
 * that.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "common/int.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "effcap.h"
#include "summary.h"
#include "uncertainty.h"

PG_FUNCTION_INFO_V1(uncertainty_wilson);
PG_FUNCTION_INFO_V1(uncertainty_wilson_fcr);
PG_FUNCTION_INFO_V1(uncertainty_nps);
PG_FUNCTION_INFO_V1(uncertainty_normal_quantile);

/*
 * The standard normal quantile: Acklam's rational approximation (relative
 * error below 1.2e-9), then two Halley steps on erfc, which bring it to the
 * precision of a double.
 */
static double
NormalQuantile(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
	1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
	6.680131188771972e+01, -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
	-2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
	3.754408661907416e+00};
	const double low = 0.02425;
	double		x,
				q,
				r;

	/*
	 * The upper half by symmetry: 1 - p is exact there, and erfc below is
	 * evaluated where it is small and precise.
	 */
	if (p > 0.5)
		return -NormalQuantile(1 - p);
	if (p < low)
	{
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	else
	{
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	for (int i = 0; i < 2; i++)
	{
		double		e = 0.5 * erfc(-x / M_SQRT2) - p;
		double		u = e * sqrt(2 * M_PI) * exp(x * x / 2);

		x = x - u / (1 + x * u / 2);
	}
	return x;
}

/* z of a two-sided confidence in (0, 1), checked. */
double
ConfidenceZ(double confidence)
{
	if (isnan(confidence) || confidence <= 0 || confidence >= 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1 (exclusive), not %g", confidence)));
	return -NormalQuantile((1 - confidence) / 2);
}

/* The z of confidence argument argno: NULL is an error, then as ConfidenceZ. */
double
ConfidenceArg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("confidence must not be NULL")));
	return ConfidenceZ(PG_GETARG_FLOAT8(argno));
}

/* The effcap.rate_interval row of x of n; NULL measures when n is 0. */
Datum
WilsonRow(FunctionCallInfo fcinfo, int64 x, int64 n, double z)
{
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.rate_interval");
	Datum		values[5];
	bool		nulls[5] = {false, false, true, true, true};

	if (x < 0 || n < 0 || x > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("successes and trials must satisfy 0 <= successes <= trials, not %lld of %lld",
						(long long) x, (long long) n)));
	values[0] = Int64GetDatum(x);
	values[1] = Int64GetDatum(n);
	if (n > 0)
	{
		double		nn = (double) n,
					p = (double) x / nn,
					z2 = z * z,
					centre = (p + z2 / (2 * nn)) / (1 + z2 / nn),
					half = z / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));

		values[2] = Float8GetDatum(p);
		/* At 0 and at n one end is exactly 0 or 1 (not a rounding away). */
		values[3] = Float8GetDatum(x == 0 ? 0 : Max(centre - half, 0));
		values[4] = Float8GetDatum(x == n ? 1 : Min(centre + half, 1));
		nulls[2] = nulls[3] = nulls[4] = false;
	}
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* wilson_interval(successes, trials [, confidence]). */
Datum
uncertainty_wilson(PG_FUNCTION_ARGS)
{
	return WilsonRow(fcinfo, PG_GETARG_INT64(0), PG_GETARG_INT64(1), ConfidenceZ(PG_GETARG_FLOAT8(2)));
}

/*
 * wilson_interval(effcap.fcr [, confidence]): resolved of the contacts that
 * can be judged (contacts - pending), the rate fcr_stats reports.
 */
Datum
uncertainty_wilson_fcr(PG_FUNCTION_ARGS)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(0);
	double		z = ConfidenceZ(PG_GETARG_FLOAT8(1));
	bool		null_contacts,
				null_resolved,
				null_pending;
	int64		contacts = DatumGetInt64(GetAttributeByName(row, "contacts", &null_contacts));
	int64		resolved = DatumGetInt64(GetAttributeByName(row, "resolved", &null_resolved));
	int64		pending = DatumGetInt64(GetAttributeByName(row, "pending", &null_pending));

	if (null_contacts || null_resolved || null_pending)
		PG_RETURN_NULL();
	if (pending < 0 || pending > contacts)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an fcr row must have 0 <= pending <= contacts, not %lld pending of %lld",
						(long long) pending, (long long) contacts)));
	return WilsonRow(fcinfo, resolved, contacts - pending, z);
}

/*
 * The effcap.nps_interval row (answers, nps, standard_error, margin, lower,
 * upper) of promoters, passives and detractors, in points; NULL measures
 * without answers.
 */
Datum
NpsRow(FunctionCallInfo fcinfo, int64 pro, int64 pas, int64 det, double z)
{
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.nps_interval");
	Datum		values[6];
	bool		nulls[6] = {false, true, true, true, true, true};
	int64		n;

	if (pro < 0 || pas < 0 || det < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("answer counts must be >= 0, not %lld promoters, %lld passives, %lld detractors",
						(long long) pro, (long long) pas, (long long) det)));
	if (pg_add_s64_overflow(pro, pas, &n) || pg_add_s64_overflow(n, det, &n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("answer counts add up to more than bigint holds")));
	values[0] = Int64GetDatum(n);
	if (n > 0)
	{
		double		p = (double) pro / n,
					d = (double) det / n,
					nps = p - d,
					var = p + d - nps * nps,
					se = sqrt(Max(var, 0) / n);

		values[1] = Float8GetDatum(100 * nps);
		values[2] = Float8GetDatum(100 * se);
		values[3] = Float8GetDatum(100 * z * se);
		values[4] = Float8GetDatum(100 * Max(nps - z * se, -1));
		values[5] = Float8GetDatum(100 * Min(nps + z * se, 1));
		for (int i = 1; i < 6; i++)
			nulls[i] = false;
	}
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* nps_interval(promoters, passives, detractors [, confidence]). */
Datum
uncertainty_nps(PG_FUNCTION_ARGS)
{
	return NpsRow(fcinfo, PG_GETARG_INT64(0), PG_GETARG_INT64(1), PG_GETARG_INT64(2),
				  ConfidenceZ(PG_GETARG_FLOAT8(3)));
}

/* normal_quantile(p): the standard normal quantile, for p in (0, 1). */
Datum
uncertainty_normal_quantile(PG_FUNCTION_ARGS)
{
	double		p = PG_GETARG_FLOAT8(0);

	if (isnan(p) || p <= 0 || p >= 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("p must be between 0 and 1 (exclusive), not %g", p)));
	PG_RETURN_FLOAT8(NormalQuantile(p));
}
