/*
 * fcr_sort.h
 *		What fcr.c does with a group's contacts (sort, merge, count, check),
 *		made once for each layout the contacts are kept in: 16-byte
 *		(customer, time) pairs and 8-byte packed keys.
 *
 * Define before including:
 *	FS_ELEM			the element type
 *	FS_PREFIX		prefix of the names made (e.g. fcr_wide_)
 *	FS_CUSTOMER(e)	the element's customer as a uint64 in customer order
 *	FS_TIME(e)		the element's time (TimestampTz)
 *	FS_CMP(a, b)	three-way compare of two element pointers: customer,
 *					then time
 *
 * The sort is a radix sort on the customer only.  Its top passes are
 * in-place radix passes of 11 bits (2048 buckets is about as many as the
 * caches keep writing to at once).  A bucket of at most FCR_LSD_MAX contacts,
 * small enough to stay in the cache with a scratch copy, is finished by a
 * stable least-significant-digit radix sort of 8 bits a pass, which keeps a
 * customer's contacts in arrival order, usually time order (a check pass
 * fixes any customer whose contacts are not).  Buckets below FCR_RADIX_MIN
 * contacts are finished by insertion sort; groups below FCR_RADIX_GROUP
 * contacts go to the comparison sort whole.
 */

#define FS_NAME_(p, n) p##n
#define FS_NAME(p, n) FS_NAME_(p, n)
#define FS_FN(n) FS_NAME(FS_PREFIX, n)

/* The customer as an unsigned offset from the group's smallest. */
#define FS_KEY(e, base) (FS_CUSTOMER(e) - (base))
#define FS_DIGIT(e, base, shift) ((int) ((FS_KEY(e, base) >> (shift)) & (FCR_RADIX_BUCKETS - 1)))

/* The comparison sort (PostgreSQL's sort_template, comparison inlined). */
#define ST_SORT FS_FN(qsort)
#define ST_ELEMENT_TYPE FS_ELEM
#define ST_COMPARE(a, b) FS_CMP(a, b)
#define ST_CHECK_FOR_INTERRUPTS
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* Insertion sort, for the few contacts left in a bucket. */
static void
FS_FN(insertion_sort) (FS_ELEM * c, int64 n)
{
	for (int64 i = 1; i < n; i++)
	{
		FS_ELEM		v = c[i];
		int64		j = i;

		while (j > 0 && FS_CMP(&c[j - 1], &v) > 0)
		{
			c[j] = c[j - 1];
			j--;
		}
		c[j] = v;
	}
}

/*
 * Order c[0..n) (n <= FCR_LSD_MAX), whose customers agree from bit `bits`
 * up, by the bits below: stable passes of 8 bits through the scratch array,
 * then time order within each customer.
 */
