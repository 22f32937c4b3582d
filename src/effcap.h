/*
 * effcap.h
 *		Module-wide settings (effcap.c defines them as GUCs), and the
 *		argument check every capability's scalar functions share.
 */
#ifndef EFFCAP_H
#define EFFCAP_H

#include "fmgr.h"
#include "miscadmin.h"

/*
 * effcap.max_group_memory, in kB: the largest array one group's FCR state
 * may hold (its contacts, or its customer keys), so that a group too large
 * is an error naming this limit rather than an out-of-memory kill.
 */
extern int	EffcapMaxGroupMemoryKb;

/*
 * In a loop over a group's contacts or a summary's bins, which can run to
 * hundreds of millions of steps in one call: see a cancel or
 * statement_timeout every 65,536 steps of counter i (for the cost of a
 * test on most steps).
 */
#define EFFCAP_CHECK_INTERRUPTS_EVERY(i) \
	do { \
		if (((i) & 0xFFFF) == 0) \
			CHECK_FOR_INTERRUPTS(); \
	} while (0)

/* Float8 argument argno, or an error naming it when NaN or infinite. */
extern double FiniteArg(FunctionCallInfo fcinfo, int argno, const char *name);

#endif
