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
#include "utils/memutils.h"
#include "windowapi.h"

PG_FUNCTION_INFO_V1(teams_snake_team);
PG_FUNCTION_INFO_V1(teams_tiered_team);

#define MAX_TEAMS 10000

typedef struct TeamPartition
{
	int32		n;				/* n_teams of the partition's first row, 0 before it */
} TeamPartition;

/* n_teams in range: 1 to MAX_TEAMS. */
static void
CheckTeams(int32 n)
{
	if (n < 1 || n > MAX_TEAMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_teams must be between 1 and %d, not %d", MAX_TEAMS, n)));
}

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
	CheckTeams(n);
	if (tp->n == 0)
		tp->n = n;
	else if (tp->n != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_teams must be the same for every row of a partition: %d, then %d", tp->n, n)));
	return n;
}

/* The team of pick q of a draft: snake rounds alternate direction. */
static int32
SnakePick(int64 q, int32 n)
{
	int64		round = q / n,
				k = q % n;

	return (int32) (round % 2 == 0 ? k + 1 : n - k);
}

/* Tiered rotation: tier r's first pick goes to team r % n + 1. */
static int32
TieredPick(int64 q, int32 n)
{
	return (int32) ((q % n + q / n) % n + 1);
}

/* snake_team(n_teams) OVER (ORDER BY ...): 1..n, n..1, 1..n, ... */
Datum
teams_snake_team(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int32		n = TeamCount(winobj);

	PG_RETURN_INT32(SnakePick(WinGetCurrentPosition(winobj), n));
}

/* tiered_team(n_teams) OVER (ORDER BY ...) */
Datum
teams_tiered_team(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int32		n = TeamCount(winobj);

	PG_RETURN_INT32(TieredPick(WinGetCurrentPosition(winobj), n));
}

/*
 * snake_team(n_teams, pinned_team, max_size) and the tiered form: drafts
 * with the constraints a real center has.
 *
 *	 pinned_team	the team of a row that is not drafted (a supervisor, a
 *					trainee placed with a mentor), NULL for the others;
 *					pinned rows take no pick
 *	 max_size		the most rows a team may have; with n_teams NULL, a
 *					fixed team size: n_teams = ceil(rows / max_size)
 *
 * The draft fills no team beyond ceil(rows / n_teams) rows, so sizes stay
 * at most one apart when the pins allow: it deals the unpinned rows in the
 * window's order along the pick sequence (snake or tiered), passing over a
 * team that is full.  Pinned rows can fill a team beyond that share (up to
 * max_size when it is given); such a team gets no pick.  The whole partition is
 * drafted at its first row; each row then reads its team.
 */
PG_FUNCTION_INFO_V1(teams_snake_team_constrained);
PG_FUNCTION_INFO_V1(teams_tiered_team_constrained);

typedef struct Draft
{
	bool		done;
	bool		has_n;			/* the first row's n_teams and max_size, */
	bool		has_max;		/* which every row must repeat */
	int32		n_arg;
	int32		max_arg;
	int32		team[FLEXIBLE_ARRAY_MEMBER];	/* of each row, by position */
} Draft;

/* An integer argument as text, NULL as NULL: for messages. */
static char *
IntText(bool has, int32 v)
{
	return has ? psprintf("%d", v) : pstrdup("NULL");
}

/* An integer argument of the current row (false for NULL). */
static bool
CurrentInt(WindowObject winobj, int argno, int32 *v)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, argno, &isnull);

	if (!isnull)
		*v = DatumGetInt32(d);
	return !isnull;
}

static void
DraftPartition(WindowObject winobj, Draft *d, int64 rows, int32 (*pick) (int64, int32))
{
	int32		n,
				cap;
	int32	   *room;
	int64		q = 0;

	d->has_n = CurrentInt(winobj, 0, &d->n_arg);
	d->has_max = CurrentInt(winobj, 2, &d->max_arg);
	if (d->has_max && d->max_arg < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_size must be at least 1, not %d", d->max_arg)));
	if (d->has_n)
	{
		CheckTeams(d->n_arg);
		n = d->n_arg;
	}
	else if (d->has_max)
	{
		int64		need = (rows + d->max_arg - 1) / d->max_arg;

		if (need > MAX_TEAMS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("teams of at most %d for " INT64_FORMAT " rows would be more than %d teams",
							d->max_arg, rows, MAX_TEAMS)));
		n = (int32) Max(need, 1);
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("n_teams and max_size must not both be NULL"),
				 errhint("Give the number of teams, or max_size alone for teams of a fixed size.")));
	cap = (int32) ((rows + n - 1) / n);
	if (d->has_max && d->max_arg < cap)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%d teams of at most %d cannot hold " INT64_FORMAT " rows", n, d->max_arg, rows)));

	/* Pinned rows first: they fill their team's places. */
	room = palloc(sizeof(int32) * (n + 1));
	for (int32 t = 1; t <= n; t++)
		room[t] = cap;
	for (int64 i = 0; i < rows; i++)
	{
		bool		isnull,
					isout;
		Datum		v = WinGetFuncArgInPartition(winobj, 1, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		int32		t;

		d->team[i] = 0;
		if (isnull)
			continue;
		t = DatumGetInt32(v);
		if (t < 1 || t > n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("pinned_team must be between 1 and %d (%s), not %d", n,
							d->has_n ? "n_teams" : "the number of teams of at most max_size", t)));
		if (d->has_max && room[t] == cap - d->max_arg)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("team %d has more than %d (max_size) pinned rows", t, d->max_arg)));
		d->team[i] = t;
		room[t]--;
	}
	/* The draft: each unpinned row takes the next pick whose team has room. */
	for (int64 i = 0; i < rows; i++)
	{
		int32		t;

		if (d->team[i] != 0)
			continue;
		do
			t = pick(q++, n);
		while (room[t] <= 0);
		d->team[i] = t;
		room[t]--;
	}
	pfree(room);
	d->done = true;
}

static Datum
ConstrainedTeam(FunctionCallInfo fcinfo, int32 (*pick) (int64, int32))
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	int64		rows = WinGetPartitionRowCount(winobj);
	Draft	   *d;
	int32		n = 0,
				max = 0;
	bool		has_n,
				has_max;

	if (rows > (int64) ((MaxAllocSize - offsetof(Draft, team)) / sizeof(int32)))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a draft of " INT64_FORMAT " rows is too large", rows)));
	d = WinGetPartitionLocalMemory(winobj, offsetof(Draft, team) + sizeof(int32) * rows);
	if (!d->done)
		DraftPartition(winobj, d, rows, pick);
	has_n = CurrentInt(winobj, 0, &n);
	has_max = CurrentInt(winobj, 2, &max);
	if (has_n != d->has_n || (has_n && n != d->n_arg) || has_max != d->has_max || (has_max && max != d->max_arg))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n_teams and max_size must be the same for every row of a partition: (%s, %s), then (%s, %s)",
						IntText(d->has_n, d->n_arg), IntText(d->has_max, d->max_arg),
						IntText(has_n, n), IntText(has_max, max))));
	PG_RETURN_INT32(d->team[WinGetCurrentPosition(winobj)]);
}

Datum
teams_snake_team_constrained(PG_FUNCTION_ARGS)
{
	return ConstrainedTeam(fcinfo, SnakePick);
}

Datum
teams_tiered_team_constrained(PG_FUNCTION_ARGS)
{
	return ConstrainedTeam(fcinfo, TieredPick);
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
