/*
 * fcr.c
 *		First-contact resolution (DESIGN 4): the repeat-contact window
 *		functions.
 *
 * A contact at t is repeated when the same customer (the window partition)
 * makes another contact at t2 with t < t2 <= t + window; it repeats an
 * earlier one when some contact at t0 has t0 < t <= t0 + window.  Contacts at
 * the same instant are not repeats of each other.  The functions read only
 * the neighbouring distinct instant, so the tuplestore keeps just what they
 * still need (WinSetMarkPosition), and tied instants are scanned once.
 *
 * The repeat window is an exact duration: days count 24 hours and months are
 * refused, so the result does not depend on the session time zone and the
 * functions are truly IMMUTABLE.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "common/hashfn.h"
#include "utils/memutils.h"
#include "utils/uuid.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "counters.h"
#include "effcap.h"

PG_FUNCTION_INFO_V1(first_contact_resolved);
PG_FUNCTION_INFO_V1(is_repeat);

/* The repeat window in microseconds; an error unless a positive exact duration. */
static int64
RepeatWindowMicros(Interval *w)
{
	int64		us;

	if (w->month != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must not contain months or years"),
				 errhint("Give it in days or hours, e.g. interval '30 days'.")));
	if (pg_mul_s64_overflow((int64) w->day, USECS_PER_DAY, &us) ||
		pg_add_s64_overflow(us, w->time, &us))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("repeat window is out of range")));
	if (us <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window must be positive")));
	return us;
}

/* A finite contact time, or an error. */
static TimestampTz
ContactTime(Datum d)
{
	TimestampTz t = DatumGetTimestampTz(d);

	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("contact time must be finite, not %s",
						TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity")));
	return t;
}

/* to - from <= limit, exactly (the difference may not fit in int64). */
static inline bool
FcrSpanAtMost(TimestampTz from, TimestampTz to, int64 limit)
{
	int64		d;

	if (unlikely(pg_sub_s64_overflow(to, from, &d)))
		return to < from;
	return d <= limit;
}

/*
 * The neighbouring distinct instant of a partition, remembered across the
 * rows of a tie so that a run of equal instants is scanned once.
 */
typedef struct Neighbour
{
	bool		valid;
	TimestampTz t;				/* the instant it was found for */
	int64		pos;			/* its position, or -1 for none */
	TimestampTz t2;				/* its instant */
} Neighbour;

/*
 * Find the nearest row after (dir 1) or before (dir -1) the current one with
 * an instant different from t.  Rows out of order are an error: the window
 * must be ordered by the contact time.  A NULL instant ends the search (NULLs
 * sort at one end).
 */
static void
FindNeighbour(WindowObject winobj, const char *fname, int dir, TimestampTz t,
			  Neighbour *nb)
{
	int64		cur = WinGetCurrentPosition(winobj);

	if (nb->valid && nb->t == t && (nb->pos < 0 || (nb->pos - cur) * dir > 0))
		return;
	nb->valid = true;
	nb->t = t;
	nb->pos = -1;
	for (int64 k = 1;; k++)
	{
		bool		isnull,
					isout;
		Datum		d = WinGetFuncArgInPartition(winobj, 0, (int) (dir * k),
												 WINDOW_SEEK_CURRENT, false,
												 &isnull, &isout);
		TimestampTz t2;

		/* all of a partition can be tied at one instant */
		EFFCAP_CHECK_INTERRUPTS_EVERY(k);
		if (isout || isnull)
			return;
		t2 = ContactTime(d);
		if (dir > 0 ? t2 < t : t2 > t)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s needs the window ordered by the contact time", fname),
					 errhint("Use OVER (PARTITION BY customer ORDER BY contact_at).")));
		if (t2 != t)
		{
			nb->pos = cur + dir * k;
			nb->t2 = t2;
			return;
		}
		if (k >= PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many contacts at one instant")));
	}
}

/*
 * The current row's contact time and repeat window (arguments 0 and 1), and
 * as_of (argument 2) when given; false when any of them is NULL.
 */
static bool
CurrentRow(WindowObject winobj, int nargs, TimestampTz *t, int64 *window,
		   TimestampTz *as_of)
{
	bool		isnull;
	Datum		d;

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		return false;
	*window = RepeatWindowMicros(DatumGetIntervalP(d));
	if (nargs > 2)
	{
		d = WinGetFuncArgCurrent(winobj, 2, &isnull);
		if (isnull)
			return false;
		*as_of = DatumGetTimestampTz(d);
	}
	d = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		return false;
	*t = ContactTime(d);
	return true;
}

/*
 * first_contact_resolved(contact_at, repeat_window [, as_of]): true when the
 * customer makes no later contact within the window, false when it does,
 * NULL when the window reaches past as_of without a repeat (pending).
 */
