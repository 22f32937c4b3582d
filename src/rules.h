/*
 * rules.h
 *		Reading jsonb rules documents: typed getters that name the JSON path
 *		of any problem, shared by every capability that takes rules.
 */
#ifndef EFFCAP_RULES_H
#define EFFCAP_RULES_H

#include "postgres.h"

#include "utils/jsonb.h"

/*
 * An exact decimal fraction num / den, den a power of ten.  Thresholds are
 * kept this way so that a rate computed from counts compares with them
 * exactly (DESIGN 1.7): good / total < num / den  <=>  good * den < num * total.
 */
typedef struct RulesFraction
{
	int64		num;
	int64		den;
} RulesFraction;

/*
 * What a document is, for messages ("invalid <kind>: <path> <problem>"), and
 * the errcode its problems raise.
 */
typedef struct RulesDoc
{
	const char *kind;
	int			errcode;
} RulesDoc;

extern void RulesError(const RulesDoc *doc, const char *path,
					   const char *fmt,...) pg_attribute_printf(3, 4) pg_attribute_noreturn();
extern char *RulesPathKey(const char *parent, const char *key, int keylen);
extern char *RulesPathIndex(const char *parent, int index);

extern JsonbContainer *RulesRoot(const RulesDoc *doc, Jsonb *jb);
extern bool RulesGet(JsonbContainer *obj, const char *key, JsonbValue *out);
extern void RulesCheckKeys(const RulesDoc *doc, JsonbContainer *obj,
						   const char *path, const char *const *allowed);
extern JsonbContainer *RulesObject(const RulesDoc *doc, JsonbValue *v,
								   const char *path);
extern JsonbContainer *RulesArray(const RulesDoc *doc, JsonbValue *v,
								  const char *path);
extern double RulesNonNegative(const RulesDoc *doc, JsonbValue *v,
							   const char *path);
extern double RulesPositive(const RulesDoc *doc, JsonbValue *v,
							const char *path);
extern double RulesUnitInterval(const RulesDoc *doc, JsonbValue *v,
								const char *path);
extern RulesFraction RulesRateThreshold(const RulesDoc *doc, JsonbValue *v,
										const char *path);
extern int64 RulesCount(const RulesDoc *doc, JsonbValue *v, const char *path);
extern int	RulesFractionCmp(RulesFraction a, RulesFraction b);
extern bool RulesRateBelow(int64 good, int64 total, RulesFraction threshold);

extern void JsonCheckUniqueKeys(char *json, int len, const char *kind);

#endif
