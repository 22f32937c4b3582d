/*
 * summary_bins.c
 *		How histograms (SummaryBin: key -> count, keys rising) are stored:
 *		a bit code that keeps an agent-day's queue summary near the
 *		information it holds, and its checked decoder.
 *
 * A histogram is stored as one block of bits, most significant bit first,
 * padded with zero bits to a whole byte.  Its number of bins n is kept by
 * the caller (n = 0 takes no bytes).  The block holds:
 *
 *	 form		1 bit: 0 = bins, 1 = values
 *	 shift		6 bits: every key is a multiple of 2^shift and is coded
 *				divided by it (waits of whole seconds have even half-second
 *				keys)
 *	 gap code	1 bit code (0 = Rice, 1 = exp-Golomb) and 6 bits parameter k
 *	 bins form: count code, 1 + 6 bits; then n times the key's gap (the
 *				first key itself, then key - previous key - 1) and count - 1
 *	 values form: (number of values - n) exp-Golomb of order 0; then every
 *				value in order as its gap from the previous one (the first
 *				from 0): 0 repeats the key, so a key counted c times is a
 *				gap and c - 1 zeros
 *
 * The encoder estimates the cost of both forms, of both codes and of every
 * parameter from the bit lengths of what it codes, and writes the cheapest.
 * A day of one agent (a few hundred handle times, spread over a thousand
 * seconds, mostly once each) costs about 3-4 bits a contact in values form,
 * where (gap, count) varints cost 16 bits a distinct key.  A month's rollup
 * (large counts) takes the bins form.
 *
 * Rice code of v with parameter k: v >> k zero bits, a one bit, the low k
 * bits of v.  Exp-Golomb of order k: x = v + 2^k of b bits is written as
 * b - k - 1 zero bits then x.  Both read with one count of leading zeros.
 *
 * Everything read is checked: a value past the caller's largest key, a
 * count past int64, more or fewer keys than n, codes that run past the end
 * or past 64 bits, and non-zero padding are all a corrupt-value error.
 */
#include "postgres.h"

#include "port/pg_bitutils.h"
#include "port/pg_bswap.h"

#include "effcap.h"
#include "summary.h"

#define BINS_FORM_BINS 0
#define BINS_FORM_VALUES 1
#define BINS_CODE_RICE 0
#define BINS_CODE_EG 1
#define BINS_PARAM_BITS 6
#define BINS_MAX_K 40			/* largest parameter the encoder tries */

/* ----------------------------------------------------------------------
 * Varints (7 bits a byte, low first), for counts and sums in headers
 * ---------------------------------------------------------------------- */

void
SummaryPutVarint(StringInfo buf, uint64 v)
{
	do
	{
		uint8		b = v & 0x7F;

		v >>= 7;
		appendStringInfoChar(buf, (char) (v ? b | 0x80 : b));
	} while (v);
}

/* A varint from *p (below end), or a corrupt-value error; *p moves past it. */
uint64
SummaryGetVarint(const SummaryKind *k, const uint8 **p, const uint8 *end)
{
	uint64		v = 0;

	for (int shift = 0; shift < 64; shift += 7)
	{
		uint8		b;

		if (*p >= end)
			SummaryCorrupt(k, "truncated header");
		b = *(*p)++;
		if (shift == 63 && b > 1)
			break;
		v |= (uint64) (b & 0x7F) << shift;
		if (!(b & 0x80))
			return v;
	}
	SummaryCorrupt(k, "bad varint");
}

/* ----------------------------------------------------------------------
 * Writing bits
 * ---------------------------------------------------------------------- */

typedef struct BitWriter
{
	StringInfo	buf;
	uint64		acc;			/* the last n bits written are its low bits */
	int			n;				/* fewer than 32 between calls */
} BitWriter;

