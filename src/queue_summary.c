/*
 * queue_summary.c
 *		The queue summary: contact statistics stored per group (agent-day,
 *		queue-interval) and read later under any whole-second service-level
 *		threshold, short-abandon threshold and policy; percentiles of waits
 *		and handle times; rollup to any grain.
 *
 * A wait is kept as a half-second key: 2s for a wait of exactly s whole
 * seconds, 2s + 1 for a wait strictly between s and s + 1.  For a whole
 * second T, wait <= T exactly when key <= 2T, and wait < T exactly when key
 * < 2T: so the summary answers every whole-second threshold exactly as the
 * one-step contact_stats() does over the raw rows (both fill the same
 * counters and share the code that reads them, contact_stats.h).  A handle
 * time is kept as its whole seconds rounded up, for percentiles.  The sums
 * behind ASA and AHT are integer microseconds, rounded per contact as the
 * one-step aggregate rounds them, so every rollup order gives the same bits.
 *
 * Stored form: after the version and flags bytes, varints for the two sums
 * and the number of bins of each histogram, then the three histograms
 * (answered waits, abandoned waits, answered handle times) as blocks of
 * bits (summary_bins.c): a day of one agent with a few hundred contacts
 * takes about 200 bytes.  The aggregates keep the contacts that arrive as
 * pending 16-bit key pairs, moved into the counts of each histogram
 * (summary.c's SummaryCounts) when they grow long or a summary is merged
 * or removed; a group built from rows alone is counted from them at the
 * end, when the stored form is written.
 */
#include "postgres.h"

#include "common/int.h"
#include "common/int128.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "contact_stats.h"
#include "summary.h"
#include "uncertainty.h"

PG_FUNCTION_INFO_V1(queue_summary_in);
PG_FUNCTION_INFO_V1(queue_summary_out);
PG_FUNCTION_INFO_V1(queue_summary_recv);
PG_FUNCTION_INFO_V1(queue_summary_send);
PG_FUNCTION_INFO_V1(queue_trans);
PG_FUNCTION_INFO_V1(queue_inv);
PG_FUNCTION_INFO_V1(queue_combine);
PG_FUNCTION_INFO_V1(queue_final);
PG_FUNCTION_INFO_V1(queue_rollup_trans);
PG_FUNCTION_INFO_V1(queue_rollup_inv);
PG_FUNCTION_INFO_V1(queue_contact_stats);
PG_FUNCTION_INFO_V1(queue_service_level);
PG_FUNCTION_INFO_V1(queue_service_level_interval);
PG_FUNCTION_INFO_V1(queue_wait_percentile);
PG_FUNCTION_INFO_V1(queue_handle_percentile);
PG_FUNCTION_INFO_V1(queue_summary_merge);

#define QS_VERSION 1
/* Largest keys: waits and handle times are at most 1e12 s (Micros()). */
#define QS_MAX_WAIT_KEY (2 * SUMMARY_MAX_SECONDS)	/* half seconds */
#define QS_MAX_HANDLE_KEY SUMMARY_MAX_SECONDS	/* whole seconds */
#define QS_MAX_KEY(h) ((h) == QS_HANDLE ? QS_MAX_HANDLE_KEY : QS_MAX_WAIT_KEY)

/* The histograms, in stored order. */
typedef enum QsHist
{
	QS_ANSWERED,				/* answered waits, half-second keys */
	QS_ABANDONED,				/* abandoned waits, half-second keys */
	QS_HANDLE,					/* answered handle times, whole seconds rounded up */
	QS_NHIST
} QsHist;

static const char *const QsHistNames[QS_NHIST + 1] = {
	"answered_waits", "abandoned_waits", "handle_times", NULL
};

typedef struct QueueSummary
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;			/* 0 */
	uint8		data[FLEXIBLE_ARRAY_MEMBER];	/* varints: the sums of answered
												 * waits and handle times (µs),
												 * each histogram's bins; then
												 * the histograms (summary_bins.c) */
} QueueSummary;


static const SummaryKind QueueSummaryKind = {
	"queue_summary", QS_VERSION, 0, NULL, NULL, 0
};

static const RulesDoc QueueTextDoc = {
	"input syntax for type queue_summary", ERRCODE_INVALID_TEXT_REPRESENTATION
};

/* A decoded summary: entries of each histogram in key order, and the sums. */
typedef struct QsDecoded
{
	int			n[QS_NHIST];
	SummaryBin    *e[QS_NHIST];
	int64		wait_us;
	int64		handle_us;
} QsDecoded;

/* ----------------------------------------------------------------------
 * Keys
 * ---------------------------------------------------------------------- */

/*
 * The half-second key of a wait, seconds checked as Micros() checks them:
 * 0 <= seconds <= 1e12, where truncation is floor().
 */
