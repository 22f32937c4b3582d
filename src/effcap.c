/*
 * effcap.c
 *		Module magic, the module's settings and the argument check shared by
 *		the capabilities.  Each capability lives in its own file:
 *		capacity.c, capacity_summary.c, rules.c...
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "fmgr.h"
#include "utils/guc.h"

#include "effcap.h"

PG_MODULE_MAGIC;

int			EffcapMaxGroupMemoryKb = 4 * 1024 * 1024;	/* 4GB */

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomIntVariable("effcap.max_group_memory",
							"Largest array one group's FCR state may hold.",
							"The contacts of one group of fcr_rate() or fcr_stats() by (customer, time) "
							"take 8 to 24 bytes each; a group that needs more is refused.",
							&EffcapMaxGroupMemoryKb,
							4 * 1024 * 1024, 1024, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("effcap");
}

double
FiniteArg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	double		v = PG_GETARG_FLOAT8(argno);

	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number, not %g", name, v)));
	return v;
}
