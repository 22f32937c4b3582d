/*
 * service_counts.c
 *		Rates of service operations counted row by row: complaint
 *		statistics (seeds 000, 002: complaints per contact and per 1,000,
 *		escalated and major complaints, recurrence) and the survey response
 *		rate (seed 003's effective-rating rate: surveys answered of surveys
 *		sent).
 *
 * Both keep counter states (counters.c): exact integer counts, combined
 * by counts_combine, with a moving-aggregate mode.  A complaint_stats row
 * is its own stored form: its counts add, so rollup(complaint_stats) sums
 * stored rows and computes the rates again, equal to complaint_stats over
 * all their contacts.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"

#include "counters.h"
#include "summary.h"
#include "uncertainty.h"

PG_FUNCTION_INFO_V1(complaint_stats_trans);
PG_FUNCTION_INFO_V1(complaint_stats_inv);
PG_FUNCTION_INFO_V1(complaint_stats_final);
PG_FUNCTION_INFO_V1(complaint_rollup_trans);
PG_FUNCTION_INFO_V1(complaint_rollup_inv);
PG_FUNCTION_INFO_V1(response_rate_trans);
PG_FUNCTION_INFO_V1(response_rate_inv);
PG_FUNCTION_INFO_V1(response_rate_final);

enum
{
	CS_CONTACTS = 1,
	CS_COMPLAINTS,
	CS_ESCALATED,
	CS_MAJOR,
	CS_RECURRING,
	CS_LEN
};

/* The counts of a complaint state, checked as far as counts can be. */
static const int64 *
ComplaintCounts(FunctionCallInfo fcinfo)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, CS_LEN, COUNTER_COMPLAINT, &arr);

	if (CounterParam(s) != 0 || s[CS_CONTACTS] < 0 || s[CS_COMPLAINTS] < 0 ||
		s[CS_COMPLAINTS] > s[CS_CONTACTS] || s[CS_ESCALATED] < 0 || s[CS_MAJOR] < 0 || s[CS_RECURRING] < 0 ||
		s[CS_ESCALATED] > s[CS_COMPLAINTS] || s[CS_MAJOR] > s[CS_COMPLAINTS] || s[CS_RECURRING] > s[CS_COMPLAINTS])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid complaint_stats state"),
				 errdetail("Expected {%lld, contacts, complaints, escalated, major, recurring} with complaints <= contacts and each of the others <= complaints.",
						   (long long) (COUNTER_COMPLAINT * COUNTER_KIND_UNIT))));
	return s;
}

/* Add (sign 1) or remove (-1) the counts of a contact or of a stored row. */
static void
ComplaintAdd(int64 *s, const int64 *c, int sign)
{
	for (int i = CS_CONTACTS; i < CS_LEN; i++)
		Add(&s[i], sign * c[i]);
}

/*
 * complaint_stats_trans / _inv (state, complaint, escalated, major,
 * recurring): one contact.  A NULL complaint skips the row; the flags
 * count only on complaints (NULL counts as false), and a flag set on a
 * contact that is not a complaint is an error.
 */
static Datum
ComplaintStep(FunctionCallInfo fcinfo, int sign)
{
	static const char *const flag[] = {"escalated", "major", "recurring"};
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, CS_LEN, COUNTER_COMPLAINT, &arr);
	int64		c[CS_LEN] = {0};
	bool		complaint;

	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(arr);
	complaint = PG_GETARG_BOOL(1);
	c[CS_CONTACTS] = 1;
	c[CS_COMPLAINTS] = complaint;
	for (int i = 0; i < 3; i++)
	{
		bool		set = !PG_ARGISNULL(2 + i) && PG_GETARG_BOOL(2 + i);

		if (set && !complaint)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s is true on a contact that is not a complaint", flag[i]),
					 errhint("Escalated, major and recurring describe complaints: pass false or NULL on other contacts.")));
		c[CS_ESCALATED + i] = set;
	}
	ComplaintAdd(s, c, sign);
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
complaint_stats_trans(PG_FUNCTION_ARGS)
{
	return ComplaintStep(fcinfo, 1);
}

Datum
complaint_stats_inv(PG_FUNCTION_ARGS)
{
	return ComplaintStep(fcinfo, -1);
}

/*
 * complaint_rollup_trans / _inv (state, effcap.complaint_stats): the counts
 * of a stored row.  A NULL row is skipped; a row whose counts are NULL or
 * do not fit together is an error.
 */
