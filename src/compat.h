/*
 * compat.h
 *		What differs between the PostgreSQL versions effcap builds against
 *		(15 to 18), in one place, by PG_VERSION_NUM.
 */
#ifndef EFFCAP_COMPAT_H
#define EFFCAP_COMPAT_H

#include "postgres.h"

/*
 * A function that does not return: PostgreSQL 18 writes pg_noreturn before
 * the declaration and no longer has pg_attribute_noreturn(), which earlier
 * versions write after it; with GCC and Clang both are the same attribute,
 * which may stand first.
 */
#if PG_VERSION_NUM < 180000
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * A callback of the JSON parser (common/jsonapi.h) returns a result from
 * PostgreSQL 16 on: declared JsonActionResult, ended by JSON_ACTION_DONE.
 */
#if PG_VERSION_NUM >= 160000
#define JsonActionResult JsonParseErrorType
#define JSON_ACTION_DONE return JSON_SUCCESS
#else
#define JsonActionResult void
#define JSON_ACTION_DONE return
#endif

/*
 * A counted string in a binary send function, in the client's encoding:
 * PostgreSQL 17 dropped pq_sendcountedtext()'s countincludesself argument.
 */
#if PG_VERSION_NUM >= 170000
#define SendCountedText(buf, str, len) pq_sendcountedtext((buf), (str), (len))
#else
#define SendCountedText(buf, str, len) pq_sendcountedtext((buf), (str), (len), false)
#endif

/*
 * The next datum of a sort, copied into the caller's memory: PostgreSQL 16
 * added tuplesort_getdatum()'s copy argument (15 always copies).
 */
#if PG_VERSION_NUM >= 160000
#define TuplesortGetDatum(state, val, isnull) tuplesort_getdatum((state), true, true, (val), (isnull), NULL)
#else
#define TuplesortGetDatum(state, val, isnull) tuplesort_getdatum((state), true, (val), (isnull), NULL)
#endif

#endif