Datum
first_contact_resolved(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Neighbour  *next = WinGetPartitionLocalMemory(winobj, sizeof(Neighbour));
	TimestampTz t;
	int64		window;
	TimestampTz as_of = 0;
	bool		has_as_of = PG_NARGS() > 2;

	/* Nothing before the current row is needed again. */
	WinSetMarkPosition(winobj, WinGetCurrentPosition(winobj));
	if (!CurrentRow(winobj, PG_NARGS(), &t, &window, &as_of))
		PG_RETURN_NULL();

	FindNeighbour(winobj, "first_contact_resolved", 1, t, next);
	if (next->pos >= 0 && FcrSpanAtMost(t, next->t2, window))
		PG_RETURN_BOOL(false);
	/* Pending: the window is not over at as_of (as_of - t < window). */
	if (has_as_of && !TIMESTAMP_IS_NOEND(as_of) &&
		(TIMESTAMP_IS_NOBEGIN(as_of) || FcrSpanAtMost(t, as_of, window - 1)))
		PG_RETURN_NULL();
	PG_RETURN_BOOL(true);
}

/*
 * is_repeat(contact_at, repeat_window): true when the customer made an
 * earlier contact within the window before this one.
 */
Datum
is_repeat(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Neighbour  *prev = WinGetPartitionLocalMemory(winobj, sizeof(Neighbour));
	TimestampTz t;
	int64		window;

	/*
	 * A row with a NULL argument leaves the mark where it is: a later row
	 * tied with it may still need the earlier instant before the tie.
	 */
	if (!CurrentRow(winobj, 2, &t, &window, NULL))
		PG_RETURN_NULL();
	FindNeighbour(winobj, "is_repeat", -1, t, prev);
	/* Later rows need nothing before the nearest earlier instant. */
	WinSetMarkPosition(winobj, prev->pos >= 0 ? prev->pos : WinGetCurrentPosition(winobj));
	PG_RETURN_BOOL(prev->pos >= 0 && FcrSpanAtMost(prev->t2, t, window));
}

/* ----------------------------------------------------------------------
 * The fcr_rate / fcr_stats aggregates (bigint customer keys)
 *
 * The state keeps one (customer, time) pair per contact in an array grown by
 * half its size; the final function sorts it and reads each customer's
 * contacts in order.  Sorting needs no per-customer structure at all.  A
 * parallel worker sorts its part before handing it over, and the leader
 * merges the sorted parts, so most of the sorting runs in parallel.
 *
 * A pair takes 8 bytes while it can: a customer in 0 .. 2^32-1 (always so
 * for dictionary ids) and a time in whole seconds from 2000-01-01 to 2136,
 * packed as customer << 32 | seconds, so the key orders as the pair.  The
 * first contact that does not fit turns the state into 16-byte pairs for
 * good.  Most of the cost of a large group is the first touch of the
 * state's memory, so halving it matters (see doc/performance.md).
 * ---------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(fcr_trans);
PG_FUNCTION_INFO_V1(fcr_trans_key);
PG_FUNCTION_INFO_V1(fcr_combine);
PG_FUNCTION_INFO_V1(fcr_serialize);
PG_FUNCTION_INFO_V1(fcr_deserialize);
PG_FUNCTION_INFO_V1(fcr_rate_final);
PG_FUNCTION_INFO_V1(fcr_stats_final);

#define FCR_VERSION 2

typedef struct FcrContact
{
	int64		customer;
	TimestampTz t;
} FcrContact;

/* Packed pairs: customer << 32 | whole seconds since 2000-01-01. */
#define FCR_PACKED_CUSTOMER(k) ((k) >> 32)
#define FCR_PACKED_TIME(k) ((TimestampTz) ((k) & PG_UINT32_MAX) * USECS_PER_SEC)

static inline bool
FcrPackable(int64 customer, TimestampTz t)
{
	return (uint64) customer <= PG_UINT32_MAX && t >= 0 && t % USECS_PER_SEC == 0 &&
		t / USECS_PER_SEC <= PG_UINT32_MAX;
}

static inline uint64
FcrPack(int64 customer, TimestampTz t)
{
	return ((uint64) customer << 32) | (uint64) (t / USECS_PER_SEC);
}

typedef struct FcrDictEntry FcrDictEntry;
struct fcrdict_hash;

/*
 * customer is the key itself for bigint keys; for text and uuid keys, and
 * for (customer, reason) pairs, it is a dense id from a dictionary of the
 * distinct keys, kept as bytes in one arena (key i spans key_end[i-1] to
 * key_end[i]).
 */
typedef struct FcrState
{
	int64		window;			/* microseconds */
	Interval	window_given;	/* the window argument as first given */
	bool		has_as_of;
	TimestampTz as_of;
	bool		dict_mode;
	bool		sorted;			/* the contacts are in (customer, time) order */
	bool		packed;			/* they are in k, else in c */
	int64		n;
	int64		cap;			/* elements of k or c */
	uint64	   *k;
	FcrContact *c;
	/* dictionary mode */
	MemoryContext cxt;
	struct fcrdict_hash *dict;
	char	   *arena;
	uint64		arena_len;
	uint64		arena_cap;
	uint64	   *key_end;
	uint32		nkeys;
	uint32		keys_cap;
} FcrState;

typedef struct FcrKey
{
	uint64		off;
	uint32		len;
} FcrKey;

struct FcrDictEntry
{
	FcrKey		key;
	uint32		hash;
	uint32		id;
	char		status;
};

#define SH_PREFIX fcrdict
#define SH_ELEMENT_TYPE FcrDictEntry
#define SH_KEY_TYPE FcrKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) \
	hash_bytes((const unsigned char *) ((FcrState *) (tb)->private_data)->arena + (k).off, (k).len)
