/*
 * calendar.h
 *		Weekly opening hours in a time zone (business-hours clocks of the
 *		SLA summary) and named time bands (peak and off-peak), read from
 *		jsonb by one parser.
 */
#ifndef EFFCAP_CALENDAR_H
#define EFFCAP_CALENDAR_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/date.h"

#include "rules.h"

#define CAL_MAX_SPANS 16		/* spans of one weekday */

/* A span of a local day, [start, end) in minutes after midnight; end <= 1440. */
typedef struct CalendarSpan
{
	int32		start;
	int32		end;
	int32		band;			/* the band it belongs to (time bands), else 0 */
} CalendarSpan;

/* Spans of each weekday, 0 = Sunday (as j2day()), sorted, not overlapping. */
typedef struct CalendarWeek
{
	int			n[7];
	CalendarSpan s[7][CAL_MAX_SPANS];
} CalendarWeek;

/*
 * A business-hours clock: the hours of each weekday in a time zone, less
 * excluded dates.  Business time of each local day is computed once and
 * summed (cum), so a span of months costs two days' work and a subtraction.
 */
typedef struct Calendar
{
	pg_tz	   *tz;
	CalendarWeek week;
	int			n_excluded;
	DateADT    *excluded;		/* sorted */
	uint64		fingerprint;	/* of its definition: equal clocks, equal prints */
	MemoryContext cxt;			/* where cum lives */
	DateADT		first;			/* the first day in cum */
	int			ndays;
	int64	   *cum;			/* cum[i]: business microseconds of days first .. first + i - 1 */
} Calendar;

extern pg_tz *CalendarZone(const RulesDoc *doc, JsonbValue *v, const char *path);
extern void CalendarParseWeek(const RulesDoc *doc, JsonbContainer *obj, const char *path,
							  CalendarWeek *w, int band);
extern void CalendarParse(const RulesDoc *doc, JsonbContainer *obj, const char *path,
						  Calendar *c, MemoryContext cxt);
extern int64 CalendarMicros(Calendar *c, TimestampTz from, TimestampTz to);
extern void CalendarLocal(pg_tz *tz, TimestampTz t, DateADT *day, int64 *us_of_day);

#endif