static Datum
ComplaintRollupStep(FunctionCallInfo fcinfo, int sign)
{
	static const char *const field[] = {NULL, "contacts", "complaints", "escalated", "major", "recurring"};
	static const int attno[] = {0, 1, 2, 5, 7, 8};
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, CS_LEN, COUNTER_COMPLAINT, &arr);
	int64		c[CS_LEN] = {0};
	HeapTupleHeader row;

	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(arr);
	row = PG_GETARG_HEAPTUPLEHEADER(1);
	for (int i = CS_CONTACTS; i < CS_LEN; i++)
	{
		bool		isnull;

		c[i] = DatumGetInt64(GetAttributeByNum(row, attno[i], &isnull));
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("a complaint_stats row to roll up has a NULL %s", field[i])));
	}
	if (c[CS_CONTACTS] < 0 || c[CS_COMPLAINTS] < 0 || c[CS_COMPLAINTS] > c[CS_CONTACTS] ||
		c[CS_ESCALATED] < 0 || c[CS_MAJOR] < 0 || c[CS_RECURRING] < 0 ||
		Max(c[CS_ESCALATED], Max(c[CS_MAJOR], c[CS_RECURRING])) > c[CS_COMPLAINTS])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid complaint_stats row: %lld contacts, %lld complaints, %lld escalated, %lld major, %lld recurring",
						(long long) c[CS_CONTACTS], (long long) c[CS_COMPLAINTS], (long long) c[CS_ESCALATED],
						(long long) c[CS_MAJOR], (long long) c[CS_RECURRING]),
				 errdetail("Complaints must be at most the contacts, and escalated, major and recurring at most the complaints, none negative.")));
	ComplaintAdd(s, c, sign);
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
complaint_rollup_trans(PG_FUNCTION_ARGS)
{
	return ComplaintRollupStep(fcinfo, 1);
}

Datum
complaint_rollup_inv(PG_FUNCTION_ARGS)
{
	return ComplaintRollupStep(fcinfo, -1);
}

/* The effcap.complaint_stats row; rates NULL without contacts or complaints. */
Datum
complaint_stats_final(PG_FUNCTION_ARGS)
{
	const int64 *s = ComplaintCounts(fcinfo);
	TupleDesc	desc = SummaryResultDesc(fcinfo, "effcap.complaint_stats");
	Datum		values[9];
	bool		nulls[9] = {0};
	double		contacts = (double) s[CS_CONTACTS],
				complaints = (double) s[CS_COMPLAINTS];

	values[0] = Int64GetDatum(s[CS_CONTACTS]);
	values[1] = Int64GetDatum(s[CS_COMPLAINTS]);
	values[2] = Float8GetDatum(contacts > 0 ? complaints / contacts : 0);
	values[3] = Float8GetDatum(contacts > 0 ? 1000 * complaints / contacts : 0);
	nulls[2] = nulls[3] = !(contacts > 0);
	values[4] = Int64GetDatum(s[CS_ESCALATED]);
	values[5] = Float8GetDatum(complaints > 0 ? (double) s[CS_ESCALATED] / complaints : 0);
	values[6] = Int64GetDatum(s[CS_MAJOR]);
	values[7] = Int64GetDatum(s[CS_RECURRING]);
	values[8] = Float8GetDatum(complaints > 0 ? (double) s[CS_RECURRING] / complaints : 0);
	nulls[5] = nulls[8] = !(complaints > 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ----------------------------------------------------------------------
 * response_rate(answered): surveys answered of surveys sent
 * ---------------------------------------------------------------------- */

enum
{
	RR_SURVEYED = 1,
	RR_ANSWERED,
	RR_LEN
};

/* response_rate_trans / _inv (state, answered): one survey sent; NULL skipped. */
static Datum
ResponseStep(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, RR_LEN, COUNTER_RESPONSE, &arr);

	if (!PG_ARGISNULL(1))
	{
		Add(&s[RR_SURVEYED], sign);
		Add(&s[RR_ANSWERED], sign * PG_GETARG_BOOL(1));
	}
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
response_rate_trans(PG_FUNCTION_ARGS)
{
	return ResponseStep(fcinfo, 1);
}

Datum
response_rate_inv(PG_FUNCTION_ARGS)
{
	return ResponseStep(fcinfo, -1);
}

/* The effcap.rate_interval of answered of surveyed, at 95%. */
Datum
response_rate_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, RR_LEN, COUNTER_RESPONSE, &arr);

	if (CounterParam(s) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid response_rate state")));
	/* WilsonRow checks 0 <= answered <= surveyed. */
	return WilsonRow(fcinfo, s[RR_ANSWERED], s[RR_SURVEYED], ConfidenceZ(0.95));
}