#define SH_EQUAL(tb, a, b) \
	((a).len == (b).len && \
	 memcmp(((FcrState *) (tb)->private_data)->arena + (a).off, \
			((FcrState *) (tb)->private_data)->arena + (b).off, (a).len) == 0)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/*
 * Serialized form: this header, then (dictionary mode) nkeys uint64 key ends
 * and arena_len bytes of keys, then n packed keys (uint64) or FcrContact.
 */
typedef struct FcrWire
{
	uint8		version;
	uint8		has_as_of;
	uint8		dict_mode;
	uint8		sorted;
	uint8		packed;
	uint8		unused[3];
	uint32		nkeys;
	int64		window;
	TimestampTz as_of;
	int64		n;
	uint64		arena_len;
} FcrWire;

static void
FcrSameParameters(const FcrState *a, int64 window, bool has_as_of, TimestampTz as_of)
{
	if (a->window != window || a->has_as_of != has_as_of || (has_as_of && a->as_of != as_of))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("repeat window and as_of must be the same for every row of a group")));
}

/* A group's array of size bytes must stay within effcap.max_group_memory. */
static void
FcrCheckGroupMemory(Size size, const char *what)
{
	if (size / 1024 >= (Size) EffcapMaxGroupMemoryKb)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the %s of one FCR group need more than effcap.max_group_memory (%d kB)",
						what, EffcapMaxGroupMemoryKb),
				 errhint("Group more finely (by center, by month), or raise effcap.max_group_memory.")));
}

/* An array of cap contacts of the given width, or the error if too many. */
static void *
FcrAllocContacts(MemoryContext cxt, void *old, int64 cap, Size width)
{
	if ((Size) cap > MaxAllocHugeSize / width)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many contacts in one group")));
	FcrCheckGroupMemory(cap * width, "contacts");
	return old == NULL ? MemoryContextAllocHuge(cxt, cap * width) : repalloc_huge(old, cap * width);
}

/* Room for `more` contacts, growing by half. */
static void
FcrReserve(FcrState *s, int64 more, MemoryContext cxt)
{
	int64		need;
	Size		width = s->packed ? sizeof(uint64) : sizeof(FcrContact);
	void	   *old = s->packed ? (void *) s->k : (void *) s->c;
	void	   *p;

	if (pg_add_s64_overflow(s->n, more, &need))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many contacts in one group")));
	if (need <= s->cap)
		return;
	s->cap = Max(need, Max(s->cap + s->cap / 2, 64));
	p = FcrAllocContacts(cxt, old, s->cap, width);
	if (s->packed)
		s->k = p;
	else
		s->c = p;
}

/* Turn a packed state into 16-byte pairs, keeping its capacity and order. */
static void
FcrUnpack(FcrState *s)
{
	FcrContact *c = NULL;

	Assert(s->packed);
	if (s->cap > 0)
	{
		c = FcrAllocContacts(s->cxt, NULL, s->cap, sizeof(FcrContact));
		for (int64 i = 0; i < s->n; i++)
		{
			EFFCAP_CHECK_INTERRUPTS_EVERY(i);
			c[i].customer = (int64) FCR_PACKED_CUSTOMER(s->k[i]);
			c[i].t = FCR_PACKED_TIME(s->k[i]);
		}
		pfree(s->k);
	}
	s->k = NULL;
	s->c = c;
	s->packed = false;
}

static FcrState *
FcrNew(MemoryContext cxt, int64 window, bool has_as_of, TimestampTz as_of, bool dict_mode)
{
	FcrState   *s = MemoryContextAllocZero(cxt, sizeof(FcrState));

	s->window = window;
	s->has_as_of = has_as_of;
	s->as_of = as_of;
	s->dict_mode = dict_mode;
	s->sorted = true;
	s->packed = true;
	s->cxt = cxt;
	/* Small to start: a grouped query can hold thousands of states. */
	if (dict_mode)
		s->dict = fcrdict_create(cxt, 16, s);
	return s;
}

