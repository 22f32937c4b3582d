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

extern ArrayType *NewState(int len, Oid elemtype);
extern void *StateData(FunctionCallInfo fcinfo, int argno, int len, Oid elemtype,
					   ArrayType **arr_out);
extern int64 *StateArray(FunctionCallInfo fcinfo, int argno, int len, ArrayType **arr_out);
extern void CounterError(bool overflow, int64 delta) pg_attribute_noreturn();

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
