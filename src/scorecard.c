/*
 * scorecard.c
 *		KPI scorecards (DESIGN 3): one engine for seed 004's deduction
 *		indicators and seed 001's banded indicators, the kpi_inputs state type
 *		of effcap.center_kpi_score(), and the breakdown functions.
 *
 * A scorecard is a jsonb value:
 *   {"indicators": [{"name": "answer_rate", "kind": "deduction", "points": 15,
 *                    "better": "higher", "target": 0.90, "per": 0.01, "deduct": 1}, ...
 *                   {"name": "fcr_rate", "kind": "banded", "dimension": "service_quality",
 *                    "better": "higher", "poor": 0.55, "benchmark": 0.70, "excellent": 0.85}],
 *    "dimensions": [{"name": "service_quality", "weight": 40}, ...],
 *    "rounding": "proportional"}
 * A deduction indicator keeps its points less deduct per `per` of shortfall
 * against its target, floored at 0.  A banded indicator scores 0 at or beyond
 * poor, 80 at benchmark, 100 at or beyond excellent, linearly between; a
 * range indicator is banded on both sides of a target range:
 *   {"name": "aht_seconds", "kind": "range", "dimension": "operational_efficiency",
 *    "poor": [90, 480], "benchmark": [144, 330], "excellent": [180, 240]}
 * scores 100 inside [180, 240] and falls to 80 at 144 and at 330, to 0 at 90
 * and at 480 (too short a call is as suspect as too long).  A dimension
 * scores the mean of its indicators, weighted by its weight.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "common/shortest_dec.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "rules.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(default_center_scorecard);
PG_FUNCTION_INFO_V1(default_supervisor_scorecard);
PG_FUNCTION_INFO_V1(validate_scorecard);
PG_FUNCTION_INFO_V1(kpi_inputs_in);
PG_FUNCTION_INFO_V1(kpi_inputs_out);
PG_FUNCTION_INFO_V1(kpi_inputs_recv);
PG_FUNCTION_INFO_V1(kpi_inputs_send);
PG_FUNCTION_INFO_V1(kpi_trans);
PG_FUNCTION_INFO_V1(kpi_combine);
PG_FUNCTION_INFO_V1(kpi_final);
PG_FUNCTION_INFO_V1(kpi_score_jsonb);
PG_FUNCTION_INFO_V1(kpi_breakdown);
PG_FUNCTION_INFO_V1(kpi_dimensions);

#define KPI_VERSION 1
#define KPI_MAX 64				/* indicators in a scorecard or a group */
#define KPI_MAX_NAME_LEN 63
#define KPI_TOLERANCE 1e-9		/* DESIGN 1.7: a value at a threshold meets it */

/* Seed 004: the center KPI, exactly. */
static const char DefaultCenterScorecard[] =
"{\"indicators\": ["
"{\"name\": \"answer_rate\", \"kind\": \"deduction\", \"points\": 15, \"better\": \"higher\", \"target\": 0.90, \"per\": 0.01, \"deduct\": 1},"
"{\"name\": \"non_call_processing_rate\", \"kind\": \"deduction\", \"points\": 15, \"better\": \"higher\", \"target\": 1.00, \"per\": 0.01, \"deduct\": 1},"
"{\"name\": \"exam_avg\", \"kind\": \"deduction\", \"points\": 15, \"better\": \"higher\", \"target\": 80, \"per\": 1, \"deduct\": 1},"
"{\"name\": \"qa_avg\", \"kind\": \"deduction\", \"points\": 15, \"better\": \"higher\", \"target\": 80, \"per\": 1, \"deduct\": 1},"
"{\"name\": \"avg_talk_seconds\", \"kind\": \"deduction\", \"points\": 10, \"better\": \"lower\", \"target\": 120, \"per\": 10, \"deduct\": 1},"
"{\"name\": \"performance_avg\", \"kind\": \"deduction\", \"points\": 10, \"better\": \"higher\", \"target\": 85, \"per\": 1, \"deduct\": 1},"
"{\"name\": \"major_complaints\", \"kind\": \"deduction\", \"points\": 10, \"better\": \"lower\", \"target\": 0, \"per\": 1, \"deduct\": 2, \"default\": 0},"
"{\"name\": \"report_errors\", \"kind\": \"deduction\", \"points\": 10, \"better\": \"lower\", \"target\": 0, \"per\": 1, \"deduct\": 2, \"default\": 0}"
"], \"rounding\": \"proportional\"}";

/*
 * Seed 001: the supervisor radar.  Which levels are the seed's and which
 * are effcap's choice is documented per indicator in doc/scorecards.md.
 * The seed gives AHT as ranges (benchmark 210-330 s, excellent 180-240 s):
 * the excellent range and the upper benchmark are the seed's; its lower
 * benchmark lies inside the excellent range, so the low side is effcap's.
 */