/* The dictionary id of a key (the bytes are copied when new). */
static uint32
FcrKeyId(FcrState *s, const char *bytes, uint32 len)
{
	FcrKey		k;
	FcrDictEntry *e;
	bool		found;

	/* Stage the bytes at the arena's end; they stay only if the key is new. */
	if (s->arena_len + len > s->arena_cap)
	{
		uint64		cap = Max(s->arena_len + len, Max(s->arena_cap + s->arena_cap / 2, 256));

		if (cap > MaxAllocHugeSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct customers in one group")));
		FcrCheckGroupMemory(cap, "customer keys");
		s->arena = s->arena == NULL ? MemoryContextAllocHuge(s->cxt, cap) : repalloc_huge(s->arena, cap);
		s->arena_cap = cap;
	}
	memcpy(s->arena + s->arena_len, bytes, len);
	k.off = s->arena_len;
	k.len = len;
	e = fcrdict_insert(s->dict, k, &found);
	if (found)
		return e->id;
	if (s->nkeys == PG_UINT32_MAX - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct customers in one group")));
	if (s->nkeys == s->keys_cap)
	{
		s->keys_cap = Max(16, s->keys_cap + s->keys_cap / 2);
		s->key_end = s->key_end == NULL ?
			MemoryContextAllocHuge(s->cxt, sizeof(uint64) * s->keys_cap) :
			repalloc_huge(s->key_end, sizeof(uint64) * s->keys_cap);
	}
	e->id = s->nkeys;
	s->arena_len += len;
	s->key_end[s->nkeys++] = s->arena_len;
	return e->id;
}

/* Bytes of dictionary key id. */
static const char *
FcrKeyBytes(const FcrState *s, uint32 id, uint32 *len)
{
	uint64		start = id == 0 ? 0 : s->key_end[id - 1];

	*len = (uint32) (s->key_end[id] - start);
	return s->arena + start;
}

/* Record one contact. */
static inline void
FcrAdd(FcrState *s, int64 customer, TimestampTz t)
{
	if (unlikely(s->n >= s->cap))
		FcrReserve(s, 1, s->cxt);
	if (likely(s->packed))
	{
		if (likely(FcrPackable(customer, t)))
		{
			uint64		key = FcrPack(customer, t);

			/* Input in customer order (a sorted subquery) then needs no sort. */
			if (s->sorted && s->n > 0 && key < s->k[s->n - 1])
				s->sorted = false;
			s->k[s->n++] = key;
			return;
		}
		FcrUnpack(s);
	}
	if (s->sorted && s->n > 0 &&
		(customer < s->c[s->n - 1].customer ||
		 (customer == s->c[s->n - 1].customer && t < s->c[s->n - 1].t)))
		s->sorted = false;
	s->c[s->n].customer = customer;
	s->c[s->n].t = t;
	s->n++;
}

/* Order by customer, then time. */
static inline int
FcrContactCmp(const FcrContact *x, const FcrContact *y)
{
	if (x->customer != y->customer)
		return x->customer < y->customer ? -1 : 1;
	return (x->t > y->t) - (x->t < y->t);
}

/* The sort (fcr_sort.h): 11-bit in-place passes, LSD radix for small buckets. */
#define FCR_RADIX_BITS 11
#define FCR_RADIX_BUCKETS (1 << FCR_RADIX_BITS)
#define FCR_RADIX_LEVELS ((64 + FCR_RADIX_BITS - 1) / FCR_RADIX_BITS)
#define FCR_RADIX_MIN 48
#define FCR_RADIX_GROUP 4096
#define FCR_LSD_MAX 16384

/* Working memory of one sort: counters per in-place level, the LSD scratch. */
typedef struct FcrSortWork
{
	int64		count[FCR_RADIX_LEVELS][FCR_RADIX_BUCKETS];
	int64		head[FCR_RADIX_LEVELS][FCR_RADIX_BUCKETS];
	FcrContact	scratch[FCR_LSD_MAX];	/* room for FCR_LSD_MAX of either layout */
} FcrSortWork;

typedef struct FcrCounts
{
	int64		contacts,
				resolved,
				repeated,
				pending;
} FcrCounts;

static inline int
FcrPackedCmp(const uint64 *x, const uint64 *y)
{
	return (*x > *y) - (*x < *y);
}

/* 16-byte pairs; the signed customer orders as unsigned with its top bit flipped. */
#define FS_ELEM FcrContact
#define FS_PREFIX fcr_wide_
#define FS_CUSTOMER(e) ((uint64) (e).customer ^ UINT64CONST(0x8000000000000000))
#define FS_TIME(e) ((e).t)
#define FS_CMP(a, b) FcrContactCmp(a, b)
#include "fcr_sort.h"

/* Packed keys. */
#define FS_ELEM uint64
#define FS_PREFIX fcr_packed_
#define FS_CUSTOMER(e) FCR_PACKED_CUSTOMER(e)
#define FS_TIME(e) FCR_PACKED_TIME(e)
#define FS_CMP(a, b) FcrPackedCmp(a, b)
#include "fcr_sort.h"

/*
 * Room for the out-of-place radix passes over a packed state, kept for the
 * query in the calling function's fn_extra, so that later groups reuse
 * memory already touched (first touches of fresh memory are most of what
 * a large group costs).  With it the sort needs at most 8 more bytes a
 * contact while it runs; 16-byte states are sorted in place instead.
 */
typedef struct FcrScratch
{
	Size		cap;
	uint64	   *buf;
} FcrScratch;

/* Sort the contacts by customer and time (once: the order is remembered). */
static void
FcrSort(FunctionCallInfo fcinfo, FcrState *s)
{
	if (!s->sorted && s->n > 1 && s->packed)
	{
		FcrScratch *sc = fcinfo->flinfo->fn_extra;
		Size		need = (Size) s->n * sizeof(uint64);

		if (sc == NULL)
			sc = fcinfo->flinfo->fn_extra =
				MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FcrScratch));
		if (sc->cap < need && s->n >= FCR_RADIX_GROUP)
		{
			if (sc->buf != NULL)
				pfree(sc->buf);
			/* Without the memory the sort runs in place. */
			sc->buf = MemoryContextAllocExtended(fcinfo->flinfo->fn_mcxt, need,
												 MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
			sc->cap = sc->buf != NULL ? need : 0;
		}
		fcr_packed_sort(s->k, s->n, sc->cap >= need ? sc->buf : NULL);
	}
	else if (!s->sorted && s->n > 1)
		fcr_wide_sort(s->c, s->n, NULL);
	s->sorted = true;
}

/* Read the window and as_of arguments at the given positions. */
static void
FcrParameters(FunctionCallInfo fcinfo, int window_arg, int64 *window, bool *has_as_of,
			  TimestampTz *as_of)
{
	if (PG_ARGISNULL(window_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("repeat window must not be NULL")));
	*window = RepeatWindowMicros(PG_GETARG_INTERVAL_P(window_arg));
	*has_as_of = PG_NARGS() > window_arg + 1;
	*as_of = 0;
	if (*has_as_of)
	{
		if (PG_ARGISNULL(window_arg + 1))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("as_of must not be NULL")));
		*as_of = PG_GETARG_TIMESTAMPTZ(window_arg + 1);
	}
}

