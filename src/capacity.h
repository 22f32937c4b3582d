/*
 * capacity.h
 *		Effective capacity (DESIGN 2): the summary type and the rules.
 *
 * The summary holds only integer counters, per work type and per sale tier,
 * named by the values found in the data.  Everything the scorecard reports
 * derives from them once rules are applied, so combining, un-adding and
 * rolling up summaries are exact additions and subtractions.
 */
#ifndef EFFCAP_CAPACITY_H
#define EFFCAP_CAPACITY_H

#include "postgres.h"

#include "utils/jsonb.h"

#include "rules.h"

#define CAP_SUMMARY_VERSION 1
#define CAP_MAX_NAMES 64		/* distinct work types, and sale tiers */
#define CAP_MAX_NAME_LEN 63		/* bytes of one name */

/* Counters kept per work type. */
typedef enum CapCounter
{
	CAP_VALID,					/* contacts not QA-invalid */
	CAP_INVALID,				/* QA-invalid contacts */
	CAP_DISSATISFIED,			/* dissatisfied among valid */
	CAP_REPEAT_VALID,			/* repeat among valid */
	CAP_REPEAT_INVALID,			/* repeat among invalid */
	CAP_NCOUNTERS
} CapCounter;

extern const char *const CapCounterNames[CAP_NCOUNTERS + 1];	/* NULL-ended */

typedef struct CapWorkType
{
	int64		count[CAP_NCOUNTERS];
	uint32		name_off;		/* into the name pool */
	uint32		name_len;
} CapWorkType;

typedef struct CapSaleTier
{
	int64		sales;			/* sales on valid contacts */
	uint32		name_off;
	uint32		name_len;
} CapSaleTier;

/*
 * On-disk varlena.  After the header: CapWorkType[ntypes], CapSaleTier[ntiers],
 * the embedded rules (a whole Jsonb varlena, rules_len bytes, 0 if none) and
 * the name pool.  Entries are kept sorted by name (bytewise), so equal
 * contents have equal bytes and sums run in one order whatever the plan.
 */
typedef struct CapacitySummary
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;			/* reserved, 0 */
	uint16		ntypes;
	uint16		ntiers;
	uint16		reserved;		/* 0 */
	uint32		rules_len;
	uint32		names_len;
	uint32		reserved2;		/* 0; keeps the entries 8-byte aligned */
} CapacitySummary;

#define CAP_TYPES(s)	((CapWorkType *) ((char *) (s) + sizeof(CapacitySummary)))
#define CAP_TIERS(s)	((CapSaleTier *) (CAP_TYPES(s) + (s)->ntypes))
#define CAP_RULES_AREA(s) ((char *) (CAP_TIERS(s) + (s)->ntiers))
#define CAP_RULES(s)	((s)->rules_len ? (Jsonb *) CAP_RULES_AREA(s) : NULL)
#define CAP_NAMES(s)	(CAP_RULES_AREA(s) + (s)->rules_len)
#define CAP_SIZE(ntypes, ntiers, rules_len, names_len) \
	(sizeof(CapacitySummary) + (Size) (ntypes) * sizeof(CapWorkType) + \
	 (Size) (ntiers) * sizeof(CapSaleTier) + (rules_len) + (names_len))

/* A name plus value from the rules. */
typedef struct CapNamedValue
{
	const char *name;
	int			len;
	double		value;
} CapNamedValue;

typedef struct CapTier
{
	RulesFraction below;		/* exact threshold */
	double		deduct;			/* share of base volume deducted */
} CapTier;

/* Parsed capacity rules (DESIGN 2). */
typedef struct CapacityRules
{
	int			nweights;
	CapNamedValue *weights;
	bool		has_default_weight;
	double		default_weight;
	double		dissatisfied_penalty;
	double		repeat_penalty;
	int			nquality_tiers;
	CapTier    *quality_tiers;	/* ascending by below */
	int			nfcr_tiers;
	CapTier    *fcr_tiers;		/* ascending by below */
	int			nbonuses;
	CapNamedValue *bonuses;
	bool		has_default_bonus;
	double		default_bonus;
	double		target;
} CapacityRules;

/* capacity_rules.c */
extern void CapacityRulesParse(Jsonb *doc, CapacityRules *out);
extern void CapacityRulesParseInto(Jsonb *doc, void *out);
extern const CapacityRules *CapacityDefaultRules(void);

/* capacity_summary.c */
struct SummaryKind;
extern const struct SummaryKind CapacitySummaryKind;
extern CapacitySummary *CapSummaryFromDatum(Datum d);
extern void CapSummaryCheck(const CapacitySummary *s, Size size, bool full);

#endif