static const char DefaultSupervisorScorecard[] =
"{\"indicators\": ["
"{\"name\": \"service_level\", \"kind\": \"banded\", \"dimension\": \"service_quality\", \"better\": \"higher\", \"poor\": 0.50, \"benchmark\": 0.80, \"excellent\": 0.95},"
"{\"name\": \"fcr_rate\", \"kind\": \"banded\", \"dimension\": \"service_quality\", \"better\": \"higher\", \"poor\": 0.55, \"benchmark\": 0.70, \"excellent\": 0.85},"
"{\"name\": \"csat\", \"kind\": \"banded\", \"dimension\": \"service_quality\", \"better\": \"higher\", \"poor\": 0.70, \"benchmark\": 0.85, \"excellent\": 0.92},"
"{\"name\": \"aht_seconds\", \"kind\": \"range\", \"dimension\": \"operational_efficiency\", \"poor\": [90, 480], \"benchmark\": [144, 330], \"excellent\": [180, 240]},"
"{\"name\": \"abandon_rate\", \"kind\": \"banded\", \"dimension\": \"operational_efficiency\", \"better\": \"lower\", \"poor\": 0.15, \"benchmark\": 0.08, \"excellent\": 0.05},"
"{\"name\": \"cost_per_call\", \"kind\": \"banded\", \"dimension\": \"operational_efficiency\", \"better\": \"lower\", \"poor\": 6.0, \"benchmark\": 4.0, \"excellent\": 2.8},"
"{\"name\": \"knowledge_contributions\", \"kind\": \"banded\", \"dimension\": \"business_capability\", \"better\": \"higher\", \"poor\": 10, \"benchmark\": 50, \"excellent\": 75},"
"{\"name\": \"attendance_rate\", \"kind\": \"banded\", \"dimension\": \"team_management\", \"better\": \"higher\", \"poor\": 0.85, \"benchmark\": 0.95, \"excellent\": 0.98},"
"{\"name\": \"utilization_rate\", \"kind\": \"banded\", \"dimension\": \"team_management\", \"better\": \"higher\", \"poor\": 0.80, \"benchmark\": 0.92, \"excellent\": 0.96}"
"], \"dimensions\": ["
"{\"name\": \"service_quality\", \"weight\": 40}, {\"name\": \"operational_efficiency\", \"weight\": 30},"
"{\"name\": \"business_capability\", \"weight\": 20}, {\"name\": \"team_management\", \"weight\": 10}"
"]}";

static const RulesDoc ScorecardDoc = {"scorecard", ERRCODE_INVALID_PARAMETER_VALUE};
static const RulesDoc InputsTextDoc = {
	"input syntax for type kpi_inputs", ERRCODE_INVALID_TEXT_REPRESENTATION
};

typedef enum Rounding
{
	ROUND_PROPORTIONAL, ROUND_PER_STARTED, ROUND_PER_FULL
} Rounding;

typedef enum IndicatorKind
{
	KIND_DEDUCTION, KIND_BANDED, KIND_RANGE
} IndicatorKind;

/* Levels of one banded side: 0 points at poor, 80 at benchmark, 100 at excellent. */
typedef struct Band
{
	bool		higher;			/* higher values are better */
	double		poor,
				benchmark,
				excellent;
} Band;

typedef struct Indicator
{
	const char *name;
	int			len;
	IndicatorKind kind;
	bool		higher;			/* deduction: higher values are better */
	bool		has_default;
	double		dflt;
	double		max_points;		/* deduction: points; else its share of the dimension */
	/* deduction */
	double		points,
				target,
				per,
				deduct;
	Rounding	rounding;
	/* banded: band; range: low (higher is better up to the range) and band */
	int			dim;			/* index into dims */
	Band		low,
				band;
} Indicator;

typedef struct Dimension
{
	const char *name;
	int			len;
	double		weight;
	int			count;			/* indicators in it */
} Dimension;

typedef struct Scorecard
{
	int			n;
	Indicator	ind[KPI_MAX];
	int			ndims;
	Dimension	dims[KPI_MAX];
} Scorecard;

/*
 * The kpi_inputs state: indicator values of one group, sorted by name,
 * optionally carrying the scorecard (a whole Jsonb varlena).
 */
typedef struct KpiEntry
{
	double		value;
	uint32		name_off;
	uint32		name_len;
} KpiEntry;

typedef struct KpiInputs
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;			/* reserved, 0 */
	uint16		n;
	uint32		scorecard_len;
	uint32		names_len;
	uint32		reserved;		/* 0; keeps the entries 8-byte aligned */
} KpiInputs;

#define KPI_ENTRIES(s)	((KpiEntry *) ((char *) (s) + sizeof(KpiInputs)))
#define KPI_CARD_AREA(s) ((char *) (KPI_ENTRIES(s) + (s)->n))
#define KPI_CARD(s)		((s)->scorecard_len ? (Jsonb *) KPI_CARD_AREA(s) : NULL)
#define KPI_NAMES(s)	(KPI_CARD_AREA(s) + (s)->scorecard_len)
#define KPI_SIZE(n, card_len, names_len) \
	(sizeof(KpiInputs) + (Size) (n) * sizeof(KpiEntry) + (card_len) + (names_len))

/* Unpacked values: names point into their source. */
typedef struct KpiBuilder
{
	int			n;
	const char *name[KPI_MAX];
	int			len[KPI_MAX];
	double		value[KPI_MAX];
	Jsonb	   *card;
} KpiBuilder;

/* ----------------------------------------------------------------------
 * Scorecard parsing
 * ---------------------------------------------------------------------- */

/* A required member of an object, or an error naming it. */
static void
Require(JsonbContainer *obj, const char *path, const char *key, JsonbValue *v)
{
	if (!RulesGet(obj, key, v))
		RulesError(&ScorecardDoc, RulesPathMember(path, key), "is missing");
}

/* Any finite JSON number. */
static double
Number(JsonbValue *v, const char *path)
{
	return RulesNumber(&ScorecardDoc, v, path, "a number");
}

/* A JSON string that is one of the choices; its index. */
static int
Choice(JsonbValue *v, const char *path, const char *const *choices)
{
	StringInfoData list;

	if (v->type == jbvString)
		for (int i = 0; choices[i]; i++)
			if (strlen(choices[i]) == (size_t) v->val.string.len &&
				memcmp(choices[i], v->val.string.val, v->val.string.len) == 0)
				return i;
	initStringInfo(&list);
	for (int i = 0; choices[i]; i++)
		appendStringInfo(&list, "%s\"%s\"", i ? ", " : "", choices[i]);
	RulesError(&ScorecardDoc, path, "must be one of %s", list.data);
}

