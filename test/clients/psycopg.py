#!/usr/bin/python3
"""The client scenarios (scenarios.json) through psycopg2, Debian's
python3-psycopg2, as Superset and notebooks use it; prints TAP.

psycopg2 writes parameters into the statement on the client side, so the
prepared scenarios use server-side PREPARE and EXECUTE: the values arrive
as literals of their Python types (int, float, Decimal, str, Json,
timedelta, datetime, date), and the statement's plans are the server's.
Binary round trips go through COPY ... (FORMAT binary), the only binary
path psycopg2 has.  Connects through the PG* environment."""
import datetime
import decimal
import io
import json
import os
import re
import sys

import psycopg2
import psycopg2.extras

HERE = os.path.dirname(os.path.abspath(__file__))
SC = json.load(open(os.path.join(HERE, "scenarios.json")))
n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        failed += 1
        if diag:
            for line in str(diag).splitlines():
                print("# " + line)


def interval(v):
    """'7 days', '36 hours', '15 minutes' as a timedelta."""
    m = re.fullmatch(r"(\d+) (day|hour|minute|second)s?", v)
    return datetime.timedelta(**{m.group(2) + "s": int(m.group(1))})


def value(p):
    t, v = p["type"], p["value"]
    return {"int4": int, "int8": int, "float8": float, "numeric": decimal.Decimal, "text": str,
            "jsonb": lambda s: psycopg2.extras.Json(json.loads(s)), "interval": interval,
            "timestamptz": lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00")),
            "date": datetime.date.fromisoformat}[t](v)


def literal_sql(sql, params):
    """The reference: each $n replaced by its value as a quoted literal."""
    for i in range(len(params), 0, -1):
        sql = sql.replace("$%d" % i, "'" + params[i - 1]["value"].replace("'", "''") + "'")
    return sql


conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
typnames = {}


def type_names(desc):
    missing = [d.type_code for d in desc if d.type_code not in typnames]
    if missing:
        with conn.cursor() as c:
            c.execute("SELECT oid::int, typname::text FROM pg_type WHERE oid = ANY(%s)", (missing,))
            typnames.update(dict(c.fetchall()))
    return [typnames[d.type_code] for d in desc]


def prepared(i, sc):
    name = sc["name"]
    cur.execute(literal_sql(sc["sql"], sc["params"]))
    want = cur.fetchall()
    types = type_names(cur.description)
    ok(types == sc["columns"], name + ": one scalar per column of the expected types", "got %s" % types)
    stmt = "s%d" % i
    cur.execute("PREPARE %s AS %s" % (stmt, sc["sql"]))
    args = [value(p) for p in sc["params"]]
    call = "EXECUTE %s(%s)" % (stmt, ", ".join(["%s"] * len(args)))
    runs = []
    for mode in ["auto"] * 7 + ["force_generic_plan"] * 2 + ["force_custom_plan"]:
        cur.execute("SET plan_cache_mode = " + mode)
        cur.execute(call, args)
        runs.append(cur.fetchall())
    cur.execute("RESET plan_cache_mode")
    cur.execute("SELECT generic_plans FROM pg_prepared_statements WHERE name = %s", (stmt,))
    generic = cur.fetchone()[0]
    bad = [k for k, r in enumerate(runs) if r != want]
    ok(not bad and want and generic >= 2, name + ": 10 executions with bound values equal the literal query",
       "runs that differ: %s; generic plans %s; reference %r; first %r" % (bad, generic, want, runs[0]))
    cur.execute("DEALLOCATE " + stmt)


for i, sc in enumerate(SC["prepared"]):
    try:
        prepared(i, sc)
    except psycopg2.Error as e:
        ok(False, sc["name"], "%s %s" % (e.pgcode, e.pgerror))
        cur.execute("DEALLOCATE ALL")

for sc in SC["errors"]:
    try:
        cur.execute("PREPARE e AS " + sc["sql"])
        cur.execute("EXECUTE e(%s)" % ", ".join(["%s"] * len(sc["params"])), [value(p) for p in sc["params"]])
        ok(False, sc["name"] + ": an error", "no error")
    except psycopg2.Error as e:
        ok(e.pgcode == sc["sqlstate"] and sc["message"] in e.pgerror,
           "%s: SQLSTATE %s and a message naming %s" % (sc["name"], sc["sqlstate"], sc["message"]),
           "%s %s" % (e.pgcode, e.pgerror))
    finally:
        cur.execute("DEALLOCATE ALL")

for i, kind in enumerate(SC["roundtrip"]):
    table = "warehouse.rt_" + kind
    cur.execute("DELETE FROM %s WHERE id <> 0" % table)
    cur.execute("SELECT s FROM %s WHERE id = 0" % table)
    text = cur.fetchone()[0]
    cur.execute("INSERT INTO %s VALUES (1, %%s::effcap.%s)" % (table, kind), (text,))
    buf = io.BytesIO()
    cur.copy_expert("COPY (SELECT 2, s FROM %s WHERE id = 0) TO STDOUT (FORMAT binary)" % table, buf)
    buf.seek(0)
    cur.copy_expert("COPY %s (id, s) FROM STDIN (FORMAT binary)" % table, buf)
    cur.execute("SELECT count(*) FILTER (WHERE s::text = (SELECT s::text FROM %s WHERE id = 0)), count(*) FROM %s"
                " WHERE id IN (1, 2)" % (table, table))
    same, rows = cur.fetchone()
    ok(isinstance(text, str) and same == 2 and rows == 2,
       "%s fetched as text and written back as a bound string, and through binary COPY: unchanged" % kind,
       "same %s of %s" % (same, rows))
    cur.execute("DELETE FROM %s WHERE id <> 0" % table)

print("1..%d" % n)
sys.exit(1 if failed else 0)
