/*
 * counters.h
 *		Counter states of the counting aggregates (see counters.c).
 */
#ifndef EFFCAP_COUNTERS_H
#define EFFCAP_COUNTERS_H

#include "postgres.h"

#include "common/int.h"
#include "fmgr.h"
#include "utils/array.h"

#include "compat.h"

extern ArrayType *NewState(int len, Oid elemtype);
extern void *StateData(FunctionCallInfo fcinfo, int argno, int len, Oid elemtype,
					   ArrayType **arr_out);
extern int64 *StateArray(FunctionCallInfo fcinfo, int argno, int len, ArrayType **arr_out);
pg_noreturn extern void CounterError(bool overflow, int64 delta);

/*
 * What a counter state is: element 0 holds kind * COUNTER_KIND_UNIT plus
 * the kind's parameter (the CSAT scale, AHT exemptions + 1; 0 while no row
 * has set it), so a state of one kind is never read or combined as
 * another's.
 */
typedef enum CounterKind
{
	COUNTER_CSAT = 1,			/* {kind+scale, top-2-box answers, answers} */
	COUNTER_NPS,				/* {kind, promoters, passives, detractors} */
	COUNTER_AHT,				/* {kind+exemptions+1, handled, within limit} */
	COUNTER_FCR,				/* {kind, contacts, resolved, pending} */
	COUNTER_MISMATCH,			/* {kind, intervals, required, scheduled,
								 * shortfall, surplus} */
	COUNTER_COMPLAINT,			/* {kind, contacts, complaints, escalated,
								 * major, recurring} */
	COUNTER_RESPONSE			/* {kind, surveyed, answered} */
} CounterKind;

#define COUNTER_LAST COUNTER_RESPONSE

/* The length of a counter state of a kind. */
static inline int
CounterLength(CounterKind kind)
{
	return kind == COUNTER_CSAT || kind == COUNTER_AHT || kind == COUNTER_RESPONSE ? 3 :
		kind == COUNTER_MISMATCH || kind == COUNTER_COMPLAINT ? 6 : 4;
}

#define COUNTER_KIND_UNIT INT64CONST(1000000000000)
#define CounterParam(s) ((s)[0] % COUNTER_KIND_UNIT)

extern int64 *CounterState(FunctionCallInfo fcinfo, int argno, int len, CounterKind kind,
						   ArrayType **arr_out);
extern void CounterSetParam(int64 *s, int64 param);

/* x += delta, or an error.  Inline: it runs for every row. */
static inline void
Add(int64 *x, int64 delta)
{
	if (unlikely(pg_add_s64_overflow(*x, delta, x)))
		CounterError(true, delta);
	if (unlikely(*x < 0))
		CounterError(false, delta);
}


#endif
