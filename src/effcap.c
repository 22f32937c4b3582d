/*
 * effcap.c
 *		Module magic for the effcap extension.  Each capability lives in its
 *		own file: capacity.c, capacity_summary.c, rules.c...
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
