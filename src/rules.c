/*
 * rules.c
 *		Typed, path-naming access to jsonb rules documents.
 *
 * Every capability takes its parameters as a jsonb value (DESIGN 1.4).  These
 * helpers read one value each and raise an error that names the JSON path
 * and the problem, so a user's CHECK constraint or a failing query says
 * exactly which setting is wrong.
 */
#include "postgres.h"

#include <math.h>

#include "common/int.h"
#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/jsonfuncs.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "rules.h"

#ifndef HAVE_INT128
#error "effcap needs a 128-bit integer type for exact threshold comparisons"
#endif

/* Raise the standard "invalid <kind>: <path> <problem>" error. */
void
RulesError(const RulesDoc *doc, const char *path, const char *fmt,...)
{
	char		msg[512];
	va_list		args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);

	ereport(ERROR,
			(errcode(doc->errcode),
			 errmsg("invalid %s: %s%s%s", doc->kind,
					path ? path : "", path ? " " : "", msg)));
}

/* Whether a key can be written bare in a path (an identifier). */
static bool
KeyIsIdentifier(const char *key, int len)
{
	/* ASCII only: the message must not depend on the locale. */
	for (int i = 0; i < len; i++)
	{
		char		ch = key[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
			  (i > 0 && ch >= '0' && ch <= '9')))
			return false;
	}
	return len > 0;
}

/* Path of a member: parent.key, or parent."odd key" when it needs quoting. */
char *
RulesPathKey(const char *parent, const char *key, int keylen)
{
	StringInfoData buf;

	initStringInfo(&buf);
	if (parent && parent[0])
	{
		appendStringInfoString(&buf, parent);
		appendStringInfoChar(&buf, '.');
	}
	if (KeyIsIdentifier(key, keylen))
		appendBinaryStringInfo(&buf, key, keylen);
	else
		escape_json(&buf, pnstrdup(key, keylen));
	return buf.data;
}

/* Path of a member whose key is a C string: parent.key. */
char *
RulesPathMember(const char *parent, const char *key)
{
	return RulesPathKey(parent, key, strlen(key));
}

/* Path of an array element: parent[index]. */
char *
RulesPathIndex(const char *parent, int index)
{
	return psprintf("%s[%d]", parent, index);
}

/* The top-level object of a rules document. */
JsonbContainer *
RulesRoot(const RulesDoc *doc, Jsonb *jb)
{
	if (!JB_ROOT_IS_OBJECT(jb))
		RulesError(doc, NULL, "the document must be a JSON object");
	return &jb->root;
}

/* Fetch obj[key]; false when absent.  A JSON null counts as absent. */
bool
RulesGet(JsonbContainer *obj, const char *key, JsonbValue *out)
{
	if (getKeyJsonValueFromContainer(obj, key, strlen(key), out) == NULL)
		return false;
	return out->type != jbvNull;
}

/* Reject any key of obj not in the NULL-terminated list allowed (typos). */
void
RulesCheckKeys(const RulesDoc *doc, JsonbContainer *obj, const char *path,
			   const char *const *allowed)
{
	JsonbIterator *it = JsonbIteratorInit(obj);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		bool		known = false;

		if (tok != WJB_KEY)
			continue;
		for (const char *const *a = allowed; *a; a++)
		{
			if (strlen(*a) == (size_t) v.val.string.len &&
				memcmp(*a, v.val.string.val, v.val.string.len) == 0)
			{
				known = true;
				break;
			}
		}
		if (!known)
			RulesError(doc, RulesPathKey(path, v.val.string.val, v.val.string.len),
					   "is not a known key");
	}
}

/* The container of a value that must be a JSON object. */
JsonbContainer *
RulesObject(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	if (v->type != jbvBinary || !JsonContainerIsObject(v->val.binary.data))
		RulesError(doc, path, "must be a JSON object");
	return v->val.binary.data;
}

/* The container of a value that must be a JSON array. */
JsonbContainer *
RulesArray(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	if (v->type != jbvBinary || !JsonContainerIsArray(v->val.binary.data) ||
		JsonContainerIsScalar(v->val.binary.data))
		RulesError(doc, path, "must be a JSON array");
	return v->val.binary.data;
}

/*
 * A finite JSON number as float8, or an error; `what` says what it must be.
 * A nonzero number that float8 cannot hold is refused, not made 0 or
 * infinite: 1e-400 is positive, and rules that turned it into 0 would
 * silently mean something else.
 */