/* A name: a non-empty JSON string of at most KPI_MAX_NAME_LEN bytes. */
static void
ParseName(JsonbValue *v, const char *path, const char **name, int *len)
{
	if (v->type != jbvString || v->val.string.len == 0)
		RulesError(&ScorecardDoc, path, "must be a non-empty string");
	if (v->val.string.len > KPI_MAX_NAME_LEN)
		RulesError(&ScorecardDoc, path, "must have at most %d bytes", KPI_MAX_NAME_LEN);
	*name = v->val.string.val;
	*len = v->val.string.len;
}

/*
 * One side of a banded or range indicator: poor, benchmark and excellent,
 * each a number (banded, side < 0) or element `side` of a [low, high] pair
 * (range: 0 the low side, 1 the high side).
 */
static void
ParseBand(JsonbContainer *obj, const char *path, int side, bool higher, Band *b)
{
	static const char *const levels[] = {"poor", "benchmark", "excellent"};
	double		x[3];

	for (int i = 0; i < 3; i++)
	{
		char	   *lpath = RulesPathMember(path, levels[i]);
		JsonbValue	v;

		Require(obj, path, levels[i], &v);
		if (side >= 0)
		{
			JsonbContainer *pair = NULL;

			if (v.type == jbvBinary && JsonContainerIsArray(v.val.binary.data))
				pair = v.val.binary.data;
			if (pair == NULL || JsonContainerSize(pair) != 2)
				RulesError(&ScorecardDoc, lpath, "must be a range [low, high] of two numbers");
			v = *getIthJsonbValueFromContainer(pair, side);
			lpath = RulesPathIndex(lpath, side);
		}
		x[i] = Number(&v, lpath);
	}
	b->higher = higher;
	b->poor = x[0];
	b->benchmark = x[1];
	b->excellent = x[2];
	if (!isfinite(b->benchmark - b->poor) || !isfinite(b->excellent - b->benchmark))
		RulesError(&ScorecardDoc, path, "has levels too far apart to interpolate");
	if (higher ? !(b->poor < b->benchmark && b->benchmark < b->excellent)
		: !(b->poor > b->benchmark && b->benchmark > b->excellent))
	{
		if (side < 0)
			RulesError(&ScorecardDoc, path, "must have poor %s benchmark %s excellent (better is %s)",
					   higher ? "<" : ">", higher ? "<" : ">", higher ? "higher" : "lower");
		RulesError(&ScorecardDoc, path,
				   "must have poor %s benchmark %s excellent on the %s side of the range",
				   higher ? "<" : ">", higher ? "<" : ">", side == 0 ? "low" : "high");
	}
}

/*
 * The max_points of each banded and range indicator: its dimension's weight
 * shared equally, the last indicator of a dimension taking what the others
 * leave, so that the shares add up to exactly the weight in scorecard order
 * (a BI check "sum(max_points) = weight" holds to the last bit).
 */
static void
DimensionShares(Scorecard *sc)
{
	for (int j = 0; j < sc->ndims; j++)
	{
		const Dimension *d = &sc->dims[j];
		double		share = d->weight / d->count;
		double		given = 0;
		int			seen = 0;

		for (int k = 0; k < sc->n; k++)
		{
			Indicator  *ind = &sc->ind[k];

			if (ind->kind == KIND_DEDUCTION || ind->dim != j)
				continue;
			ind->max_points = ++seen < d->count ? share : d->weight - given;
			given += ind->max_points;
		}
	}
}

static const char *const RoundingNames[] = {"proportional", "per_started", "per_full", NULL};
static const char *const BetterNames[] = {"higher", "lower", NULL};

/* "dimensions": [{"name", "weight"}, ...] of a scorecard. */
static void
ParseDimensions(JsonbContainer *root, Scorecard *sc)
{
	static const char *const dim_keys[] = {"name", "weight", NULL};
	const RulesDoc *doc = &ScorecardDoc;
	JsonbContainer *arr;
	JsonbValue	v;
	int			n;

	sc->ndims = 0;
	if (!RulesGet(root, "dimensions", &v))
		return;
	arr = RulesArray(doc, &v, "dimensions");
	n = JsonContainerSize(arr);
	if (n > KPI_MAX)
		RulesError(doc, "dimensions", "must have at most %d entries", KPI_MAX);
	for (int i = 0; i < n; i++)
	{
		char	   *path = RulesPathIndex("dimensions", i);
		JsonbContainer *obj = RulesObject(doc, getIthJsonbValueFromContainer(arr, i), path);
		Dimension  *d = &sc->dims[sc->ndims];

		d->count = 0;
		RulesCheckKeys(doc, obj, path, dim_keys);
		Require(obj, path, "name", &v);
		ParseName(&v, RulesPathMember(path, "name"), &d->name, &d->len);
		for (int j = 0; j < sc->ndims; j++)
			if (sc->dims[j].len == d->len && memcmp(sc->dims[j].name, d->name, d->len) == 0)
				RulesError(doc, RulesPathMember(path, "name"), "repeats dimension \"%.*s\"",
						   d->len, d->name);
		Require(obj, path, "weight", &v);
		d->weight = RulesPositive(doc, &v, RulesPathMember(path, "weight"));
		sc->ndims++;
	}
}

/* The points, target, step and deduction of a deduction indicator. */
static void
ParseDeduction(JsonbContainer *obj, const char *path, Rounding rounding, Indicator *ind)
{
	const RulesDoc *doc = &ScorecardDoc;
	JsonbValue	v;

	Require(obj, path, "points", &v);
	ind->points = RulesPositive(doc, &v, RulesPathMember(path, "points"));
	ind->max_points = ind->points;
	Require(obj, path, "target", &v);
	ind->target = Number(&v, RulesPathMember(path, "target"));
	Require(obj, path, "per", &v);
	ind->per = RulesPositive(doc, &v, RulesPathMember(path, "per"));
	Require(obj, path, "deduct", &v);
	ind->deduct = RulesNonNegative(doc, &v, RulesPathMember(path, "deduct"));
	ind->rounding = rounding;
	if (RulesGet(obj, "rounding", &v))
		ind->rounding = (Rounding) Choice(&v, RulesPathMember(path, "rounding"), RoundingNames);
}