/*
 * The state of a group with its window and as_of arguments: a new state on
 * the first row; on later rows, arguments the same as the first row's pass
 * on a plain compare, and others are read and checked in full.
 */
static FcrState *
FcrStateFor(FunctionCallInfo fcinfo, int window_arg, MemoryContext aggcxt, bool dict_mode)
{
	FcrState   *s = PG_ARGISNULL(0) ? NULL : (FcrState *) PG_GETARG_POINTER(0);
	int64		window;
	bool		has_as_of;
	TimestampTz as_of;

	if (s != NULL && !PG_ARGISNULL(window_arg) &&
		memcmp(PG_GETARG_INTERVAL_P(window_arg), &s->window_given, sizeof(Interval)) == 0 &&
		(!s->has_as_of || (!PG_ARGISNULL(window_arg + 1) &&
						   PG_GETARG_TIMESTAMPTZ(window_arg + 1) == s->as_of)))
		return s;
	FcrParameters(fcinfo, window_arg, &window, &has_as_of, &as_of);
	if (s != NULL)
	{
		FcrSameParameters(s, window, has_as_of, as_of);
		return s;
	}
	s = FcrNew(aggcxt, window, has_as_of, as_of, dict_mode);
	s->window_given = *PG_GETARG_INTERVAL_P(window_arg);
	return s;
}

/*
 * Transition for bigint keys: fcr_trans(state, customer, contact_at,
 * repeat_window [, as_of]).  A row with a NULL customer or time is skipped.
 */
Datum
fcr_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FcrState   *s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_trans called in non-aggregate context");
	s = FcrStateFor(fcinfo, 3, aggcxt, false);
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
		FcrAdd(s, PG_GETARG_INT64(1), ContactTime(PG_GETARG_DATUM(2)));
	PG_RETURN_POINTER(s);
}

/*
 * Transition for text and uuid keys and for the reason-aware forms:
 * fcr_trans_key(state, customer [, reason], contact_at, repeat_window
 * [, as_of]).  The key is the customer's bytes, or a length-prefixed pair of
 * customer and reason.  A row with a NULL customer, reason or time is skipped.
 */
/* What fcr_trans_key learns once per query: argument types and a key buffer. */
typedef struct FcrKeyCall
{
	Oid			keytype;
	bool		with_reason;
	StringInfoData key;
} FcrKeyCall;

Datum
fcr_trans_key(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FcrKeyCall *call = (FcrKeyCall *) fcinfo->flinfo->fn_extra;
	FcrState   *s;
	int			time_arg;
	StringInfo	key;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_trans_key called in non-aggregate context");
	if (call == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		call = palloc(sizeof(FcrKeyCall));
		call->keytype = get_fn_expr_argtype(fcinfo->flinfo, 1);
		call->with_reason = get_fn_expr_argtype(fcinfo->flinfo, 2) == TEXTOID;
		initStringInfo(&call->key);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = call;
	}
	time_arg = call->with_reason ? 3 : 2;
	s = FcrStateFor(fcinfo, time_arg + 1, aggcxt, true);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(time_arg) || (call->with_reason && PG_ARGISNULL(2)))
		PG_RETURN_POINTER(s);

	key = &call->key;
	resetStringInfo(key);
	if (call->keytype == INT8OID)
	{
		int64		v = PG_GETARG_INT64(1);

		appendBinaryStringInfo(key, (char *) &v, sizeof(v));
	}
	else if (call->keytype == UUIDOID)
		appendBinaryStringInfo(key, (char *) PG_GETARG_UUID_P(1), UUID_LEN);
	else if (call->keytype == TEXTOID)
	{
		text	   *v = PG_GETARG_TEXT_PP(1);
		uint32		len = VARSIZE_ANY_EXHDR(v);

		if (call->with_reason)
			appendBinaryStringInfo(key, (char *) &len, sizeof(len));
		appendBinaryStringInfo(key, VARDATA_ANY(v), len);
	}
	else
		elog(ERROR, "fcr_trans_key: unsupported customer key type %u", call->keytype);
	if (call->with_reason)
	{
		text	   *r = PG_GETARG_TEXT_PP(2);

		appendBinaryStringInfo(key, VARDATA_ANY(r), VARSIZE_ANY_EXHDR(r));
	}
	FcrAdd(s, FcrKeyId(s, key->data, key->len), ContactTime(PG_GETARG_DATUM(time_arg)));
	PG_RETURN_POINTER(s);
}

