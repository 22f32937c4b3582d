/*
 * rules.h
 *		Reading jsonb rules documents: typed getters that name the JSON path
 *		of any problem, shared by every capability that takes rules.
 */
#ifndef EFFCAP_RULES_H
#define EFFCAP_RULES_H

#include "postgres.h"

#include "utils/date.h"
#include "utils/jsonb.h"

#include "compat.h"

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

pg_noreturn extern void RulesError(const RulesDoc *doc, const char *path,
								   const char *fmt,...) pg_attribute_printf(3, 4);
extern char *RulesPathKey(const char *parent, const char *key, int keylen);
extern char *RulesPathMember(const char *parent, const char *key);
extern char *RulesPathIndex(const char *parent, int index);

extern JsonbContainer *RulesRoot(const RulesDoc *doc, Jsonb *jb);
extern bool RulesGet(JsonbContainer *obj, const char *key, JsonbValue *out);
extern void RulesCheckKeys(const RulesDoc *doc, JsonbContainer *obj,
						   const char *path, const char *const *allowed);
extern JsonbContainer *RulesObject(const RulesDoc *doc, JsonbValue *v,
								   const char *path);
extern JsonbContainer *RulesArray(const RulesDoc *doc, JsonbValue *v,
								  const char *path);
extern double RulesNumber(const RulesDoc *doc, JsonbValue *v, const char *path,
						  const char *what);
extern double RulesNonNegative(const RulesDoc *doc, JsonbValue *v,
							   const char *path);
extern double RulesPositive(const RulesDoc *doc, JsonbValue *v,
							const char *path);
extern double RulesUnitInterval(const RulesDoc *doc, JsonbValue *v,
								const char *path);
extern RulesFraction RulesRateThreshold(const RulesDoc *doc, JsonbValue *v,
										const char *path);
extern int64 RulesCount(const RulesDoc *doc, JsonbValue *v, const char *path);
extern DateADT RulesDate(const RulesDoc *doc, JsonbValue *v, const char *path);
extern DateADT *RulesDateList(const RulesDoc *doc, JsonbValue *v, const char *path, int max,
							  int *n);
extern bool RulesDateListHas(const DateADT *dates, int n, DateADT d);
extern int64 RulesDuration(const RulesDoc *doc, JsonbValue *v, const char *path, int64 max);
extern int	RulesFractionCmp(RulesFraction a, RulesFraction b);
extern bool RulesRateBelow(int64 good, int64 total, RulesFraction threshold);

extern void JsonCheckUniqueKeys(char *json, int len, const char *kind);

extern Jsonb *JsonbFromCString(const char *s);
extern Jsonb *JsonbCopy4B(struct varlena *v);
extern int	RulesNameCmp(const char *a, int alen, const char *b, int blen);
extern bool JsonbSameBytes(struct varlena *arg, const Jsonb *jb);
extern bool JsonbSameValue(struct varlena *arg, const Jsonb *jb);

/*
 * A parsed rules document kept for a query (fn_extra), keyed on the jsonb's
 * bytes: parsed again only when a different document arrives, and the old
 * parse is freed then.
 */
typedef struct RulesCache
{
	MemoryContext cxt;			/* holds doc and parsed */
	Jsonb	   *doc;			/* NULL until a parse succeeds */
	void	   *parsed;
} RulesCache;

typedef void (*RulesParseFn) (Jsonb *doc, void *out);

extern void *RulesCacheGet(RulesCache *cache, MemoryContext parent, struct varlena *jb,
						   Size parsed_size, RulesParseFn parse);

#endif