/* The dimension and levels of a banded or range indicator. */
static void
ParseBanded(JsonbContainer *obj, const char *path, Scorecard *sc, Indicator *ind)
{
	const RulesDoc *doc = &ScorecardDoc;
	const char *dname;
	int			dlen;
	JsonbValue	v;

	Require(obj, path, "dimension", &v);
	ParseName(&v, RulesPathMember(path, "dimension"), &dname, &dlen);
	ind->dim = -1;
	for (int j = 0; j < sc->ndims; j++)
		if (sc->dims[j].len == dlen && memcmp(sc->dims[j].name, dname, dlen) == 0)
			ind->dim = j;
	if (ind->dim < 0)
		RulesError(doc, RulesPathMember(path, "dimension"),
				   "names no dimension of \"dimensions\": \"%.*s\"", dlen, dname);
	sc->dims[ind->dim].count++;
	if (ind->kind == KIND_BANDED)
		ParseBand(obj, path, -1, ind->higher, &ind->band);
	else
	{
		ParseBand(obj, path, 0, true, &ind->low);
		ParseBand(obj, path, 1, false, &ind->band);
		if (!(ind->low.excellent <= ind->band.excellent))
			RulesError(doc, RulesPathMember(path, "excellent"),
					   "must be a range [low, high] with low <= high");
	}
}

/* Indicator i of "indicators", appended to sc->ind. */
static void
ParseIndicator(JsonbContainer *arr, int i, Rounding rounding, Scorecard *sc)
{
	static const char *const deduction_keys[] = {
		"name", "kind", "points", "better", "target", "per", "deduct", "rounding", "default", NULL
	};
	static const char *const banded_keys[] = {
		"name", "kind", "dimension", "better", "poor", "benchmark", "excellent", "default", NULL
	};
	static const char *const range_keys[] = {
		"name", "kind", "dimension", "poor", "benchmark", "excellent", "default", NULL
	};
	static const char *const *const kind_keys[] = {deduction_keys, banded_keys, range_keys};
	static const char *const kinds[] = {"deduction", "banded", "range", NULL};
	const RulesDoc *doc = &ScorecardDoc;
	char	   *path = RulesPathIndex("indicators", i);
	JsonbContainer *obj = RulesObject(doc, getIthJsonbValueFromContainer(arr, i), path);
	Indicator  *ind = &sc->ind[sc->n];
	JsonbValue	v;

	memset(ind, 0, sizeof(*ind));
	Require(obj, path, "kind", &v);
	ind->kind = (IndicatorKind) Choice(&v, RulesPathMember(path, "kind"), kinds);
	RulesCheckKeys(doc, obj, path, kind_keys[ind->kind]);
	Require(obj, path, "name", &v);
	ParseName(&v, RulesPathMember(path, "name"), &ind->name, &ind->len);
	for (int j = 0; j < sc->n; j++)
		if (sc->ind[j].len == ind->len && memcmp(sc->ind[j].name, ind->name, ind->len) == 0)
			RulesError(doc, RulesPathMember(path, "name"), "repeats indicator \"%.*s\"",
					   ind->len, ind->name);
	if (ind->kind != KIND_RANGE)
	{
		Require(obj, path, "better", &v);
		ind->higher = Choice(&v, RulesPathMember(path, "better"), BetterNames) == 0;
	}
	if (RulesGet(obj, "default", &v))
	{
		ind->has_default = true;
		ind->dflt = Number(&v, RulesPathMember(path, "default"));
	}
	if (ind->kind == KIND_DEDUCTION)
		ParseDeduction(obj, path, rounding, ind);
	else
		ParseBanded(obj, path, sc, ind);
	sc->n++;
}

/* Parse and check a scorecard; errors name the JSON path. */
static void
ScorecardParse(Jsonb *jb, Scorecard *sc)
{
	static const char *const top_keys[] = {"indicators", "dimensions", "rounding", NULL};
	const RulesDoc *doc = &ScorecardDoc;
	JsonbContainer *root = RulesRoot(doc, jb);
	JsonbContainer *arr;
	JsonbValue	v;
	Rounding	rounding = ROUND_PROPORTIONAL;
	int			n;

	sc->n = 0;
	RulesCheckKeys(doc, root, NULL, top_keys);
	if (RulesGet(root, "rounding", &v))
		rounding = (Rounding) Choice(&v, "rounding", RoundingNames);
	ParseDimensions(root, sc);

	Require(root, NULL, "indicators", &v);
	arr = RulesArray(doc, &v, "indicators");
	n = JsonContainerSize(arr);
	if (n == 0)
		RulesError(doc, "indicators", "must not be empty");
	if (n > KPI_MAX)
		RulesError(doc, "indicators", "must have at most %d entries", KPI_MAX);
	for (int i = 0; i < n; i++)
		ParseIndicator(arr, i, rounding, sc);
	for (int j = 0; j < sc->ndims; j++)
		if (sc->dims[j].count == 0)
			RulesError(doc, RulesPathIndex("dimensions", j), "has no indicator");
	DimensionShares(sc);
}

Datum
default_center_scorecard(PG_FUNCTION_ARGS)
{
	PG_RETURN_JSONB_P(JsonbFromCString(DefaultCenterScorecard));
}

Datum
default_supervisor_scorecard(PG_FUNCTION_ARGS)
{
	PG_RETURN_JSONB_P(JsonbFromCString(DefaultSupervisorScorecard));
}