static inline uint64
WaitKey(double seconds)
{
	int64		whole = (int64) seconds;

	return 2 * (uint64) whole + (seconds > (double) whole ? 1 : 0);
}

/* The whole seconds of a (checked) handle time, rounded up. */
static inline uint64
HandleKey(double seconds)
{
	int64		whole = (int64) seconds;

	return whole + (seconds > (double) whole ? 1 : 0);
}

/* Whole seconds in microseconds, computed as Micros() computes them. */
static inline int64
SecondsMicros(uint64 seconds)
{
	return (int64) rint((double) seconds * USECS);
}

/*
 * Microseconds a key allows, [lo, hi]: Micros() of any time with that key
 * lies between them (it rounds monotonically).
 */
static void
KeyMicros(QsHist h, uint64 key, int64 *lo, int64 *hi)
{
	if (h == QS_HANDLE)
	{
		*hi = SecondsMicros(key);
		*lo = key == 0 ? 0 : SecondsMicros(key - 1);
	}
	else
	{
		*lo = SecondsMicros(key / 2);
		*hi = key % 2 ? SecondsMicros(key / 2 + 1) : *lo;
	}
}

/* ----------------------------------------------------------------------
 * The stored form
 * ---------------------------------------------------------------------- */

/*
 * Keys whose seconds lie below this give a microsecond sum exactly (s whole
 * seconds times USECS is below 2^53, exact in a double, so Micros() of them
 * is s * 1000000): their bounds are summed in whole seconds.
 */
#define QS_EXACT_SECONDS (UINT64CONST(1) << 33)

/*
 * Whether sum (microseconds) lies within what a histogram's keys allow
 * (entries checked already: counts positive, keys rising).
 */
static bool
SumMatches(QsHist h, const SummaryBin *e, int n, int64 sum)
{
	int128		lo = int64_to_int128(0);
	int64		extra = 0;		/* whole seconds hi has beyond lo */

	if (sum < 0)
		return false;
	if (n == 0)
		return sum == 0;
	if ((h == QS_HANDLE ? e[n - 1].key : e[n - 1].key / 2) < QS_EXACT_SECONDS)
	{
		int128		hi;

		/* lo * 10^6 <= sum <= hi * 10^6, lo and hi in whole seconds */
		for (int i = 0; i < n; i++)
		{
			uint64		key = e[i].key;

			if (h == QS_HANDLE)
			{
				int128_add_int64_mul_int64(&lo, key == 0 ? 0 : key - 1, e[i].count);
				extra += key == 0 ? 0 : e[i].count;
			}
			else
			{
				int128_add_int64_mul_int64(&lo, key / 2, e[i].count);
				extra += key % 2 ? e[i].count : 0;
			}
		}
		hi = lo;
		int128_add_int64(&hi, extra);
		return int128_compare(lo, int64_to_int128(sum / 1000000)) <= 0 &&
			int128_compare(hi, int64_to_int128(sum / 1000000 + (sum % 1000000 != 0))) >= 0;
	}
	else
	{
		int128		hi = int64_to_int128(0);

		for (int i = 0; i < n; i++)
		{
			int64		l,
						u;

			KeyMicros(h, e[i].key, &l, &u);
			int128_add_int64_mul_int64(&lo, l, e[i].count);
			int128_add_int64_mul_int64(&hi, u, e[i].count);
		}
		return int128_compare(int64_to_int128(sum), lo) >= 0 &&
			int128_compare(int64_to_int128(sum), hi) <= 0;
	}
}

/*
 * Check what a summary's histograms and sums say about each other: every
 * answered contact has a handle time, and each sum lies within what its
 * keys allow.  errcode and what say how to complain (stored value, text or
 * binary input); entries_checked, that each histogram's entries are known
 * to have positive counts and rising keys in range (SummaryGetBins).
 */
static void
CheckConsistent(const QsDecoded *d, int errc, const char *what, bool entries_checked)
{
	int64		total[QS_NHIST] = {0};
	const char *problem = NULL;

	for (int h = 0; h < QS_NHIST && problem == NULL; h++)
	{
		for (int i = 0; i < d->n[h]; i++)
		{
			if (!entries_checked &&
				(d->e[h][i].count <= 0 || d->e[h][i].key > QS_MAX_KEY(h) ||
				 (i > 0 && d->e[h][i].key <= d->e[h][i - 1].key)))
			{
				problem = "bad histogram entry";
				break;
			}
			if (pg_add_s64_overflow(total[h], d->e[h][i].count, &total[h]))
			{
				problem = "counts out of range";
				break;
			}
		}
	}
	if (problem == NULL && total[QS_HANDLE] != total[QS_ANSWERED])
		problem = "handle times do not match answered contacts";
	if (problem == NULL &&
		(!SumMatches(QS_ANSWERED, d->e[QS_ANSWERED], d->n[QS_ANSWERED], d->wait_us) ||
		 !SumMatches(QS_HANDLE, d->e[QS_HANDLE], d->n[QS_HANDLE], d->handle_us)))
		problem = "sums do not match the histograms";
	if (problem == NULL &&
		(total[QS_ANSWERED] > PG_INT64_MAX - total[QS_ABANDONED]))
		problem = "counts out of range";
	if (problem)
		ereport(ERROR,
				(errcode(errc),
				 errmsg("%s: %s", what, problem)));
}