double
RulesNumber(const RulesDoc *doc, JsonbValue *v, const char *path,
			const char *what)
{
	double		d;

	if (v->type != jbvNumeric)
		RulesError(doc, path, "must be %s", what);
	d = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow,
										   NumericGetDatum(v->val.numeric)));
	if (!isfinite(d))
		RulesError(doc, path, "must be %s (it is out of range)", what);
	if (d == 0 && DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(v->val.numeric),
												   NumericGetDatum(int64_to_numeric(0)))) != 0)
		RulesError(doc, path, "is too close to 0 to be kept as a float8 (it would become 0)");
	return d;
}

/* A number >= 0. */
double
RulesNonNegative(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	double		d = RulesNumber(doc, v, path, "a non-negative number");

	if (d < 0)
		RulesError(doc, path, "must be a non-negative number");
	return d;
}

/* A number > 0. */
double
RulesPositive(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	double		d = RulesNumber(doc, v, path, "a positive number");

	if (d <= 0)
		RulesError(doc, path, "must be a positive number");
	return d;
}

/* A number in [0, 1]. */
double
RulesUnitInterval(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	double		d = RulesNumber(doc, v, path, "a number between 0 and 1");

	if (d < 0 || d > 1)
		RulesError(doc, path, "must be a number between 0 and 1");
	return d;
}

/*
 * A rate threshold in (0, 1], kept as the exact decimal the user wrote.
 * numeric_out never uses exponent notation, so its text is digits, an
 * optional point and more digits.
 */
RulesFraction
RulesRateThreshold(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	const char *what = "a number greater than 0 and at most 1";
	char	   *s;
	char	   *point;
	int			fraclen;
	RulesFraction f = {0, 1};

	if (v->type != jbvNumeric)
		RulesError(doc, path, "must be %s", what);
	s = DatumGetCString(DirectFunctionCall1(numeric_out,
											NumericGetDatum(v->val.numeric)));
	point = strchr(s, '.');
	fraclen = point ? (int) strlen(point + 1) : 0;
	while (fraclen > 0 && point[fraclen] == '0')
		fraclen--;
	if (point)
		*point = '\0';
	/* Integer part: "0" or "1" (anything else is out of range). */
	if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
		RulesError(doc, path, "must be %s", what);
	/* 1 with any nonzero decimal is above 1, however many decimals. */
	if (s[0] == '1' && fraclen > 0)
		RulesError(doc, path, "must be %s", what);
	if (fraclen > 18)
		RulesError(doc, path, "must have at most 18 digits after the decimal point");
	f.num = (s[0] == '1') ? 1 : 0;
	for (int i = 1; i <= fraclen; i++)
	{
		f.num = f.num * 10 + (point[i] - '0');
		f.den *= 10;
	}
	if (f.num <= 0 || f.num > f.den)
		RulesError(doc, path, "must be %s", what);
	return f;
}

/* A non-negative JSON integer that fits in int64. */
int64
RulesCount(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	const char *what = "a non-negative integer";
	char	   *s;
	int64		n = 0;

	if (v->type != jbvNumeric)
		RulesError(doc, path, "must be %s", what);
	s = DatumGetCString(DirectFunctionCall1(numeric_out,
											NumericGetDatum(v->val.numeric)));
	if (*s == '\0')
		RulesError(doc, path, "must be %s", what);
	for (const char *p = s; *p; p++)
	{
		if (*p < '0' || *p > '9')
			RulesError(doc, path, "must be %s", what);
		if (pg_mul_s64_overflow(n, 10, &n) ||
			pg_add_s64_overflow(n, *p - '0', &n))
			RulesError(doc, path, "is out of range for a count");
	}
	return n;
}

static int
DateCmp(const void *a, const void *b)
{
	DateADT		x = *(const DateADT *) a,
				y = *(const DateADT *) b;

	return x < y ? -1 : x > y;
}

/*
 * A date written YYYY-MM-DD, as a DateADT.  Only that form: a list of
 * holidays in another date style would otherwise be read by the session's
 * DateStyle and mean other days.
 */
DateADT
RulesDate(const RulesDoc *doc, JsonbValue *v, const char *path)
{
	const char *s;
	int			y,
				m,
				d;

	if (v->type != jbvString || v->val.string.len != 10)
		RulesError(doc, path, "must be a date written YYYY-MM-DD");
	s = v->val.string.val;
	for (int i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			RulesError(doc, path, "must be a date written YYYY-MM-DD");
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1])
		RulesError(doc, path, "is not a date (%.10s)", s);
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