Datum
validate_scorecard(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	Scorecard  *sc = palloc(sizeof(Scorecard));

	ScorecardParse(jb, sc);
	PG_RETURN_JSONB_P(jb);
}

static void
ParseScorecardInto(Jsonb *doc, void *out)
{
	ScorecardParse(doc, out);
}

static const SummaryKind KpiInputsKind = {
	"kpi_inputs", KPI_VERSION, KPI_MAX_NAME_LEN, "scorecard",
	ParseScorecardInto, sizeof(Scorecard)
};

/* The parsed scorecard of a jsonb (any header), parsed once per distinct value. */
static const Scorecard *
CachedScorecard(FunctionCallInfo fcinfo, struct varlena *jb)
{
	return SummaryCachedDocument(fcinfo, &KpiInputsKind, jb);
}

/* ----------------------------------------------------------------------
 * The kpi_inputs state
 * ---------------------------------------------------------------------- */

/* Reject a value that cannot be scored. */
static void
CheckValue(const char *name, int len, double value)
{
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value of indicator \"%.*s\" must be finite, not %s",
						len, name, isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))));
}

/* Add one indicator value to a builder; a name given twice is an error. */
static void
BuilderAdd(KpiBuilder *b, const char *name, int len, double value)
{
	if (SummaryFindName(b->name, b->len, b->n, name, len) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("indicator \"%.*s\" appears more than once in the group", len, name)));
	SummaryCheckNewName(&KpiInputsKind, "indicator", name, len, b->n, KPI_MAX);
	CheckValue(name, len, value);
	b->name[b->n] = name;
	b->len[b->n] = len;
	b->value[b->n] = value;
	b->n++;
}

/* Check a state's header and offsets against its size; deep: its scorecard's jsonb too. */
static KpiInputs *
KpiFromDatum(Datum d, bool deep)
{
	KpiInputs  *s = (KpiInputs *) PG_DETOAST_DATUM(d);
	Size		size = VARSIZE(s);

	if (size < sizeof(KpiInputs) || s->version != KPI_VERSION || s->flags != 0 ||
		s->reserved != 0 || s->n > KPI_MAX ||
		KPI_SIZE(s->n, s->scorecard_len, s->names_len) != size)
		SummaryCorrupt(&KpiInputsKind, NULL);
	SummaryCheckDoc(&KpiInputsKind, KPI_CARD_AREA(s), s->scorecard_len, deep);
	for (int i = 0; i < s->n; i++)
	{
		const KpiEntry *e = &KPI_ENTRIES(s)[i];

		SummaryCheckName(&KpiInputsKind, KPI_NAMES(s), e->name_off, e->name_len, s->names_len);
		if (i > 0)
			SummaryCheckNameOrder(&KpiInputsKind, KPI_NAMES(s), e[-1].name_off, e[-1].name_len,
								  e->name_off, e->name_len);
	}
	return s;
}

static void
BuilderLoad(KpiBuilder *b, const KpiInputs *s)
{
	b->n = s->n;
	for (int i = 0; i < s->n; i++)
	{
		const KpiEntry *e = &KPI_ENTRIES(s)[i];

		b->name[i] = KPI_NAMES(s) + e->name_off;
		b->len[i] = e->name_len;
		b->value[i] = e->value;
	}
	b->card = KPI_CARD(s);
}

/* Pack a builder, entries sorted by name. */
static KpiInputs *
BuilderPack(const KpiBuilder *b)
{
	int			order[KPI_MAX];
	uint32		card_len = b->card ? VARSIZE(b->card) : 0;
	uint32		names_len = 0;
	uint32		off = 0;
	Size		size;
	KpiInputs  *s;

	SummarySortNames(b->name, b->len, b->n, order);
	for (int i = 0; i < b->n; i++)
		names_len += b->len[i];
	size = KPI_SIZE(b->n, card_len, names_len);
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = KPI_VERSION;
	s->n = b->n;
	s->scorecard_len = card_len;
	s->names_len = names_len;
	if (card_len)
		memcpy(KPI_CARD_AREA(s), b->card, card_len);
	for (int i = 0; i < b->n; i++)
	{
		KpiEntry   *e = &KPI_ENTRIES(s)[i];
		int			k = order[i];

		e->value = b->value[k];
		e->name_off = off;
		e->name_len = b->len[k];
		memcpy(KPI_NAMES(s) + off, b->name[k], b->len[k]);
		off += b->len[k];
	}
	return s;
}

/*
 * Transition: add one (indicator, value) row.  With a scorecard argument the
 * state carries it, validated once per query.
 */
Datum
kpi_trans(PG_FUNCTION_ARGS)
{
	bool		with_card = PG_NARGS() > 3;
	KpiBuilder	b;
	text	   *name;

	if (with_card && PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("scorecard must not be NULL"),
				 errhint("Pass effcap.default_center_scorecard() for the defaults.")));
	/* A row without an indicator or a value is skipped. */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}

	if (PG_ARGISNULL(0))
	{
		b.n = 0;
		b.card = NULL;
		if (with_card)
		{
			struct varlena *arg = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(3));

			CachedScorecard(fcinfo, arg);
			b.card = JsonbCopy4B(arg);
		}
	}
	else
	{
		BuilderLoad(&b, KpiFromDatum(PG_GETARG_DATUM(0), !AggCheckCallContext(fcinfo, NULL)));
		if (with_card && !JsonbSameValue(PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(3)), b.card))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("scorecard must be the same for every row of a group")));
	}
	name = PG_GETARG_TEXT_PP(1);
	BuilderAdd(&b, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name), PG_GETARG_FLOAT8(2));
	PG_RETURN_POINTER(BuilderPack(&b));
}

