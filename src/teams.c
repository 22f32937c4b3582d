/*
 * teams.c
 *		Balanced teams from a ranking (seed 000: new teams are formed each
 *		month from effective-capacity ranks by tiered picks, so that every
 *		team gets a fair mix).  Window functions over the ranking's order:
 *		the row at position p (0-based) of its partition is in round
 *		r = p / n and takes pick k = p % n of that round.
 *
 *	 snake_team(n)	rounds alternate direction: 1, 2, ..., n, n, ..., 2, 1,
 *					1, 2, ...; team = k + 1 in even rounds, n - k in odd
 *	 tiered_team(n) each round is a tier of n agents by rank, and the team
 *					that picks first rotates: tier r's picks go to teams
 *					r + 1, r + 2, ..., wrapping; team = (k + r) % n + 1
 *
 * Every row gets exactly one team; with m rows, team sizes differ by at
 * most one (the last round is the partial one).  The ranking is the
 * window's ORDER BY: rows tied on it come in an order PostgreSQL does not
 * promise, so end the ORDER BY with a unique key (ORDER BY effective DESC,
 * agent_id) for teams that are the same every time.
 */
#include "postgres.h"

#include "fmgr.h"
#include "windowapi.h"

PG_FUNCTION_INFO_V1(teams_snake_team);
PG_FUNCTION_INFO_V1(teams_tiered_team);

#define MAX_TEAMS 10000

typedef struct TeamPartition
{
	int32		n;				/* n_teams of the partition's first row, 0 before it */
} TeamPartition;

/*
 * The partition's team count: n_teams of its rows, which must all agree and
 * not be NULL (a row without a team would shift every row after it).
 */
static int32
TeamCount(WindowObject winobj)
{
	TeamPartition *tp = WinGetPartitionLocalMemory(winobj, sizeof(TeamPartition));
	bool		isnull;
	int32		n = DatumGetInt32(WinGetFuncArgCurrent(winobj, 0, &isnull));

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("n_teams must not be NULL")));
	if (n < 1 || n > MAX_TEAMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_teams must be between 1 and %d, not %d", MAX_TEAMS, n)));
	if (tp->n == 0)
		tp->n = n;
	else if (tp->n != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_teams must be the same for every row of a partition: %d, then %d", tp->n, n)));
	return n;
}

/* snake_team(n_teams) OVER (ORDER BY ...): 1..n, n..1, 1..n, ... */
Datum
teams_snake_team(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int32		n = TeamCount(winobj);
	int64		pos = WinGetCurrentPosition(winobj);
	int64		round,
				k;

	round = pos / n;
	k = pos % n;
	PG_RETURN_INT32((int32) (round % 2 == 0 ? k + 1 : n - k));
}

/* tiered_team(n_teams) OVER (ORDER BY ...): tier r's first pick goes to team r % n + 1. */
Datum
teams_tiered_team(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int32		n = TeamCount(winobj);
	int64		pos = WinGetCurrentPosition(winobj);

	PG_RETURN_INT32((int32) ((pos % n + pos / n) % n + 1));
}

/*
 * streak(flag) OVER (PARTITION BY agent ORDER BY period): how many rows in
 * a row, ending at this one, have flag true (0 when this one's is not).
 * Seed 000 sends to coaching who ranks at the bottom several periods
 * running: streak(bottom) >= K.  A NULL flag is not true: it ends a
 * streak.  PostgreSQL calls a window function on a partition's rows in
 * order, so each row's answer is the row before's plus one.
 */
typedef struct StreakPartition
{
	int64		streak;			/* the answer of the row before, 0 at the start */
} StreakPartition;

PG_FUNCTION_INFO_V1(teams_streak);

Datum
teams_streak(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	StreakPartition *sp = WinGetPartitionLocalMemory(winobj, sizeof(StreakPartition));
	bool		isnull;
	Datum		flag = WinGetFuncArgCurrent(winobj, 0, &isnull);

	sp->streak = !isnull && DatumGetBool(flag) ? sp->streak + 1 : 0;
	PG_RETURN_INT64(sp->streak);
}