/* Decode and check a stored summary. */
static void
QsDecode(const QueueSummary *s, QsDecoded *d)
{
	Size		size = VARSIZE(s);
	const uint8 *p = s->data;
	const uint8 *end = (const uint8 *) s + size;
	uint64		sums[2];

	if (size < offsetof(QueueSummary, data) || s->version != QS_VERSION || s->flags != 0)
		SummaryCorrupt(&QueueSummaryKind, NULL);
	for (int i = 0; i < 2; i++)
		if ((sums[i] = SummaryGetVarint(&QueueSummaryKind, &p, end)) > (uint64) PG_INT64_MAX)
			SummaryCorrupt(&QueueSummaryKind, "sum out of range");
	for (int h = 0; h < QS_NHIST; h++)
	{
		uint64		n = SummaryGetVarint(&QueueSummaryKind, &p, end);

		if (n > PG_INT32_MAX)
			SummaryCorrupt(&QueueSummaryKind, "truncated histogram");
		d->n[h] = (int) n;
	}
	for (int h = 0; h < QS_NHIST; h++)
		d->e[h] = SummaryGetBins(&QueueSummaryKind, &p, end, d->n[h], QS_MAX_KEY(h));
	if (p != end)
		SummaryCorrupt(&QueueSummaryKind, "trailing bytes");
	d->wait_us = (int64) sums[0];
	d->handle_us = (int64) sums[1];
	CheckConsistent(d, ERRCODE_DATA_CORRUPTED, "corrupt queue_summary value", true);
}

/* Decode and check a summary datum (QsRead() for one read at a time). */
static void
QsFromDatum(Datum datum, QsDecoded *d)
{
	QsDecode((QueueSummary *) PG_DETOAST_DATUM(datum), d);
}

static SummaryReadCache QsReadCache;
static QsDecoded QsCached;

static void
QsDecodeCached(const struct varlena *v, void *decoded)
{
	QsDecode((const QueueSummary *) v, (QsDecoded *) decoded);
}

/*
 * A stored summary decoded through the read cache: *d is valid until the
 * next QsRead() (QsFromDatum() for two at a time).
 */
static void
QsRead(Datum datum, QsDecoded *d)
{
	SummaryRead(&QsReadCache, datum, QsDecodeCached, &QsCached);
	*d = QsCached;
}

/* The stored form of decoded (sorted, checked) histograms and sums. */
static QueueSummary *
QsEncode(const QsDecoded *d)
{
	StringInfoData buf;
	QueueSummary *s;

	initStringInfo(&buf);
	enlargeStringInfo(&buf, offsetof(QueueSummary, data));
	buf.len = offsetof(QueueSummary, data);
	SummaryPutVarint(&buf, (uint64) d->wait_us);
	SummaryPutVarint(&buf, (uint64) d->handle_us);
	for (int h = 0; h < QS_NHIST; h++)
		SummaryPutVarint(&buf, (uint64) d->n[h]);
	for (int h = 0; h < QS_NHIST; h++)
		SummaryPutBins(&buf, d->e[h], d->n[h]);
	s = (QueueSummary *) buf.data;
	SET_VARSIZE(s, buf.len);
	s->version = QS_VERSION;
	s->flags = 0;
	return s;
}

/* ----------------------------------------------------------------------
 * The aggregate state: (histogram, key) -> count
 * ---------------------------------------------------------------------- */

/*
 * A contact added since the last flush: its wait's key, and its handle
 * time's key or QS_NO_HANDLE for an abandoned contact, when both fit 16
 * bits (waits to 9 hours, handle times to 18; others go to the counts at
 * once).  One array of these per state, not one per histogram, and four
 * bytes a contact keep what a row touches, and a day's states, small.
 */
typedef struct QsContact
{
	uint16		wait;
	uint16		handle;
} QsContact;

#define QS_NO_HANDLE PG_UINT16_MAX
#define QS_PENDING_MIN 64		/* contacts held at first */
#define QS_PENDING_FLUSH 1024	/* contacts held at least before a flush */

typedef struct QueueState
{
	int64		wait_us;
	int64		handle_us;
	int64		contacts;		/* counted in all histograms but handles */
	bool		rows_only;		/* only rows added: agrees with itself */
	QsContact  *pending;		/* contacts not yet in the counts */
	int			npending;
	int			pendcap;
	MemoryContext cxt;
	SummaryCounts counts[QS_NHIST];	/* key -> count, per histogram */
} QueueState;