/* Combine two partial states; an indicator in both is the duplicate error. */
Datum
kpi_combine(PG_FUNCTION_ARGS)
{
	KpiInputs  *a = KpiFromDatum(PG_GETARG_DATUM(0), true);
	KpiInputs  *bs = KpiFromDatum(PG_GETARG_DATUM(1), true);
	KpiBuilder	b;

	if ((a->scorecard_len == 0) != (bs->scorecard_len == 0) ||
		(a->scorecard_len != 0 && !JsonbSameValue((struct varlena *) KPI_CARD(a), KPI_CARD(bs))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine kpi_inputs that carry different scorecards")));
	BuilderLoad(&b, a);
	for (int i = 0; i < bs->n; i++)
	{
		const KpiEntry *e = &KPI_ENTRIES(bs)[i];

		BuilderAdd(&b, KPI_NAMES(bs) + e->name_off, e->name_len, e->value);
	}
	PG_RETURN_POINTER(BuilderPack(&b));
}

/* ----------------------------------------------------------------------
 * Scoring
 * ---------------------------------------------------------------------- */

/* x rounded to an integer when within the tolerance of one. */
static double
Snap(double x)
{
	double		r = rint(x);

	return fabs(x - r) <= KPI_TOLERANCE * Max(1.0, fabs(x)) ? r : x;
}

/* Points of a deduction indicator. */
static double
DeductionPoints(const Indicator *ind, double value)
{
	double		shortfall = ind->higher ? ind->target - value : value - ind->target;
	double		units;

	if (shortfall <= KPI_TOLERANCE * Max(1.0, fabs(ind->target)) || ind->deduct == 0)
		return ind->points;
	units = Snap(shortfall / ind->per);
	if (!isfinite(units))
		return 0;				/* infinitely many steps short */
	if (ind->rounding == ROUND_PER_STARTED)
		units = ceil(units);
	else if (ind->rounding == ROUND_PER_FULL)
		units = floor(units);
	return Max(0.0, ind->points - units * ind->deduct);
}

/* Whether a and b are equal within the tolerance. */
static bool
Near(double a, double b)
{
	return fabs(a - b) <= KPI_TOLERANCE * Max(1.0, fabs(b));
}

/* 0..100 score of one banded side. */
static double
BandScore(const Band *b, double value)
{
	/* Turn lower-is-better into higher-is-better. */
	double		s = b->higher ? 1 : -1;
	double		v = s * value,
				poor = s * b->poor,
				bench = s * b->benchmark,
				exc = s * b->excellent;

	if (v >= exc || Near(v, exc))
		return 100;
	if (Near(v, bench))
		return 80;
	if (v <= poor || Near(v, poor))
		return 0;
	if (v < bench)
		return 80 * (v - poor) / (bench - poor);
	return 80 + 20 * (v - bench) / (exc - bench);
}

/* Score a group's values: the effcap.kpi_score row, or NULL if empty. */
static Datum
Score(FunctionCallInfo fcinfo, const KpiInputs *s, const Scorecard *sc)
{
	Datum		names[KPI_MAX],
				dims[KPI_MAX],
				values[KPI_MAX],
				points[KPI_MAX],
				maxes[KPI_MAX];
	bool		dim_nulls[KPI_MAX];
	int			dims_n[1] = {sc->n};
	int			lbs[1] = {1};
	double		score = 0,
				max_score = 0;
	Datum		result[7];
	bool		nulls[7] = {0};

	if (s->n == 0)
		return (Datum) 0;

	/* Every value must belong to the scorecard. */
	for (int i = 0; i < s->n; i++)
	{
		const KpiEntry *e = &KPI_ENTRIES(s)[i];
		const char *name = KPI_NAMES(s) + e->name_off;
		bool		known = false;

		for (int k = 0; k < sc->n && !known; k++)
			known = (uint32) sc->ind[k].len == e->name_len &&
				memcmp(sc->ind[k].name, name, e->name_len) == 0;
		if (!known)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("indicator \"%.*s\" is not in the scorecard", e->name_len, name)));
	}

	for (int k = 0; k < sc->n; k++)
	{
		const Indicator *ind = &sc->ind[k];
		double		value = 0,
					pts,
					max;
		bool		found = false;

		for (int i = 0; i < s->n && !found; i++)
		{
			const KpiEntry *e = &KPI_ENTRIES(s)[i];

			if (e->name_len == (uint32) ind->len &&
				memcmp(KPI_NAMES(s) + e->name_off, ind->name, ind->len) == 0)
			{
				value = e->value;
				found = true;
			}
		}
		if (!found)
		{
			if (!ind->has_default)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("indicator \"%.*s\" is missing from the group", ind->len, ind->name),
						 errhint("Add a row for it, or give it a \"default\" in the scorecard.")));
			value = ind->dflt;
		}
		max = ind->max_points;
		if (ind->kind != KIND_DEDUCTION)
		{
			const Dimension *d = &sc->dims[ind->dim];
			double		band;

			/* A range is banded upwards below its range, downwards above it. */
			band = BandScore(ind->kind == KIND_RANGE && value < ind->low.excellent ?
							 &ind->low : &ind->band, value);
			/* score / 100 <= 1, so the points never pass max, and equal it at 100. */
			pts = max * (band / 100);
			dims[k] = PointerGetDatum(cstring_to_text_with_len(d->name, d->len));
			dim_nulls[k] = false;
		}
		else
		{
			pts = DeductionPoints(ind, value);
			dims[k] = (Datum) 0;
			dim_nulls[k] = true;
		}
		names[k] = PointerGetDatum(cstring_to_text_with_len(ind->name, ind->len));
		values[k] = Float8GetDatum(value);
		points[k] = Float8GetDatum(pts);
		maxes[k] = Float8GetDatum(max);
		score += pts;
		max_score += max;
	}
	if (!isfinite(score) || !isfinite(max_score) || isnan(score))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("scorecard result is out of range"),
				 errdetail("The scorecard's points, weights or levels are too extreme.")));

	result[0] = Float8GetDatum(score);
	result[1] = Float8GetDatum(max_score);
	result[2] = PointerGetDatum(construct_array(names, sc->n, TEXTOID, -1, false, TYPALIGN_INT));
	result[3] = PointerGetDatum(construct_md_array(dims, dim_nulls, 1, dims_n, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));
	result[4] = PointerGetDatum(construct_array(values, sc->n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	result[5] = PointerGetDatum(construct_array(points, sc->n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	result[6] = PointerGetDatum(construct_array(maxes, sc->n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	return HeapTupleGetDatum(heap_form_tuple(SummaryResultDesc(fcinfo, "effcap.kpi_score"),
											 result, nulls));
}

/* The default center scorecard, parsed once per backend. */
static const Scorecard *
DefaultCenter(void)
{
	static Scorecard *sc = NULL;

	if (sc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
		Scorecard  *parsed = palloc(sizeof(Scorecard));

		ScorecardParse(JsonbFromCString(DefaultCenterScorecard), parsed);
		MemoryContextSwitchTo(old);
		sc = parsed;
	}
	return sc;
}

/* Final function: score with the carried scorecard, or the default center one. */
Datum
kpi_final(PG_FUNCTION_ARGS)
{
	KpiInputs  *s;
	Datum		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = KpiFromDatum(PG_GETARG_DATUM(0), true);
	result = Score(fcinfo, s, s->scorecard_len ?
				   CachedScorecard(fcinfo, (struct varlena *) KPI_CARD(s)) : DefaultCenter());
	if (result == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* Wide-row form: effcap.kpi_score(kpis jsonb [, scorecard jsonb]). */
Datum
kpi_score_jsonb(PG_FUNCTION_ARGS)
{
	static const RulesDoc doc = {"indicator values", ERRCODE_INVALID_PARAMETER_VALUE};
	const Scorecard *sc;
	Jsonb	   *kpis;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	JsonbValue	v;
	KpiBuilder	b = {0};
	Datum		result;

	if (PG_NARGS() > 1 && PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("scorecard must not be NULL")));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	sc = PG_NARGS() > 1 ? CachedScorecard(fcinfo, PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1)))
		: DefaultCenter();
	kpis = PG_GETARG_JSONB_P(0);
	it = JsonbIteratorInit(RulesRoot(&doc, kpis));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *name;
		int			len;

		if (tok != WJB_KEY)
			continue;
		name = v.val.string.val;
		len = v.val.string.len;
		tok = JsonbIteratorNext(&it, &v, true);
		if (v.type == jbvNull)
			continue;			/* a NULL value is absent, as in the aggregate */
		if (v.type != jbvNumeric)
			RulesError(&doc, RulesPathKey(NULL, name, len), "must be a number");
		BuilderAdd(&b, name, len,
				   DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
													  NumericGetDatum(v.val.numeric))));
	}
	result = Score(fcinfo, BuilderPack(&b), sc);
	if (result == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/* ----------------------------------------------------------------------
 * Breakdown: plain rows from an effcap.kpi_score
 * ---------------------------------------------------------------------- */

typedef struct KpiArrays
{
	int			n;
	Datum	   *names,
			   *dims,
			   *values,
			   *points,
			   *maxes;
	bool	   *name_nulls,
			   *dim_nulls,
			   *value_nulls,
			   *point_nulls,
			   *max_nulls;
} KpiArrays;

/* Read one array field of a kpi_score row, checking its element type and length. */
static int
ReadArray(HeapTupleHeader row, int attno, Oid elemtype, Datum **elems, bool **nulls)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(row, attno, &isnull);
	ArrayType  *arr;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int			n;

	if (isnull)
	{
		*elems = NULL;
		*nulls = NULL;
		return 0;
	}
	arr = DatumGetArrayTypeP(d);
	if (ARR_ELEMTYPE(arr) != elemtype || ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("kpi_score field %d must be a one-dimensional array", attno)));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign, elems, nulls, &n);
	return n;
}