Datum
fcr_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FcrState   *a = PG_ARGISNULL(0) ? NULL : (FcrState *) PG_GETARG_POINTER(0);
	FcrState   *b = PG_ARGISNULL(1) ? NULL : (FcrState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = FcrNew(aggcxt, b->window, b->has_as_of, b->as_of, b->dict_mode);
	else
		FcrSameParameters(a, b->window, b->has_as_of, b->as_of);
	if (a->dict_mode != b->dict_mode)
		elog(ERROR, "fcr_combine: states of different kinds");
	if (b->n > 0)
	{
		/* a takes 16-byte pairs when b has them. */
		if (a->packed && !b->packed)
			FcrUnpack(a);
		FcrReserve(a, b->n, aggcxt);
		if (b->dict_mode)
		{
			/* Re-number b's keys in a's dictionary (ids stay below 2^32). */
			uint32	   *map = palloc_extended(sizeof(uint32) * Max(b->nkeys, 1), MCXT_ALLOC_HUGE);

			for (uint32 id = 0; id < b->nkeys; id++)
			{
				uint32		len;
				const char *bytes = FcrKeyBytes(b, id, &len);

				EFFCAP_CHECK_INTERRUPTS_EVERY(id);
				map[id] = FcrKeyId(a, bytes, len);
			}
			for (int64 i = 0; i < b->n; i++)
			{
				EFFCAP_CHECK_INTERRUPTS_EVERY(i);
				if (a->packed)
					a->k[a->n + i] = ((uint64) map[FCR_PACKED_CUSTOMER(b->k[i])] << 32) |
						(b->k[i] & PG_UINT32_MAX);
				else if (b->packed)
				{
					a->c[a->n + i].customer = map[FCR_PACKED_CUSTOMER(b->k[i])];
					a->c[a->n + i].t = FCR_PACKED_TIME(b->k[i]);
				}
				else
				{
					a->c[a->n + i].customer = map[b->c[i].customer];
					a->c[a->n + i].t = b->c[i].t;
				}
			}
			pfree(map);
			a->sorted = false;
		}
		else if (a->packed)		/* and so is b */
		{
			if (a->n > 0 && a->sorted && b->sorted)
				fcr_packed_merge_into(a->k, a->n, b->k, b->n);
			else
			{
				memcpy(a->k + a->n, b->k, b->n * sizeof(uint64));
				a->sorted = a->n == 0 && b->sorted;
			}
		}
		else if (!b->packed)
		{
			if (a->n > 0 && a->sorted && b->sorted)
				fcr_wide_merge_into(a->c, a->n, b->c, b->n);
			else
			{
				memcpy(a->c + a->n, b->c, b->n * sizeof(FcrContact));
				a->sorted = a->n == 0 && b->sorted;
			}
		}
		else
		{
			/* Packed b into a's 16-byte pairs: the order carries over. */
			for (int64 i = 0; i < b->n; i++)
			{
				EFFCAP_CHECK_INTERRUPTS_EVERY(i);
				a->c[a->n + i].customer = (int64) FCR_PACKED_CUSTOMER(b->k[i]);
				a->c[a->n + i].t = FCR_PACKED_TIME(b->k[i]);
			}
			if (a->n > 0 && a->sorted && b->sorted)
			{
				/* Merge the converted copy of b: move it out of the way first. */
				FcrContact *bc = palloc_extended(b->n * sizeof(FcrContact), MCXT_ALLOC_HUGE);

				memcpy(bc, a->c + a->n, b->n * sizeof(FcrContact));
				fcr_wide_merge_into(a->c, a->n, bc, b->n);
				pfree(bc);
			}
			else
				a->sorted = a->n == 0 && b->sorted;
		}
		a->n += b->n;
	}
	PG_RETURN_POINTER(a);
}

Datum
fcr_serialize(PG_FUNCTION_ARGS)
{
	FcrState   *s = (FcrState *) PG_GETARG_POINTER(0);
	Size		keys = s->dict_mode ? add_size(mul_size(s->nkeys, sizeof(uint64)), s->arena_len) : 0;
	Size		width = s->packed ? sizeof(uint64) : sizeof(FcrContact);
	Size		size = add_size(add_size(VARHDRSZ + sizeof(FcrWire), keys), mul_size(s->n, width));
	bytea	   *out;
	char	   *p;
	FcrWire		w = {0};

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "fcr_serialize called in non-aggregate context");
	/* Sorting here sorts in the worker; the leader then only merges. */
	FcrSort(fcinfo, s);
	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("partial FCR state of %lld contacts is too large to pass between workers",
						(long long) s->n)));
	out = palloc(size);
	SET_VARSIZE(out, size);
	w.version = FCR_VERSION;
	w.has_as_of = s->has_as_of;
	w.dict_mode = s->dict_mode;
	w.sorted = s->sorted;
	w.packed = s->packed;
	w.nkeys = s->dict_mode ? s->nkeys : 0;
	w.window = s->window;
	w.as_of = s->as_of;
	w.n = s->n;
	w.arena_len = s->dict_mode ? s->arena_len : 0;
	p = VARDATA(out);
	memcpy(p, &w, sizeof(w));
	p += sizeof(w);
	if (s->dict_mode && s->nkeys > 0)
	{
		memcpy(p, s->key_end, sizeof(uint64) * s->nkeys);
		p += sizeof(uint64) * s->nkeys;
		memcpy(p, s->arena, s->arena_len);
		p += s->arena_len;
	}
	if (s->n > 0)
		memcpy(p, s->packed ? (void *) s->k : (void *) s->c, s->n * width);
	PG_RETURN_BYTEA_P(out);
}