/* A JSON array of at most max dates (holidays), sorted; *n is its length. */
DateADT *
RulesDateList(const RulesDoc *doc, JsonbValue *v, const char *path, int max, int *n)
{
	JsonbContainer *arr = RulesArray(doc, v, path);
	DateADT    *dates;

	*n = JsonContainerSize(arr);
	if (*n > max)
		RulesError(doc, path, "holds %d dates, more than %d", *n, max);
	dates = palloc(sizeof(DateADT) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
		dates[i] = RulesDate(doc, getIthJsonbValueFromContainer(arr, i), RulesPathIndex(path, i));
	qsort(dates, *n, sizeof(DateADT), DateCmp);
	return dates;
}

bool
RulesDateListHas(const DateADT *dates, int n, DateADT d)
{
	return n > 0 && bsearch(&d, dates, n, sizeof(DateADT), DateCmp) != NULL;
}

/*
 * A duration in whole seconds, at most max: a JSON number of seconds, or a
 * string of one or more "<whole number> <unit>" parts ("24 hours",
 * "1 hour 30 minutes"; units second, minute, hour, day (24 hours), week,
 * singular or plural, or s, min, h, d).  Months are refused: they have no
 * fixed length.
 */
int64
RulesDuration(const RulesDoc *doc, JsonbValue *v, const char *path, int64 max)
{
	static const struct
	{
		const char *name;
		int64		seconds;
	}			units[] = {
		{"s", 1}, {"sec", 1}, {"secs", 1}, {"second", 1}, {"seconds", 1},
		{"min", 60}, {"mins", 60}, {"minute", 60}, {"minutes", 60},
		{"h", 3600}, {"hour", 3600}, {"hours", 3600},
		{"d", 86400}, {"day", 86400}, {"days", 86400},
		{"week", 604800}, {"weeks", 604800}};
	const char *what = "a duration: whole seconds, or a string such as \"24 hours\" or \"1 hour 30 minutes\"";
	const char *s,
			   *end;
	int64		total = 0;
	int			parts = 0;

	if (v->type == jbvNumeric)
	{
		double		secs = RulesNonNegative(doc, v, path);

		if (secs != floor(secs) || secs > (double) max)
			RulesError(doc, path, "must be whole seconds, at most " INT64_FORMAT, max);
		return (int64) secs;
	}
	if (v->type != jbvString)
		RulesError(doc, path, "must be %s", what);
	s = v->val.string.val;
	end = s + v->val.string.len;
	while (s < end)
	{
		int64		n = 0;
		const char *u;
		int			ulen,
					k;

		while (s < end && *s == ' ')
			s++;
		if (s == end && parts > 0)
			break;
		if (s == end || *s < '0' || *s > '9')
			RulesError(doc, path, "must be %s", what);
		for (; s < end && *s >= '0' && *s <= '9'; s++)
			if (pg_mul_s64_overflow(n, 10, &n) || pg_add_s64_overflow(n, *s - '0', &n) || n > max)
				RulesError(doc, path, "is longer than " INT64_FORMAT " seconds", max);
		while (s < end && *s == ' ')
			s++;
		for (u = s; s < end && *s >= 'a' && *s <= 'z'; s++)
			;
		ulen = s - u;
		for (k = 0; k < lengthof(units); k++)
			if (strlen(units[k].name) == ulen && memcmp(units[k].name, u, ulen) == 0)
				break;
		if (k == lengthof(units))
			RulesError(doc, path, "has an unknown unit \"%.*s\" (second, minute, hour, day or week)",
					   Min(ulen, 20), u);
		if (pg_mul_s64_overflow(n, units[k].seconds, &n) || pg_add_s64_overflow(total, n, &total) ||
			total > max)
			RulesError(doc, path, "is longer than " INT64_FORMAT " seconds", max);
		parts++;
	}
	return total;
}

/* Order two fractions exactly. */
int
RulesFractionCmp(RulesFraction a, RulesFraction b)
{
	int128		l = (int128) a.num * b.den;
	int128		r = (int128) b.num * a.den;

	return (l > r) - (l < r);
}

/* Whether good / total is strictly below the threshold, exactly. */
bool
RulesRateBelow(int64 good, int64 total, RulesFraction threshold)
{
	return (int128) good * threshold.den < (int128) threshold.num * total;
}

/*
 * Duplicate-key check.  jsonb keeps the last of duplicated keys silently; a
 * serialized summary with a duplicated name is corrupt and must be refused.
 */
typedef struct UniqueKeysState
{
	List	   *stack;			/* one List of keys per open object */
	const char *kind;
} UniqueKeysState;

static JsonActionResult
UniqueKeysObjectStart(void *state)
{
	UniqueKeysState *st = state;

	st->stack = lcons(NIL, st->stack);
	JSON_ACTION_DONE;
}

static int
KeyCmp(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* At the end of an object, sort its keys and look for a repeat: O(k log k). */
static JsonActionResult
UniqueKeysObjectEnd(void *state)
{
	UniqueKeysState *st = state;
	List	   *keys = linitial(st->stack);
	int			n = list_length(keys);

	if (n > 1)
	{
		char	  **arr = palloc(sizeof(char *) * n);
		int			i = 0;
		ListCell   *lc;

		foreach(lc, keys)
			arr[i++] = lfirst(lc);
		qsort(arr, n, sizeof(char *), KeyCmp);
		for (i = 1; i < n; i++)
			if (strcmp(arr[i - 1], arr[i]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type %s: duplicate key \"%s\"",
								st->kind, arr[i])));
		pfree(arr);
	}
	list_free(keys);
	st->stack = list_delete_first(st->stack);
	JSON_ACTION_DONE;
}

static JsonActionResult
UniqueKeysField(void *state, char *fname, bool isnull)
{
	UniqueKeysState *st = state;

	CHECK_FOR_INTERRUPTS();
	linitial(st->stack) = lappend(linitial(st->stack), fname);
	JSON_ACTION_DONE;
}

/* Parse json (reporting syntax errors) and refuse duplicated object keys. */
void
JsonCheckUniqueKeys(char *json, int len, const char *kind)
{
	UniqueKeysState st = {NIL, kind};
	JsonSemAction sem = {0};
	JsonLexContext *lex;

	sem.semstate = &st;
	sem.object_start = UniqueKeysObjectStart;
	sem.object_end = UniqueKeysObjectEnd;
	sem.object_field_start = UniqueKeysField;
#if PG_VERSION_NUM >= 170000
	lex = makeJsonLexContextCstringLen(NULL, json, len, GetDatabaseEncoding(), true);
#else
	lex = makeJsonLexContextCstringLen(json, len, GetDatabaseEncoding(), true);
#endif
	pg_parse_json_or_ereport(lex, &sem);
}

/* A jsonb parsed from text (errors as for the jsonb type's input). */
Jsonb *
JsonbFromCString(const char *s)
{
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(s)));
}

