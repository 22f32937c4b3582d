/*
 * uncertainty.h
 *		Wilson score intervals, for the families that read a rate from
 *		their summaries (see uncertainty.c).
 */
#ifndef EFFCAP_UNCERTAINTY_H
#define EFFCAP_UNCERTAINTY_H

#include "postgres.h"

#include "fmgr.h"

extern double ConfidenceZ(double confidence);
extern double ConfidenceArg(FunctionCallInfo fcinfo, int argno);
extern Datum WilsonRow(FunctionCallInfo fcinfo, int64 x, int64 n, double z);
extern Datum NpsRow(FunctionCallInfo fcinfo, int64 pro, int64 pas, int64 det, double z);

#endif