/* The low nbits (at most 32) of v; whole words of 32 bits go to the buffer. */
static inline void
PutBits(BitWriter *w, uint64 v, int nbits)
{
	w->acc = (w->acc << nbits) | v;
	w->n += nbits;
	if (w->n >= 32)
	{
		uint32		word;

		w->n -= 32;
		word = pg_hton32((uint32) (w->acc >> w->n));
		if (w->buf->len + (int) sizeof(word) >= w->buf->maxlen)
			enlargeStringInfo(w->buf, sizeof(word));
		memcpy(w->buf->data + w->buf->len, &word, sizeof(word));
		w->buf->len += sizeof(word);
	}
}

/* The bits left, padded with zero bits to a whole byte. */
static void
PutEnd(BitWriter *w)
{
	int			bytes = (w->n + 7) / 8;

	enlargeStringInfo(w->buf, bytes);
	w->acc <<= bytes * 8 - w->n;
	while (bytes-- > 0)
		w->buf->data[w->buf->len++] = (char) (uint8) (w->acc >> (bytes * 8));
	w->buf->data[w->buf->len] = '\0';
	w->n = 0;
}

static void
PutBits64(BitWriter *w, uint64 v, int nbits)
{
	if (nbits > 32)
	{
		PutBits(w, v >> 32, nbits - 32);
		PutBits(w, v & PG_UINT32_MAX, 32);
	}
	else
		PutBits(w, v, nbits);
}

static void
PutZeros(BitWriter *w, uint64 z)
{
	for (; z > 32; z -= 32)
		PutBits(w, 0, 32);
	PutBits(w, 0, (int) z);
}

/*
 * The codes, a short one (all but a few) in one go: Rice's zeros, one and
 * low bits are the value 2^k + (v mod 2^k) in q + 1 + k bits; exp-Golomb's
 * zeros and x are x in 2b - k - 1 bits.
 */
static pg_attribute_always_inline void
PutRice(BitWriter *w, int k, uint64 v)
{
	uint64		q = v >> k;
	uint64		low = v & ((UINT64CONST(1) << k) - 1);

	if (likely(q + 1 + k <= 32))
		PutBits(w, (UINT64CONST(1) << k) | low, (int) q + 1 + k);
	else
	{
		PutZeros(w, q);
		PutBits(w, 1, 1);
		if (k > 0)
			PutBits64(w, low, k);
	}
}

static pg_attribute_always_inline void
PutExpGolomb(BitWriter *w, int k, uint64 v)
{
	uint64		x = v + (UINT64CONST(1) << k);	/* no overflow: v < 2^63, k <= 40 */
	int			b = pg_leftmost_one_pos64(x) + 1;

	if (likely(2 * b - k - 1 <= 32))
		PutBits(w, x, 2 * b - k - 1);
	else
	{
		PutZeros(w, b - k - 1);
		PutBits64(w, x, b);
	}
}

static pg_attribute_always_inline void
PutCode(BitWriter *w, int code, int k, uint64 v)
{
	if (code == BINS_CODE_RICE)
		PutRice(w, k, v);
	else
		PutExpGolomb(w, k, v);
}

/* ----------------------------------------------------------------------
 * Choosing the code: costs estimated from the bit lengths of the values
 * ---------------------------------------------------------------------- */

typedef struct CodeStats
{
	uint64		count[65];		/* values of bit length b (0 for the value 0) */
	double		sum[65];		/* ... and their sum */
	int			maxb;			/* entries past it are not set yet */
} CodeStats;

static inline void
StatsInit(CodeStats *s)
{
	s->count[0] = 0;
	s->sum[0] = 0;
	s->maxb = 0;
}

/* One value v (below 2^63: a gap, or a count less one). */
static inline void
StatsAdd(CodeStats *s, uint64 v)
{
	int			b;

	if (v == 0)					/* most counts less one */
	{
		s->count[0]++;
		return;
	}
	b = pg_leftmost_one_pos64(v) + 1;
	if (unlikely(b > s->maxb))
	{
		for (int i = s->maxb + 1; i <= b; i++)
		{
			s->count[i] = 0;
			s->sum[i] = 0;
		}
		s->maxb = b;
	}
	s->count[b]++;
	s->sum[b] += (double) (int64) v;
}