static void
FS_FN(lsd_sort) (FS_ELEM * c, int64 n, uint64 base, int bits, FS_ELEM * scratch)
{
	FS_ELEM    *src = c;
	FS_ELEM    *dst = scratch;

	for (int shift = 0; shift < bits; shift += 8)
	{
		int64		at[256] = {0};
		int64		sum = 0;
		FS_ELEM    *swap;

		for (int64 i = 0; i < n; i++)
			at[(FS_KEY(src[i], base) >> shift) & 0xFF]++;
		for (int d = 0; d < 256; d++)
		{
			int64		count = at[d];

			at[d] = sum;
			sum += count;
		}
		for (int64 i = 0; i < n; i++)
			dst[at[(FS_KEY(src[i], base) >> shift) & 0xFF]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != c)
		memcpy(c, src, n * sizeof(FS_ELEM));
	/* A customer whose contacts did not arrive in time order is sorted now. */
	for (int64 i = 1; i < n; i++)
	{
		if (FS_CUSTOMER(c[i]) == FS_CUSTOMER(c[i - 1]) && FS_CMP(&c[i], &c[i - 1]) < 0)
		{
			int64		first = i - 1;
			int64		end = i + 1;

			while (first > 0 && FS_CUSTOMER(c[first - 1]) == FS_CUSTOMER(c[i]))
				first--;
			while (end < n && FS_CUSTOMER(c[end]) == FS_CUSTOMER(c[i]))
				end++;
			FS_FN(qsort) (c + first, end - first);
			i = end - 1;
		}
	}
}

/*
 * Order c[0..n), whose customers agree above bit shift + 11, by the 11 bits
 * at shift, then each bucket by the bits below.  With tmp (room for n
 * elements) the pass scatters into tmp and copies back, which is several
 * times faster than the in-place permutation (American flag sort), whose
 * every step waits on a random read.  When the customer bits are used up a
 * bucket is one customer; a large one goes to the comparison sort, which
 * returns after one pass when its contacts are already in time order, as
 * they usually are (insertion sort could take quadratic time on them).
 */
static void
FS_FN(radix_sort) (FS_ELEM * c, int64 n, uint64 base, int shift, FcrSortWork * work, int level,
				   FS_ELEM * tmp)
{
	int64	   *count = work->count[level];
	int64	   *head = work->head[level];
	int64		at = 0;

	CHECK_FOR_INTERRUPTS();
	memset(count, 0, sizeof(work->count[level]));
	/* a pass over a large group takes long: a cancel is seen within it */
	for (int64 i = 0; i < n; i++)
	{
		EFFCAP_CHECK_INTERRUPTS_EVERY(i);
		count[FS_DIGIT(c[i], base, shift)]++;
	}
	for (int d = 0; d < FCR_RADIX_BUCKETS; d++)
	{
		head[d] = at;
		at += count[d];
	}
	if (tmp != NULL)
	{
		for (int64 i = 0; i < n; i++)
		{
			EFFCAP_CHECK_INTERRUPTS_EVERY(i);
			tmp[head[FS_DIGIT(c[i], base, shift)]++] = c[i];
		}
		memcpy(c, tmp, n * sizeof(FS_ELEM));
	}
	else
	{
		int64		moved = 0;

		at = 0;
		for (int d = 0; d < FCR_RADIX_BUCKETS; d++)
		{
			at += count[d];		/* bucket d ends here */
			while (head[d] < at)
			{
				FS_ELEM		v = c[head[d]];
				int			dv = FS_DIGIT(v, base, shift);

				EFFCAP_CHECK_INTERRUPTS_EVERY(++moved);

				/* Carry v to its bucket, taking up what was there, until one belongs in d. */
				while (dv != d)
				{
					FS_ELEM		w = c[head[dv]];

					c[head[dv]++] = v;
					v = w;
					dv = FS_DIGIT(v, base, shift);
				}
				c[head[d]++] = v;
			}
		}
	}
	at = 0;
	for (int d = 0; d < FCR_RADIX_BUCKETS; d++)
	{
		if (count[d] >= FCR_RADIX_MIN && shift > 0 && count[d] <= FCR_LSD_MAX)
			FS_FN(lsd_sort) (c + at, count[d], base, shift, (FS_ELEM *) work->scratch);
		else if (count[d] >= FCR_RADIX_MIN && shift > 0)
			FS_FN(radix_sort) (c + at, count[d], base, Max(shift - FCR_RADIX_BITS, 0), work, level + 1,
							   tmp ? tmp + at : NULL);
		else if (count[d] >= FCR_RADIX_MIN)
			FS_FN(qsort) (c + at, count[d]);
		else if (count[d] > 1)
			FS_FN(insertion_sort) (c + at, count[d]);
		at += count[d];
	}
}

/*
 * Sort n contacts by customer and time: radix passes over the bits in which
 * the customers differ (so a few passes, not log n).  tmp, when not NULL,
 * has room for n elements.
 */
static void
FS_FN(sort) (FS_ELEM * c, int64 n, FS_ELEM * tmp)
{
	uint64		lo = PG_UINT64_MAX;
	uint64		hi = 0;
	FcrSortWork *work;

	if (n < FCR_RADIX_GROUP)
	{
		FS_FN(qsort) (c, n);
		return;
	}
	for (int64 i = 0; i < n; i++)
	{
		uint64		k = FS_CUSTOMER(c[i]);

		lo = Min(lo, k);
		hi = Max(hi, k);
	}
	if (hi == lo)
	{
		FS_FN(qsort) (c, n);	/* one customer: order by time */
		return;
	}
	work = palloc(sizeof(FcrSortWork));
	FS_FN(radix_sort) (c, n, lo, Max(pg_leftmost_one_pos64(hi - lo) + 1 - FCR_RADIX_BITS, 0), work, 0, tmp);
	pfree(work);
}

/* Whether c[0..n) is in (customer, time) order. */
static bool
FS_FN(is_sorted) (const FS_ELEM * c, int64 n)
{
	for (int64 i = 1; i < n; i++)
	{
		EFFCAP_CHECK_INTERRUPTS_EVERY(i);
		if (FS_CMP(&c[i - 1], &c[i]) > 0)
			return false;
	}
	return true;
}

/*
 * Merge sorted b[0..nb) after sorted a[0..na), from the back, into the room
 * a has for na + nb elements.
 */
static void
FS_FN(merge_into) (FS_ELEM * a, int64 na, const FS_ELEM * b, int64 nb)
{
	int64		i = na - 1;
	int64		j = nb - 1;
	int64		k = na + nb - 1;

	while (j >= 0)
	{
		EFFCAP_CHECK_INTERRUPTS_EVERY(k);
		if (i >= 0 && FS_CMP(&a[i], &b[j]) > 0)
			a[k--] = a[i--];
		else
			a[k--] = b[j--];
	}
}

/*
 * Judge each of the sorted contacts c[0..n) against the next later contact
 * of its customer: repeated when it comes within the window; otherwise
 * pending when the window is not over at as_of, else resolved.
 */
static FcrCounts
FS_FN(count) (const FS_ELEM * c, int64 n, int64 window, bool has_as_of, TimestampTz as_of)
{
	FcrCounts	k = {0};
	int64		next = 0;		/* first index with a later time, same customer */

	for (int64 i = 0; i < n; i++)
	{
		TimestampTz t = FS_TIME(c[i]);

		EFFCAP_CHECK_INTERRUPTS_EVERY(i);
		if (next <= i)
		{
			next = i + 1;
			while (next < n && FS_CMP(&c[next], &c[i]) == 0)
				next++;
		}
		k.contacts++;
		if (next < n && FS_CUSTOMER(c[next]) == FS_CUSTOMER(c[i]) &&
			FcrSpanAtMost(t, FS_TIME(c[next]), window))
			k.repeated++;
		else if (has_as_of && !TIMESTAMP_IS_NOEND(as_of) &&
				 (TIMESTAMP_IS_NOBEGIN(as_of) || FcrSpanAtMost(t, as_of, window - 1)))
			k.pending++;
		else
			k.resolved++;
	}
	return k;
}

#undef FS_NAME_
#undef FS_NAME
#undef FS_FN
#undef FS_KEY
#undef FS_DIGIT
#undef FS_ELEM
#undef FS_PREFIX
#undef FS_CUSTOMER
#undef FS_TIME
#undef FS_CMP