static void
BadState(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid FCR state")));
}

Datum
fcr_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	FcrWire		w;
	FcrState   *s;
	const char *p = VARDATA_ANY(in);
	Size		len = VARSIZE_ANY_EXHDR(in);
	Size		keys_size;
	Size		width;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "fcr_deserialize called in non-aggregate context");
	if (len < sizeof(w))
		BadState();
	memcpy(&w, p, sizeof(w));
	p += sizeof(w);
	len -= sizeof(w);
	if (w.version != FCR_VERSION || w.has_as_of > 1 || w.dict_mode > 1 || w.sorted > 1 ||
		w.packed > 1 || w.window <= 0 || w.n < 0 || (!w.dict_mode && (w.nkeys != 0 || w.arena_len != 0)) ||
		w.arena_len > len || w.nkeys > len / sizeof(uint64))
		BadState();
	keys_size = (Size) w.nkeys * sizeof(uint64) + w.arena_len;
	width = w.packed ? sizeof(uint64) : sizeof(FcrContact);
	if (keys_size > len || (Size) w.n != (len - keys_size) / width || (len - keys_size) % width != 0)
		BadState();
	s = FcrNew(aggcxt, w.window, w.has_as_of, w.as_of, w.dict_mode);
	if (!w.packed)
		FcrUnpack(s);
	if (w.dict_mode)
	{
		const char *arena = p + (Size) w.nkeys * sizeof(uint64);
		uint64		start = 0;

		for (uint32 id = 0; id < w.nkeys; id++)
		{
			uint64		end;

			EFFCAP_CHECK_INTERRUPTS_EVERY(id);
			memcpy(&end, p + (Size) id * sizeof(uint64), sizeof(end));
			if (end < start || end > w.arena_len || end - start > PG_UINT32_MAX ||
				FcrKeyId(s, arena + start, (uint32) (end - start)) != id)
				BadState();
			start = end;
		}
		if (start != w.arena_len)
			BadState();
		p += keys_size;
	}
	if (w.n > 0)
	{
		FcrReserve(s, w.n, aggcxt);
		memcpy(s->packed ? (void *) s->k : (void *) s->c, p, w.n * width);
		s->n = w.n;
		if (w.dict_mode)
			for (int64 i = 0; i < s->n; i++)
			{
				int64		id = s->packed ? (int64) FCR_PACKED_CUSTOMER(s->k[i]) : s->c[i].customer;

				EFFCAP_CHECK_INTERRUPTS_EVERY(i);
				if (id < 0 || id >= w.nkeys)
					BadState();
			}
		/* Contact times must be finite, as fcr_trans makes sure. */
		if (!s->packed)
			for (int64 i = 0; i < s->n; i++)
			{
				EFFCAP_CHECK_INTERRUPTS_EVERY(i);
				if (TIMESTAMP_NOT_FINITE(s->c[i].t))
					BadState();
			}
		/* A state said to be sorted is merged as such: check it is. */
		if (w.sorted && !(s->packed ? fcr_packed_is_sorted(s->k, s->n) : fcr_wide_is_sorted(s->c, s->n)))
			BadState();
	}
	s->sorted = w.sorted;
	PG_RETURN_POINTER(s);
}

/*
 * Sort the contacts by customer and time, then judge each against the next
 * later contact of its customer.  Sorting in place leaves the state's
 * content unchanged, so other final calls on it see the same contacts.
 */
static FcrCounts
FcrCount(FunctionCallInfo fcinfo, FcrState *s)
{
	FcrSort(fcinfo, s);
	if (s->packed)
		return fcr_packed_count(s->k, s->n, s->window, s->has_as_of, s->as_of);
	return fcr_wide_count(s->c, s->n, s->window, s->has_as_of, s->as_of);
}

static double FcrRate(FcrCounts k, bool *isnull);
static Datum FcrResult(FunctionCallInfo fcinfo, FcrCounts k);