static void
ReadKpiScore(HeapTupleHeader row, KpiArrays *a)
{
	int			n[5];

	n[0] = ReadArray(row, 3, TEXTOID, &a->names, &a->name_nulls);
	n[1] = ReadArray(row, 4, TEXTOID, &a->dims, &a->dim_nulls);
	n[2] = ReadArray(row, 5, FLOAT8OID, &a->values, &a->value_nulls);
	n[3] = ReadArray(row, 6, FLOAT8OID, &a->points, &a->point_nulls);
	n[4] = ReadArray(row, 7, FLOAT8OID, &a->maxes, &a->max_nulls);
	for (int i = 1; i < 5; i++)
		if (n[i] != n[0])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kpi_score arrays must have equal lengths")));
	a->n = n[0];
	for (int i = 0; i < a->n; i++)
		if (a->name_nulls[i] || a->point_nulls[i] || a->max_nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("kpi_score indicators, points and max_points must not contain NULL")));
}

/* One row per indicator: indicator, dimension, value, points, max_points. */
Datum
kpi_breakdown(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KpiArrays	a;

	InitMaterializedSRF(fcinfo, 0);
	ReadKpiScore(PG_GETARG_HEAPTUPLEHEADER(0), &a);
	for (int i = 0; i < a.n; i++)
	{
		Datum		values[5] = {a.names[i], a.dims[i], a.values[i], a.points[i], a.maxes[i]};
		bool		nulls[5] = {false, a.dim_nulls[i], a.value_nulls[i], false, false};

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* Whether two text datums hold the same bytes. */
static bool
SameText(Datum a, Datum b)
{
	text	   *ta = DatumGetTextPP(a);
	text	   *tb = DatumGetTextPP(b);

	return VARSIZE_ANY_EXHDR(ta) == VARSIZE_ANY_EXHDR(tb) &&
		memcmp(VARDATA_ANY(ta), VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(ta)) == 0;
}

/*
 * One row per dimension, in order of first appearance: dimension, weight
 * (sum of its indicators' max_points), score (0..100) and points.
 */
Datum
kpi_dimensions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	KpiArrays	a;
	int			first[KPI_MAX];
	int			ndims = 0;

	InitMaterializedSRF(fcinfo, 0);
	ReadKpiScore(PG_GETARG_HEAPTUPLEHEADER(0), &a);
	for (int i = 0; i < a.n; i++)
	{
		bool		seen = false;

		if (a.dim_nulls[i])
			continue;
		for (int j = 0; j < ndims && !seen; j++)
			seen = SameText(a.dims[first[j]], a.dims[i]);
		if (!seen)
		{
			if (ndims >= KPI_MAX)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("too many dimensions in a kpi_score")));
			first[ndims++] = i;
		}
	}
	for (int j = 0; j < ndims; j++)
	{
		double		weight = 0,
					points = 0;
		Datum		values[4];
		bool		nulls[4] = {0};

		for (int i = first[j]; i < a.n; i++)
			if (!a.dim_nulls[i] && SameText(a.dims[first[j]], a.dims[i]))
			{
				weight += DatumGetFloat8(a.maxes[i]);
				points += DatumGetFloat8(a.points[i]);
			}
		values[0] = a.dims[first[j]];
		values[1] = Float8GetDatum(weight);
		values[2] = Float8GetDatum(weight > 0 ? 100 * points / weight : 0);
		nulls[2] = !(weight > 0);
		values[3] = Float8GetDatum(points);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ----------------------------------------------------------------------
 * kpi_inputs text and binary forms
 * ---------------------------------------------------------------------- */

/* Text: {"version": 1, "values": {"answer_rate": 0.87, ...}, "scorecard": {...}} */
Datum
kpi_inputs_out(PG_FUNCTION_ARGS)
{
	KpiInputs  *s = KpiFromDatum(PG_GETARG_DATUM(0), true);
	StringInfoData buf;

	SummaryTextBegin(&buf, &KpiInputsKind);
	appendStringInfoString(&buf, ", \"values\": {");
	for (int i = 0; i < s->n; i++)
	{
		const KpiEntry *e = &KPI_ENTRIES(s)[i];
		char		num[DOUBLE_SHORTEST_DECIMAL_LEN];

		/* Shortest exact form, whatever extra_float_digits says. */
		double_to_shortest_decimal_buf(e->value, num);

		if (i > 0)
			appendStringInfoString(&buf, ", ");
		SummaryTextName(&buf, KPI_NAMES(s) + e->name_off, e->name_len);
		appendStringInfo(&buf, ": %s", num);
	}
	appendStringInfoChar(&buf, '}');
	SummaryTextEnd(&buf, &KpiInputsKind, KPI_CARD(s), s->scorecard_len);
	PG_RETURN_CSTRING(buf.data);
}

Datum
kpi_inputs_in(PG_FUNCTION_ARGS)
{
	static const char *const top_keys[] = {"version", "values", "scorecard", NULL};
	const RulesDoc *doc = &InputsTextDoc;
	JsonbContainer *root = SummaryTextRoot(&KpiInputsKind, doc, PG_GETARG_CSTRING(0), top_keys);
	JsonbValue	v;
	JsonbIterator *it;
	JsonbIteratorToken tok;
	KpiBuilder	b = {0};

	if (!RulesGet(root, "values", &v))
		RulesError(doc, "values", "is missing");
	it = JsonbIteratorInit(RulesObject(doc, &v, "values"));
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		const char *name;
		int			len;
		double		d;

		if (tok != WJB_KEY)
			continue;
		name = v.val.string.val;
		len = v.val.string.len;
		tok = JsonbIteratorNext(&it, &v, true);
		if (v.type != jbvNumeric)
			RulesError(doc, RulesPathKey("values", name, len), "must be a number");
		d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
											   NumericGetDatum(v.val.numeric)));
		BuilderAdd(&b, name, len, d);
	}
	b.card = SummaryTextDocument(&KpiInputsKind, doc, root);
	PG_RETURN_POINTER(BuilderPack(&b));
}