/* Bytewise order of two names (not NUL-terminated). */
int
RulesNameCmp(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	return c != 0 ? c : (alen > blen) - (alen < blen);
}

/* A 4-byte-header copy of a (possibly short-header) jsonb datum. */
Jsonb *
JsonbCopy4B(struct varlena *v)
{
	Size		len = VARSIZE_ANY_EXHDR(v);
	Jsonb	   *copy = palloc(len + VARHDRSZ);

	SET_VARSIZE(copy, len + VARHDRSZ);
	memcpy(VARDATA(copy), VARDATA_ANY(v), len);
	return copy;
}

/* Whether a jsonb datum (any header) has the same bytes as jb (NULL: no). */
bool
JsonbSameBytes(struct varlena *arg, const Jsonb *jb)
{
	Size		len = VARSIZE_ANY_EXHDR(arg);

	return jb != NULL && VARSIZE(jb) - VARHDRSZ == len &&
		memcmp(VARDATA_ANY(arg), VARDATA(jb), len) == 0;
}

/*
 * Whether a jsonb datum (any header) equals jb as a jsonb value, jsonb's own
 * equality (80 and 80.0 are the same number, key order does not matter), so
 * rules or scorecards built in different ways still agree.  The bytes are
 * tried first; only a difference costs a full compare.  NULL jb: no.
 */
bool
JsonbSameValue(struct varlena *arg, const Jsonb *jb)
{
	if (jb == NULL)
		return false;
	if (JsonbSameBytes(arg, jb))
		return true;
	/* Aligned 4-byte-header copies, as jsonb_eq expects. */
	return DatumGetBool(DirectFunctionCall2(jsonb_eq,
											JsonbPGetDatum(JsonbCopy4B(arg)),
											JsonbPGetDatum(JsonbCopy4B((struct varlena *) jb))));
}

/* The parsed form of jb, from the cache or parsed now into cache memory. */
void *
RulesCacheGet(RulesCache *c, MemoryContext parent, struct varlena *jb,
			  Size parsed_size, RulesParseFn parse)
{
	MemoryContext old;
	Jsonb	   *doc;
	void	   *parsed;

	if (JsonbSameBytes(jb, c->doc))
		return c->parsed;
	if (c->cxt == NULL)
		c->cxt = AllocSetContextCreate(parent, "effcap rules cache", ALLOCSET_SMALL_SIZES);
	c->doc = NULL;				/* invalid until the parse succeeds */
	MemoryContextReset(c->cxt);
	old = MemoryContextSwitchTo(c->cxt);
	doc = JsonbCopy4B(jb);
	parsed = palloc0(parsed_size);
	parse(doc, parsed);
	MemoryContextSwitchTo(old);
	c->parsed = parsed;
	c->doc = doc;
	return parsed;
}