/*
 * The cheapest code and parameter for the values counted in s; returns the
 * estimated bits.  Rice: each value costs k + 1 bits and v >> k (about
 * sum / 2^k over the values longer than k bits).  Exp-Golomb: x = v + 2^k
 * has k + 1 bits when v has at most k, k + 2 when v has k + 1, and about
 * v's length beyond; each value costs 2 * bits(x) - k - 1.  Every k is
 * costed from totals over the lengths above it, so the search is linear in
 * the longest length; the totals are whole numbers (and sums over 2^k),
 * exact in a double for any histogram whose totals stay below 2^53.
 */
static double
BestCode(const CodeStats *s, int *code, int *k)
{
	double		best = -1;
	double		sum_above[66],	/* over the lengths >= b: sum of values */
				count_above[66],	/* ... number of values */
				bits_above[66];	/* ... 2 * length, times number */
	double		n;

	sum_above[s->maxb + 1] = count_above[s->maxb + 1] = bits_above[s->maxb + 1] = 0;
	for (int b = s->maxb; b >= 0; b--)
	{
		sum_above[b] = sum_above[b + 1] + s->sum[b];
		count_above[b] = count_above[b + 1] + (double) s->count[b];
		bits_above[b] = bits_above[b + 1] + (double) s->count[b] * (2 * b);
	}
	n = count_above[0];
	for (int kk = 0; kk <= Min(s->maxb, BINS_MAX_K); kk++)
	{
		double		rice = n * (kk + 1) + sum_above[kk + 1] / (double) (UINT64CONST(1) << kk),
					eg = (n - count_above[kk + 1]) * (kk + 1);

		if (kk + 1 <= s->maxb)
			eg += (double) s->count[kk + 1] * (kk + 3) +
				bits_above[kk + 2] - count_above[kk + 2] * (kk + 1);
		if (best < 0 || rice < best)
		{
			best = rice;
			*code = BINS_CODE_RICE;
			*k = kk;
		}
		if (eg < best)
		{
			best = eg;
			*code = BINS_CODE_EG;
			*k = kk;
		}
	}
	return best;
}

/*
 * The values form's values: each key's gap from the one before, then a
 * zero for each count beyond the first (both codes write zero as 2^k in
 * k + 1 bits).  Inlined for each code, which the loop then need not test.
 */
static pg_attribute_always_inline void
PutValues(BitWriter *w, const SummaryBin *bins, int n, int shift, int code, int k)
{
	uint64		prev = 0;

	for (int i = 0; i < n; i++)
	{
		PutCode(w, code, k, (bins[i].key - prev) >> shift);
		if (k < 32)
			for (int64 c = 1; c < bins[i].count; c++)
				PutBits(w, UINT64CONST(1) << k, k + 1);
		else
			for (int64 c = 1; c < bins[i].count; c++)
				PutCode(w, code, k, 0);
		prev = bins[i].key;
	}
}