/* fcr_rate: resolved / (contacts - pending), NULL when that is 0. */
Datum
fcr_rate_final(PG_FUNCTION_ARGS)
{
	FcrCounts	k;
	bool		isnull;
	double		r;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	k = FcrCount(fcinfo, (FcrState *) PG_GETARG_POINTER(0));
	r = FcrRate(k, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

/*
 * fcr_stats: (contacts, resolved, repeated, pending, rate).  No contacts
 * give a row of zeros with a NULL rate, as count() gives 0: a BI tool reads
 * the same columns for an empty group as for any other.
 */
Datum
fcr_stats_final(PG_FUNCTION_ARGS)
{
	FcrCounts	k = {0};

	if (!PG_ARGISNULL(0))
		k = FcrCount(fcinfo, (FcrState *) PG_GETARG_POINTER(0));
	PG_RETURN_DATUM(FcrResult(fcinfo, k));
}

/* resolved / (contacts - pending); isnull when no contact can be judged. */
static double
FcrRate(FcrCounts k, bool *isnull)
{
	*isnull = k.contacts - k.pending == 0;
	return *isnull ? 0 : (double) k.resolved / (double) (k.contacts - k.pending);
}

/* The effcap.fcr row of the counts. */
static Datum
FcrResult(FunctionCallInfo fcinfo, FcrCounts k)
{
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {0};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "effcap.fcr result type expected");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum(k.contacts);
	values[1] = Int64GetDatum(k.resolved);
	values[2] = Int64GetDatum(k.repeated);
	values[3] = Int64GetDatum(k.pending);
	values[4] = Float8GetDatum(FcrRate(k, &nulls[4]));
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* ----------------------------------------------------------------------
 * fcr_rate(resolved) / fcr_stats(resolved): contacts already judged
 *
 * FCR is judged against a customer's whole history, but an aggregate sees
 * only its group: grouped by agent, day, queue or center, the (customer,
 * time) aggregates miss every repeat handled outside the group.  The right
 * way judges each contact over the whole history first, with
 * first_contact_resolved() OVER (PARTITION BY customer ORDER BY contact_at),
 * and then counts the judgements in any grouping: these aggregates.  A NULL
 * judgement is pending (the window is not over at as_of).  The state is a
 * counter state {kind, contacts, resolved, pending} (counters.h), combined by
 * counts_combine, with an exact inverse for sliding window frames.
 * ---------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(fcr_judged_trans);
PG_FUNCTION_INFO_V1(fcr_judged_inv);
PG_FUNCTION_INFO_V1(fcr_judged_rate_final);
PG_FUNCTION_INFO_V1(fcr_judged_stats_final);

enum
{
	FJ_KIND,					/* COUNTER_FCR, no parameter */
	FJ_CONTACTS,
	FJ_RESOLVED,
	FJ_PENDING,
	FJ_LEN
};

/* The counts of a judged state, checked. */
static FcrCounts
FcrJudgedCounts(const int64 *s)
{
	FcrCounts	k;

	if (CounterParam(s) != 0 || s[FJ_CONTACTS] < 0 || s[FJ_RESOLVED] < 0 || s[FJ_PENDING] < 0 ||
		s[FJ_RESOLVED] > s[FJ_CONTACTS] || s[FJ_PENDING] > s[FJ_CONTACTS] - s[FJ_RESOLVED])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid fcr state: {%lld,%lld,%lld,%lld}",
						(long long) s[FJ_KIND], (long long) s[FJ_CONTACTS],
						(long long) s[FJ_RESOLVED], (long long) s[FJ_PENDING]),
				 errdetail("Expected {%lld, contacts, resolved, pending} with resolved + pending <= contacts.",
						   (long long) (COUNTER_FCR * COUNTER_KIND_UNIT))));
	k.contacts = s[FJ_CONTACTS];
	k.resolved = s[FJ_RESOLVED];
	k.pending = s[FJ_PENDING];
	k.repeated = k.contacts - k.resolved - k.pending;
	return k;
}

static Datum
FcrJudgedStep(FunctionCallInfo fcinfo, int sign)
{
	ArrayType  *arr;
	int64	   *s = CounterState(fcinfo, 0, FJ_LEN, COUNTER_FCR, &arr);

	if (unlikely(CounterParam(s) != 0))
		(void) FcrJudgedCounts(s);
	Add(&s[FJ_CONTACTS], sign);
	if (PG_ARGISNULL(1))
		Add(&s[FJ_PENDING], sign);
	else if (PG_GETARG_BOOL(1))
		Add(&s[FJ_RESOLVED], sign);
	/* A sound state stays sound; a hand-made one is caught here. */
	if (unlikely(s[FJ_RESOLVED] < 0 || s[FJ_PENDING] < 0 || s[FJ_RESOLVED] > s[FJ_CONTACTS] ||
				 s[FJ_PENDING] > s[FJ_CONTACTS] - s[FJ_RESOLVED]))
	{
		if (sign < 0)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("cannot remove a value the aggregate state does not hold")));
		(void) FcrJudgedCounts(s);
	}
	PG_RETURN_ARRAYTYPE_P(arr);
}

Datum
fcr_judged_trans(PG_FUNCTION_ARGS)
{
	return FcrJudgedStep(fcinfo, 1);
}

Datum
fcr_judged_inv(PG_FUNCTION_ARGS)
{
	return FcrJudgedStep(fcinfo, -1);
}

Datum
fcr_judged_rate_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	bool		isnull;
	double		r = FcrRate(FcrJudgedCounts(CounterState(fcinfo, 0, FJ_LEN, COUNTER_FCR, &arr)), &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(r);
}

Datum
fcr_judged_stats_final(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;

	PG_RETURN_DATUM(FcrResult(fcinfo, FcrJudgedCounts(CounterState(fcinfo, 0, FJ_LEN, COUNTER_FCR, &arr))));
}