static void QsAddSummary(void *state, Datum summary, int sign);
static struct varlena *QsStateEncode(void *state);

static void
QsInitState(void *state, MemoryContext cxt)
{
	QueueState *st = (QueueState *) state;

	st->cxt = cxt;
	st->rows_only = true;
	for (int h = 0; h < QS_NHIST; h++)
		SummaryCountsInit(&st->counts[h], &QueueSummaryKind, cxt);
}

/* The pending contacts' keys of each histogram, in keys[h] (room for all). */
static void
QsPendingKeys(const QueueState *st, uint32 **keys, int *n)
{
	for (int h = 0; h < QS_NHIST; h++)
	{
		keys[h] = palloc(sizeof(uint32) * Max(st->npending, 1));
		n[h] = 0;
	}
	for (int i = 0; i < st->npending; i++)
	{
		const QsContact *c = &st->pending[i];

		if (c->handle == QS_NO_HANDLE)
			keys[QS_ABANDONED][n[QS_ABANDONED]++] = c->wait;
		else
		{
			keys[QS_ANSWERED][n[QS_ANSWERED]++] = c->wait;
			keys[QS_HANDLE][n[QS_HANDLE]++] = c->handle;
		}
	}
}

/* Move the pending contacts into the counts. */
static void
QsFlush(QueueState *st)
{
	uint32	   *keys[QS_NHIST];
	int			n[QS_NHIST];

	if (st->npending == 0)
		return;
	QsPendingKeys(st, keys, n);
	for (int h = 0; h < QS_NHIST; h++)
	{
		SummaryCountsAddKeys(&st->counts[h], keys[h], n[h]);
		pfree(keys[h]);
	}
	st->npending = 0;
}

/*
 * Room for one more pending contact: the array doubles until it holds
 * QS_PENDING_FLUSH and as many as the largest histogram's bins; then it is
 * flushed when full, so that a flush costs an amortised log n a contact.
 */
static void
QsPendingRoom(QueueState *st)
{
	int			bins = 0;

	for (int h = 0; h < QS_NHIST; h++)
		bins = Max(bins, SummaryCountsBins(&st->counts[h]));
	if (st->pendcap >= Max(QS_PENDING_FLUSH, bins))
	{
		QsFlush(st);
		return;
	}
	st->pendcap = st->pendcap == 0 ? QS_PENDING_MIN : 2 * st->pendcap;
	st->pending = st->pending
		? repalloc(st->pending, sizeof(QsContact) * st->pendcap)
		: MemoryContextAlloc(st->cxt, sizeof(QsContact) * st->pendcap);
}

static const SummaryStateOps QsOps = {
	&QueueSummaryKind, sizeof(QueueState), QsInitState, QsAddSummary, QsStateEncode
};

#define CannotRemove() SummaryCannotRemove(&QueueSummaryKind)

/* sum += sign * us, checked. */
static inline void
QsSumAdd(int64 *sum, int64 us, int sign)
{
	if (sign > 0 ? pg_add_s64_overflow(*sum, us, sum) : pg_sub_s64_overflow(*sum, us, sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("queue_summary sum out of range")));
	if (*sum < 0)
		CannotRemove();
}

/* Add (sign 1) or remove (sign -1) everything a decoded summary holds. */
static void
QsStateMerge(QueueState *st, const QsDecoded *d, int sign)
{
	/* a removal is checked against the counts: they must hold everything */
	if (sign < 0)
		QsFlush(st);
	st->rows_only = false;
	for (int h = 0; h < QS_NHIST; h++)
		SummaryCountsAddBins(&st->counts[h], d->e[h], d->n[h], sign);
	QsSumAdd(&st->wait_us, d->wait_us, sign);
	QsSumAdd(&st->handle_us, d->handle_us, sign);
}

/*
 * The state as sorted histograms.  A group whose counts are still empty
 * (built from rows whose keys all fit) is read from its pending contacts,
 * the counts left as they are.
 */
static void
QsStateDecoded(QueueState *st, QsDecoded *d)
{
	bool		empty = true;

	for (int h = 0; h < QS_NHIST; h++)
		empty &= SummaryCountsEmpty(&st->counts[h]);
	if (empty)
	{
		uint32	   *keys[QS_NHIST];

		QsPendingKeys(st, keys, d->n);
		for (int h = 0; h < QS_NHIST; h++)
		{
			d->e[h] = palloc(sizeof(SummaryBin) * Max(d->n[h], 1));
			d->n[h] = d->n[h] == 0 ? 0 : SummaryKeysCounted(keys[h], d->n[h], d->e[h]);
			pfree(keys[h]);
		}
	}
	else
	{
		QsFlush(st);
		for (int h = 0; h < QS_NHIST; h++)
			d->e[h] = SummaryCountsSorted(&st->counts[h], &d->n[h]);
	}
	d->wait_us = st->wait_us;
	d->handle_us = st->handle_us;
}