/* n bins (keys rising, counts positive) as one block of bits. */
void
SummaryPutBins(StringInfo buf, const SummaryBin *bins, int n)
{
	CodeStats	stats[3];
	CodeStats  *gaps = &stats[0],
			   *counts = &stats[1],
			   *values = &stats[2];
	uint64		all = 0,
				extra = 0,
				prev = 0;
	int			shift,
				gcode,
				gk,
				ccode,
				ck,
				vcode,
				vk;
	double		bins_cost,
				values_cost;
	BitWriter	w = {buf, 0, 0};

	if (n == 0)
		return;
	for (int i = 0; i < 3; i++)
		StatsInit(&stats[i]);
	for (int i = 0; i < n; i++)
		all |= bins[i].key;
	shift = all ? pg_rightmost_one_pos64(all) : 0;

	for (int i = 0; i < n; i++)
	{
		uint64		gap = (bins[i].key - prev) >> shift;

		StatsAdd(gaps, i > 0 ? gap - 1 : gap);
		StatsAdd(counts, (uint64) bins[i].count - 1);
		StatsAdd(values, gap);
		extra += (uint64) bins[i].count - 1;
		prev = bins[i].key;
	}
	/* the values form's repeats: a zero for each count beyond the first */
	values->count[0] += extra;
	bins_cost = BestCode(gaps, &gcode, &gk) + BestCode(counts, &ccode, &ck) + 1 + BINS_PARAM_BITS;
	values_cost = BestCode(values, &vcode, &vk) + 2 * pg_leftmost_one_pos64(extra + 1) + 1;

	PutBits(&w, values_cost < bins_cost ? BINS_FORM_VALUES : BINS_FORM_BINS, 1);
	PutBits(&w, shift, BINS_PARAM_BITS);
	prev = 0;
	if (values_cost < bins_cost)
	{
		PutBits(&w, vcode, 1);
		PutBits(&w, vk, BINS_PARAM_BITS);
		PutCode(&w, BINS_CODE_EG, 0, extra);
		if (vcode == BINS_CODE_RICE)
			PutValues(&w, bins, n, shift, BINS_CODE_RICE, vk);
		else
			PutValues(&w, bins, n, shift, BINS_CODE_EG, vk);
	}
	else
	{
		PutBits(&w, gcode, 1);
		PutBits(&w, gk, BINS_PARAM_BITS);
		PutBits(&w, ccode, 1);
		PutBits(&w, ck, BINS_PARAM_BITS);
		for (int i = 0; i < n; i++)
		{
			uint64		gap = (bins[i].key - prev) >> shift;

			PutCode(&w, gcode, gk, i > 0 ? gap - 1 : gap);
			PutCode(&w, ccode, ck, (uint64) bins[i].count - 1);
			prev = bins[i].key;
		}
	}
	PutEnd(&w);
}

/* ----------------------------------------------------------------------
 * Reading bits, checked
 * ---------------------------------------------------------------------- */

typedef struct BitReader
{
	const SummaryKind *kind;
	const uint8 *p;				/* next byte to load */
	const uint8 *end;
	uint64		acc;			/* n unread bits at the top, zeros below */
	int			n;
} BitReader;

static inline void
Refill(BitReader *r)
{
	while (r->n <= 56 && r->p < r->end)
	{
		r->acc |= (uint64) *r->p++ << (56 - r->n);
		r->n += 8;
	}
}

/* nbits (1 to 56) bits. */
static inline uint64
GetBits(BitReader *r, int nbits)
{
	uint64		v;

	if (r->n < nbits)
	{
		Refill(r);
		if (r->n < nbits)
			SummaryCorrupt(r->kind, "truncated histogram");
	}
	v = r->acc >> (64 - nbits);
	r->acc <<= nbits;
	r->n -= nbits;
	return v;
}

static inline uint64
GetBits64(BitReader *r, int nbits)
{
	uint64		v = 0;

	if (nbits > 32)
	{
		v = GetBits(r, nbits - 32) << 32;
		nbits = 32;
	}
	return nbits > 0 ? v | GetBits(r, nbits) : v;
}

/* Zero bits up to a one bit; the one is read too. */
static pg_attribute_always_inline uint64
GetZeros(BitReader *r)
{
	uint64		z = 0;

	for (;;)
	{
		if (r->acc == 0)
			Refill(r);
		if (r->acc != 0)
		{
			int			lz = 63 - pg_leftmost_one_pos64(r->acc);

			r->acc <<= lz;
			r->acc <<= 1;
			r->n -= lz + 1;
			return z + lz;
		}
		if (r->n == 0)
			SummaryCorrupt(r->kind, "truncated histogram");
		z += r->n;
		r->n = 0;
	}
}