/* Binary: version, flags, count, then (counted name, float8) pairs, then the scorecard text or -1. */
Datum
kpi_inputs_send(PG_FUNCTION_ARGS)
{
	KpiInputs  *s = KpiFromDatum(PG_GETARG_DATUM(0), true);
	StringInfoData buf;

	SummarySendBegin(&buf, &KpiInputsKind);
	pq_sendint32(&buf, s->n);
	for (int i = 0; i < s->n; i++)
	{
		const KpiEntry *e = &KPI_ENTRIES(s)[i];

		SummarySendName(&buf, KPI_NAMES(s) + e->name_off, e->name_len);
		pq_sendfloat8(&buf, e->value);
	}
	SummarySendDocument(&buf, KPI_CARD(s), s->scorecard_len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
kpi_inputs_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	KpiBuilder	b = {0};
	int			n;
	int			len;

	SummaryRecvBegin(&KpiInputsKind, msg);
	n = SummaryRecvCount(&KpiInputsKind, msg, KPI_MAX, "indicators");
	for (int i = 0; i < n; i++)
	{
		char	   *name = SummaryRecvName(&KpiInputsKind, msg, &len);

		BuilderAdd(&b, name, len, pq_getmsgfloat8(msg));
	}
	b.card = SummaryRecvDocument(&KpiInputsKind, msg);
	SummaryRecvEnd(&KpiInputsKind, msg);
	PG_RETURN_POINTER(BuilderPack(&b));
}