/*
 * Add (sign 1) or remove (sign -1) one contact's keys: its wait's, and, if
 * it was answered, its handle time's.  An addition whose keys fit waits as
 * pending; the rest go to the counts, a removal once they hold every
 * pending contact.
 */
static pg_attribute_always_inline void
QsAddKeys(QueueState *st, uint64 wait, bool answered, uint64 handle, int sign)
{
	if (likely(sign > 0 && wait <= PG_UINT16_MAX && (!answered || handle < QS_NO_HANDLE)))
	{
		if (unlikely(st->npending == st->pendcap))
			QsPendingRoom(st);
		st->pending[st->npending].wait = (uint16) wait;
		st->pending[st->npending++].handle = answered ? (uint16) handle : QS_NO_HANDLE;
		return;
	}
	if (sign < 0)
	{
		QsFlush(st);
		st->rows_only = false;
	}
	if (!answered)
		SummaryCountsAdd(&st->counts[QS_ABANDONED], wait, sign);
	else
	{
		SummaryCountsAdd(&st->counts[QS_ANSWERED], wait, sign);
		SummaryCountsAdd(&st->counts[QS_HANDLE], handle, sign);
	}
}

/*
 * queue_trans / queue_inv (state, queue_seconds, answered, handle_seconds):
 * one contact, as contact_stats() takes it: rows with a NULL wait or
 * answered flag are skipped; an answered contact needs a handle time; an
 * abandoned one's is not used, but must be sane.
 */
static pg_attribute_always_inline Datum
QsAddContact(FunctionCallInfo fcinfo, int sign)
{
	SummaryState *s;
	QueueState *st;
	double		wait;
	int64		wait_us;

	if (PG_ARGISNULL(0) && sign < 0)
		CannotRemove();
	s = SummaryStateArg(&QsOps, fcinfo, 0);
	st = (QueueState *) s->state;
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_DATUM(SummaryStateDatum(s));
	wait = PG_GETARG_FLOAT8(1);
	wait_us = Micros(wait, "queue_seconds");
	if (PG_GETARG_BOOL(2))
	{
		double		handle;

		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("handle_seconds of an answered contact must not be NULL")));
		handle = PG_GETARG_FLOAT8(3);
		QsSumAdd(&st->handle_us, Micros(handle, "handle_seconds"), sign);
		QsSumAdd(&st->wait_us, wait_us, sign);
		QsAddKeys(st, WaitKey(wait), true, HandleKey(handle), sign);
	}
	else
	{
		if (!PG_ARGISNULL(3))
			(void) Micros(PG_GETARG_FLOAT8(3), "handle_seconds");
		QsAddKeys(st, WaitKey(wait), false, 0, sign);
	}
	st->contacts += sign;
	PG_RETURN_DATUM(SummaryStateDatum(s));
}

Datum
queue_trans(PG_FUNCTION_ARGS)
{
	return QsAddContact(fcinfo, 1);
}

Datum
queue_inv(PG_FUNCTION_ARGS)
{
	return QsAddContact(fcinfo, -1);
}

/*
 * Add (sign 1) or remove (sign -1) what a summary holds: a stored value, or
 * another aggregate's state (a parallel worker's, a combined one).
 */
static void
QsAddSummary(void *state, Datum summary, int sign)
{
	QueueState *st = (QueueState *) state;
	SummaryState *other = SummaryStateOf(&QueueSummaryKind, summary);
	QsDecoded	d;
	int64		contacts = 0;

	if (other)
		QsStateDecoded((QueueState *) other->state, &d);
	else
		QsRead(summary, &d);
	QsStateMerge(st, &d, sign);
	for (int i = 0; i < d.n[QS_ANSWERED]; i++)
		contacts += d.e[QS_ANSWERED][i].count;
	for (int i = 0; i < d.n[QS_ABANDONED]; i++)
		contacts += d.e[QS_ABANDONED][i].count;
	st->contacts += sign * contacts;
}

/* rollup(queue_summary): add (or, inverse, remove) one stored summary. */
Datum
queue_rollup_trans(PG_FUNCTION_ARGS)
{
	return SummaryRollupStep(&QsOps, fcinfo, 1);
}

Datum
queue_rollup_inv(PG_FUNCTION_ARGS)
{
	return SummaryRollupStep(&QsOps, fcinfo, -1);
}

Datum
queue_combine(PG_FUNCTION_ARGS)
{
	return SummaryStateCombine(&QsOps, fcinfo);
}

/* The stored form of a state (NULL when it holds no contact). */
static QueueSummary *
QsStateSummary(QueueState *st)
{
	if (st->contacts == 0)
		return NULL;
	return (QueueSummary *) QsStateEncode(st);
}

