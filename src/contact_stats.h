/*
 * contact_stats.h
 *		Contact statistics (DESIGN 5): what the one-step aggregates
 *		(contact_stats.c) and the queue summary (queue_summary.c) share, so
 *		that a stored summary read under some options gives exactly what the
 *		one-step aggregate gives over the same rows.
 */
#ifndef EFFCAP_CONTACT_STATS_H
#define EFFCAP_CONTACT_STATS_H

#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/jsonb.h"

#include "compat.h"

#define STATE_VERSION 1		/* of the contact_stats state array */
#define USECS 1000000.0

/* Layout of the contact_stats state. */
enum
{
	CS_VERSION,
	CS_THRESHOLD,				/* answered within: wait <= this (us) */
	CS_SHORT,					/* abandons with wait < this leave offered (us) */
	CS_POLICY,
	CS_ANSWERED,
	CS_ANSWERED_WITHIN,
	CS_ABANDONED,				/* not short */
	CS_ABANDONED_WITHIN,		/* not short, wait <= threshold */
	CS_SHORT_ABANDONED,
	CS_WAIT_ANSWERED,			/* sum of answered waits (us) */
	CS_HANDLE_ANSWERED,			/* sum of answered handle times (us) */
	CS_LEN
};

typedef enum Policy
{
	ABANDONS_NEGATIVE, ABANDONS_IGNORED, ABANDONS_POSITIVE, HANDLED_ONLY
} Policy;

pg_noreturn extern void SecondsError(double seconds, const char *what);

/*
 * Seconds as whole microseconds; negative, NaN and infinite are errors.  At
 * most 1e12 s (31,700 years) keeps sums of microseconds in int64.  Inline:
 * it runs for every row.
 */
static inline int64
Micros(double seconds, const char *what)
{
	/* Written so that NaN fails the test too. */
	if (unlikely(!(seconds >= 0 && seconds <= 1e12)))
		SecondsError(seconds, what);
	return (int64) rint(seconds * USECS);
}

extern int64 ThresholdMicros(double seconds, const char *what);
extern void ContactOptionsParse(Jsonb *jb, int64 *threshold, int64 *shortab, int64 *policy);
extern int64 PolicyFromText(text *t);
extern double Ratio(double n, double d, bool *isnull);
extern void ServiceLevelCounts(const int64 *s, int64 *good, int64 *total);
extern double ServiceLevel(const int64 *s, bool *isnull);
extern Datum ContactSummaryRow(FunctionCallInfo fcinfo, const int64 *s);

#endif
