/*
 * effcap.c
 *		Module magic and the module's settings.  Each capability lives in its
 *		own file: capacity.c, capacity_summary.c, rules.c...
 */
#include "postgres.h"

#include <limits.h>

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