/* The stored form of a state, empty or not (a state's flat form). */
static struct varlena *
QsStateEncode(void *state)
{
	QueueState *st = (QueueState *) state;
	QsDecoded	d;

	/*
	 * What added rows alone gave agrees with itself (each contact's keys
	 * and microseconds come from its seconds); a state that merged a
	 * summary or removed anything is checked.
	 */
	QsStateDecoded(st, &d);
	if (!st->rows_only)
		CheckConsistent(&d, ERRCODE_DATA_CORRUPTED, "invalid queue_summary state", false);
	return (struct varlena *) QsEncode(&d);
}

/*
 * The final function: the stored form, NULL when no contact was counted.
 * The state is the aggregate's (not changed), or a stored value where a
 * distributed planner hands one over.
 */
Datum
queue_final(PG_FUNCTION_ARGS)
{
	SummaryState *s;
	QueueSummary *out;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = SummaryStateOf(&QueueSummaryKind, PG_GETARG_DATUM(0));
	if (s)
		out = QsStateSummary((QueueState *) s->state);
	else
	{
		QsDecoded	d;

		QsRead(PG_GETARG_DATUM(0), &d);
		out = d.n[QS_ANSWERED] + d.n[QS_ABANDONED] == 0 ? NULL : QsEncode(&d);
	}
	if (out == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(out);
}

/*
 * merge(a, b): the summary of the contacts of both, for keeping a stored
 * summary up to date with INSERT ... ON CONFLICT DO UPDATE.  The sorted
 * histograms are merged in one pass.
 */
Datum
queue_summary_merge(PG_FUNCTION_ARGS)
{
	QsDecoded	a,
				b,
				m;

	QsFromDatum(PG_GETARG_DATUM(0), &a);
	QsFromDatum(PG_GETARG_DATUM(1), &b);
	for (int h = 0; h < QS_NHIST; h++)
		m.e[h] = SummaryMergeBins(&QueueSummaryKind, a.e[h], a.n[h], b.e[h], b.n[h], &m.n[h]);
	m.wait_us = a.wait_us;
	m.handle_us = a.handle_us;
	QsSumAdd(&m.wait_us, b.wait_us, 1);
	QsSumAdd(&m.handle_us, b.handle_us, 1);
	CheckConsistent(&m, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, "queue_summary out of range", false);
	PG_RETURN_POINTER(QsEncode(&m));
}

/* ----------------------------------------------------------------------
 * Text and binary forms
 * ---------------------------------------------------------------------- */

/*
 * Text of a key: a wait key as "12" (exactly 12 s) or "12-13" (more than 12
 * and less than 13 s); a handle key as its whole seconds.
 */
static void
AppendKey(StringInfo buf, QsHist h, uint64 key)
{
	if (h == QS_HANDLE || key % 2 == 0)
		appendStringInfo(buf, "\"" UINT64_FORMAT "\"", h == QS_HANDLE ? key : key / 2);
	else
		appendStringInfo(buf, "\"" UINT64_FORMAT "-" UINT64_FORMAT "\"", key / 2, key / 2 + 1);
}

/* The key a text key names, or an error naming it. */
static uint64
ParseKey(QsHist h, const char *s, int len, const char *path)
{
	const char *dash = memchr(s, '-', len);
	uint64		a,
				b;

	if (dash == NULL && SummaryParseSeconds(s, len, &a))
		return h == QS_HANDLE ? a : 2 * a;
	if (dash != NULL && h != QS_HANDLE &&
		SummaryParseSeconds(s, dash - s, &a) &&
		SummaryParseSeconds(dash + 1, len - (dash - s) - 1, &b) && b == a + 1)
		return 2 * a + 1;
	RulesError(&QueueTextDoc, path,
			   h == QS_HANDLE ? "must be keyed by whole seconds (\"12\")"
			   : "must be keyed by whole seconds (\"12\") or the second after one (\"12-13\")");
}

/*
 * {"version": 1, "answered_waits": {"0": 3, "12-13": 2}, "abandoned_waits": {...},
 *  "handle_times": {"230": 2}, "answered_wait_us": 123, "answered_handle_us": 456}
 */
Datum
queue_summary_out(PG_FUNCTION_ARGS)
{
	QsDecoded	d;
	StringInfoData buf;

	QsRead(PG_GETARG_DATUM(0), &d);
	SummaryTextBegin(&buf, &QueueSummaryKind);
	for (int h = 0; h < QS_NHIST; h++)
	{
		appendStringInfo(&buf, ", \"%s\": {", QsHistNames[h]);
		for (int i = 0; i < d.n[h]; i++)
		{
			if (i > 0)
				appendStringInfoString(&buf, ", ");
			AppendKey(&buf, h, d.e[h][i].key);
			appendStringInfo(&buf, ": " INT64_FORMAT, d.e[h][i].count);
		}
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfo(&buf, ", \"answered_wait_us\": " INT64_FORMAT
					 ", \"answered_handle_us\": " INT64_FORMAT "}", d.wait_us, d.handle_us);
	PG_RETURN_CSTRING(buf.data);
}

Datum
queue_summary_in(PG_FUNCTION_ARGS)
{
	static const char *const top_keys[] = {
		"version", "answered_waits", "abandoned_waits", "handle_times",
		"answered_wait_us", "answered_handle_us", NULL
	};
	const RulesDoc *doc = &QueueTextDoc;
	JsonbContainer *root = SummaryTextRoot(&QueueSummaryKind, doc, PG_GETARG_CSTRING(0), top_keys);
	QsDecoded	d;
	JsonbValue	v;

	for (int h = 0; h < QS_NHIST; h++)
	{
		const char *hname = QsHistNames[h];
		JsonbContainer *obj;
		JsonbIterator *it;
		JsonbIteratorToken tok;
		int			n = 0;

		if (!RulesGet(root, hname, &v))
			RulesError(doc, hname, "is missing");
		obj = RulesObject(doc, &v, hname);
		d.e[h] = palloc(sizeof(SummaryBin) * Max(JsonContainerSize(obj), 1));
		it = JsonbIteratorInit(obj);
		while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		{
			char	   *path;

			if (tok != WJB_KEY)
				continue;
			path = RulesPathKey(hname, v.val.string.val, v.val.string.len);
			d.e[h][n].key = ParseKey(h, v.val.string.val, v.val.string.len, path);
			tok = JsonbIteratorNext(&it, &v, true);
			d.e[h][n].count = RulesCount(doc, &v, path);
			if (d.e[h][n].count == 0)
				RulesError(doc, path, "must be a positive count");
			n++;
		}
		d.n[h] = n;
		SummarySortBins(d.e[h], n);
		for (int i = 1; i < n; i++)
			if (d.e[h][i].key == d.e[h][i - 1].key)
				RulesError(doc, hname, "names one key twice");
	}
	if (!RulesGet(root, "answered_wait_us", &v))
		RulesError(doc, "answered_wait_us", "is missing");
	d.wait_us = RulesCount(doc, &v, "answered_wait_us");
	if (!RulesGet(root, "answered_handle_us", &v))
		RulesError(doc, "answered_handle_us", "is missing");
	d.handle_us = RulesCount(doc, &v, "answered_handle_us");
	CheckConsistent(&d, ERRCODE_INVALID_TEXT_REPRESENTATION,
					"invalid input syntax for type queue_summary", false);
	PG_RETURN_POINTER(QsEncode(&d));
}

/* Binary: version, flags, the two sums, then per histogram a count and (key, count) pairs. */
Datum
queue_summary_send(PG_FUNCTION_ARGS)
{
	QsDecoded	d;
	StringInfoData buf;

	QsRead(PG_GETARG_DATUM(0), &d);
	SummarySendBegin(&buf, &QueueSummaryKind);
	pq_sendint64(&buf, d.wait_us);
	pq_sendint64(&buf, d.handle_us);
	for (int h = 0; h < QS_NHIST; h++)
		SummarySendBins(&buf, d.e[h], d.n[h]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
queue_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	const SummaryKind *kind = &QueueSummaryKind;
	QsDecoded	d;

	SummaryRecvBegin(kind, msg);
	d.wait_us = SummaryRecvCounter(kind, msg);
	d.handle_us = SummaryRecvCounter(kind, msg);
	for (int h = 0; h < QS_NHIST; h++)
		d.e[h] = SummaryRecvBins(kind, msg, &d.n[h]);
	SummaryRecvEnd(kind, msg);
	CheckConsistent(&d, ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid binary queue_summary", false);
	PG_RETURN_POINTER(QsEncode(&d));
}

/* ----------------------------------------------------------------------
 * Reading a summary
 * ---------------------------------------------------------------------- */

/* A threshold in whole seconds, the resolution a summary answers exactly. */
static uint64
WholeSeconds(int64 us, const char *what)
{
	if (us % 1000000 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a queue_summary answers whole-second thresholds only, not %s = %g",
						what, us / 1e6),
				 errhint("Use the one-step aggregate over the raw rows for a finer threshold.")));
	return (uint64) (us / 1000000);
}

/*
 * The contact_stats counters (CS_* layout) of a summary under the given
 * options (thresholds in whole seconds, as microseconds): the very counters
 * the one-step aggregate fills from the raw rows.
 */
static void
QsCounters(const QsDecoded *d, int64 threshold, int64 shortab, int64 policy, int64 *s)
{
	uint64		within = 2 * WholeSeconds(threshold, "threshold_seconds");
	uint64		shortkey = 2 * WholeSeconds(shortab, "short_abandon_seconds");

	memset(s, 0, sizeof(int64) * CS_LEN);
	s[CS_VERSION] = STATE_VERSION;
	s[CS_THRESHOLD] = threshold;
	s[CS_SHORT] = shortab;
	s[CS_POLICY] = policy;
	for (int i = 0; i < d->n[QS_ANSWERED]; i++)
	{
		s[CS_ANSWERED] += d->e[QS_ANSWERED][i].count;
		if (d->e[QS_ANSWERED][i].key <= within)
			s[CS_ANSWERED_WITHIN] += d->e[QS_ANSWERED][i].count;
	}
	for (int i = 0; i < d->n[QS_ABANDONED]; i++)
	{
		const SummaryBin *e = &d->e[QS_ABANDONED][i];

		if (e->key < shortkey)
			s[CS_SHORT_ABANDONED] += e->count;
		else
		{
			s[CS_ABANDONED] += e->count;
			if (e->key <= within)
				s[CS_ABANDONED_WITHIN] += e->count;
		}
	}
	s[CS_WAIT_ANSWERED] = d->wait_us;
	s[CS_HANDLE_ANSWERED] = d->handle_us;
}

/* contact_stats(queue_summary [, options]): the effcap.contact_summary row. */
Datum
queue_contact_stats(PG_FUNCTION_ARGS)
{
	QsDecoded	d;
	int64		threshold = 20 * (int64) 1000000,
				shortab = 0,
				policy = ABANDONS_NEGATIVE;
	int64		s[CS_LEN];

	if (PG_NARGS() > 1)
	{
		if (PG_ARGISNULL(1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("contact_stats options must not be NULL")));
		ContactOptionsParse(PG_GETARG_JSONB_P(1), &threshold, &shortab, &policy);
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	QsRead(PG_GETARG_DATUM(0), &d);
	QsCounters(&d, threshold, shortab, policy, s);
	if (s[CS_ANSWERED] + s[CS_ABANDONED] + s[CS_SHORT_ABANDONED] == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ContactSummaryRow(fcinfo, s));
}

/* service_level(queue_summary, threshold_seconds [, policy]) */
Datum
queue_service_level(PG_FUNCTION_ARGS)
{
	QsDecoded	d;
	int64		s[CS_LEN];
	int64		policy = ABANDONS_NEGATIVE;
	int64		threshold;
	bool		isnull;
	double		r;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("threshold_seconds must not be NULL")));
	threshold = ThresholdMicros(PG_GETARG_FLOAT8(1), "threshold_seconds");
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("service level policy must not be NULL")));
		policy = PolicyFromText(PG_GETARG_TEXT_PP(2));
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	QsRead(PG_GETARG_DATUM(0), &d);
	QsCounters(&d, threshold, 0, policy, s);
	r = ServiceLevel(s, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

/*
 * service_level_interval(queue_summary, threshold_seconds, policy,
 * confidence): the service level as an effcap.rate_interval, with its
 * Wilson score interval: the contacts within the threshold out of those
 * the policy counts (service_level's numerator and denominator).
 */
Datum
queue_service_level_interval(PG_FUNCTION_ARGS)
{
	QsDecoded	d;
	int64		s[CS_LEN];
	int64		good,
				total;
	int64		threshold;
	int64		policy;
	double		z;

	for (int i = 1; i < 4; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be NULL", i == 1 ? "threshold_seconds" : i == 2 ? "service level policy" : "confidence")));
	threshold = ThresholdMicros(PG_GETARG_FLOAT8(1), "threshold_seconds");
	policy = PolicyFromText(PG_GETARG_TEXT_PP(2));
	z = ConfidenceZ(PG_GETARG_FLOAT8(3));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	QsRead(PG_GETARG_DATUM(0), &d);
	QsCounters(&d, threshold, 0, policy, s);
	ServiceLevelCounts(s, &good, &total);
	PG_RETURN_DATUM(WilsonRow(fcinfo, good, total, z));
}

/*
 * The smallest whole second T such that at least `fraction` of the entries
 * of histogram h have a time <= T (for waits: key <= 2T); NULL when the
 * histogram is empty.
 */
static Datum
Percentile(FunctionCallInfo fcinfo, QsHist h)
{
	double		fraction = SummaryFraction(fcinfo, 1);
	QsDecoded	d;
	uint64		key;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	QsRead(PG_GETARG_DATUM(0), &d);
	if (!SummaryBinsPercentile(d.e[h], d.n[h], fraction, &key))
		PG_RETURN_NULL();
	/* A wait key 2s or 2s + 1 covers waits up to s or s + 1 seconds. */
	PG_RETURN_FLOAT8(h == QS_HANDLE ? (double) key : (double) ((key + 1) / 2));
}

Datum
queue_wait_percentile(PG_FUNCTION_ARGS)
{
	return Percentile(fcinfo, QS_ANSWERED);
}

Datum
queue_handle_percentile(PG_FUNCTION_ARGS)
{
	return Percentile(fcinfo, QS_HANDLE);
}