static pg_attribute_always_inline uint64
GetCode(BitReader *r, int code, int k)
{
	uint64		z = GetZeros(r);

	if (code == BINS_CODE_RICE)
	{
		if (k > 0 && z > (PG_UINT64_MAX >> k))
			SummaryCorrupt(r->kind, "bad histogram code");
		return k > 0 ? (z << k) | GetBits64(r, k) : z;
	}
	else
	{
		/* x has z + k + 1 bits, its leading one read already */
		uint64		x;

		if (z + k > 63)
			SummaryCorrupt(r->kind, "bad histogram code");
		x = (UINT64CONST(1) << (z + k)) | GetBits64(r, (int) (z + k));
		return x - (UINT64CONST(1) << k);
	}
}

/* Bits left to read. */
static inline uint64
BitsLeft(const BitReader *r)
{
	return (uint64) r->n + 8 * (uint64) (r->end - r->p);
}

/*
 * n bins from the block at *p (below end), checked: keys rising up to
 * max_key, counts positive.  *p moves past the block.
 */
SummaryBin *
SummaryGetBins(const SummaryKind *k, const uint8 **p, const uint8 *end, int n, uint64 max_key)
{
	BitReader	r = {k, *p, end, 0, 0};
	SummaryBin *bins;
	uint64		key = 0,
				max_coded;
	int			shift,
				form;

	/* Each bin takes at least one bit. */
	if (n < 0 || (uint64) n > 8 * (uint64) (end - *p))
		SummaryCorrupt(k, "truncated histogram");
	bins = palloc(sizeof(SummaryBin) * Max(n, 1));
	if (n == 0)
		return bins;

	form = (int) GetBits(&r, 1);
	shift = (int) GetBits(&r, BINS_PARAM_BITS);
	max_coded = max_key >> shift;
	if (form == BINS_FORM_BINS)
	{
		int			gcode = (int) GetBits(&r, 1);
		int			gk = (int) GetBits(&r, BINS_PARAM_BITS);
		int			ccode = (int) GetBits(&r, 1);
		int			ck = (int) GetBits(&r, BINS_PARAM_BITS);

		for (int i = 0; i < n; i++)
		{
			uint64		gap = GetCode(&r, gcode, gk),
						count;

			EFFCAP_CHECK_INTERRUPTS_EVERY(i);
			if (i > 0 && gap++ == PG_UINT64_MAX)
				SummaryCorrupt(k, "bad histogram entry");
			if (gap > max_coded - key)
				SummaryCorrupt(k, "bad histogram entry");
			key += gap;
			count = GetCode(&r, ccode, ck);
			if (count >= (uint64) PG_INT64_MAX)
				SummaryCorrupt(k, "bad histogram entry");
			bins[i].key = key << shift;
			bins[i].count = (int64) count + 1;
		}
	}
	else
	{
		int			vcode = (int) GetBits(&r, 1);
		int			vk = (int) GetBits(&r, BINS_PARAM_BITS);
		uint64		extra = GetCode(&r, BINS_CODE_EG, 0);
		int			i = 0;

		/* Each value takes at least one bit. */
		if (extra > BitsLeft(&r))
			SummaryCorrupt(k, "truncated histogram");
		key = GetCode(&r, vcode, vk);
		if (key > max_coded)
			SummaryCorrupt(k, "bad histogram entry");
		bins[0].key = key;
		bins[0].count = 1;
		for (uint64 v = (uint64) n - 1 + extra; v > 0; v--)
		{
			uint64		gap = GetCode(&r, vcode, vk);

			EFFCAP_CHECK_INTERRUPTS_EVERY(v);
			if (gap == 0)
				bins[i].count++;	/* at most the values: no overflow */
			else
			{
				if (++i >= n || gap > max_coded - key)
					SummaryCorrupt(k, "bad histogram entry");
				key += gap;
				bins[i].key = key;
				bins[i].count = 1;
			}
		}
		if (i != n - 1)
			SummaryCorrupt(k, "bad histogram entry");
		for (i = 0; i < n; i++)
			bins[i].key <<= shift;
	}

	/* The rest of the last byte is zeros; bytes loaded ahead go back. */
	if (r.n % 8 != 0 && (r.acc >> (64 - r.n % 8)) != 0)
		SummaryCorrupt(k, "bad histogram padding");
	*p = r.p - r.n / 8;
	return bins;
}
