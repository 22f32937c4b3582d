#!/usr/bin/python3
"""Fuzz every parser of effcap through SQL, against the server in the PG*
environment (tools/fuzz.sh runs it on the AddressSanitizer build).

Each parser gets N inputs: seeds (valid values the extension itself made, or
documents from the docs and tests) mutated at the byte level (bytes changed,
cut, repeated, inserted) and, for JSON, at the JSON level (a value replaced
by an extreme: NaN, huge and tiny numbers, deep nesting, long strings, wrong
types; keys dropped or duplicated).  The random seed is fixed (--seed), so a
run is repeatable.  An input must be accepted or refused with an ERROR whose
SQLSTATE is not internal_error (XX000: an elog without an errcode) and the
server must live on.  A crashing input is found again one by one and saved
to the reproducer folder with the SQL that runs it; any other finding is
saved there too.  Prints a table per parser; exits 1 on any finding.

    tools/fuzz.py [--n N] [--seed S] [--only REGEX] [--repro DIR]
"""
import argparse
import hashlib
import io
import json
import os
import random
import re
import struct
import sys
import time

import psycopg2

BATCH = 2000

# A fixed valid value of each summary type, built by its own aggregate.
SETUP = r"""
CREATE EXTENSION IF NOT EXISTS effcap;
DROP TABLE IF EXISTS fuzz_rows, fuzz_good, fuzz_in, fuzz_recv;
CREATE TABLE fuzz_rows AS
SELECT g, (ARRAY['inbound', 'ticket', 'café', 'complaint'])[1 + g % 4] AS wt,
       (g * 7 % 61)::float8 + CASE WHEN g % 3 = 0 THEN 0.25 ELSE 0 END AS wait,
       g % 5 <> 0 AS answered, 30 + (g * 13 % 900)::float8 AS handle,
       1 + g % 5 AS csat, g % 11 AS nps, (ARRAY['phone', 'chat'])[1 + g % 2] AS src
FROM generate_series(1, 300) g;
CREATE TABLE fuzz_good AS
SELECT (SELECT effcap.capacity_summary((ARRAY['inbound', 'ticket', 'outbound', 'complaint'])[1 + g % 4],
                                       g % 3 = 0, g % 7 = 0, g % 5 = 0, CASE WHEN g % 4 = 0 THEN 'B' END) FROM fuzz_rows) AS cap,
       (SELECT effcap.queue_summary(wait, answered, CASE WHEN answered THEN handle END) FROM fuzz_rows) AS queue,
       (SELECT effcap.survey_summary(csat, nps, src) FROM fuzz_rows) AS survey,
       (SELECT effcap.handle_summary(wt, handle) FROM fuzz_rows) AS handle,
       (SELECT effcap.sla_summary(wt, timestamptz '2026-12-01' + g * interval '37 minutes',
                                  CASE WHEN g % 3 > 0 THEN timestamptz '2026-12-01' + g * interval '40 minutes' END,
                                  CASE WHEN g % 3 = 2 THEN timestamptz '2026-12-01' + g * interval '50 minutes' END,
                                  g % 7 = 0, '{"classes": {"inbound": {}, "ticket": {"resolution": "3 days"}, "café": {"calendar": "o"},
                                   "complaint": {"response": "24 hours"}}, "calendars": {"o": {"time_zone": "Asia/Shanghai",
                                   "hours": {"mon": ["09:00-18:00"], "sat": ["10:00-12:00"]}, "exclude": ["2026-12-03"]}}}',
                                  timestamptz '2026-12-12') FROM fuzz_rows) AS sla,
       effcap.kpi_trans(effcap.kpi_trans(NULL, 'qa_avg', 81.5, effcap.default_center_scorecard()), 'aht', 300,
                        effcap.default_center_scorecard()) AS kpi;
CREATE TABLE fuzz_in (i int, input text);
CREATE OR REPLACE FUNCTION pg_temp.fuzz_batch(call text)
RETURNS TABLE (accepted int, refused int, states text[], internal text[]) LANGUAGE plpgsql AS $$
DECLARE
    r record;
BEGIN
    accepted := 0; refused := 0; states := '{}'; internal := '{}';
    FOR r IN SELECT i, input FROM fuzz_in ORDER BY i LOOP
        BEGIN
            EXECUTE call USING r.input;
            accepted := accepted + 1;
        EXCEPTION WHEN OTHERS THEN
            refused := refused + 1;
            IF NOT SQLSTATE = ANY (states) THEN
                states := states || SQLSTATE;
            END IF;
            IF SQLSTATE = 'XX000' THEN
                internal := internal || (r.i || ': ' || SQLERRM);
            END IF;
        END;
    END LOOP;
    RETURN NEXT;
END $$;
"""

SUMMARIES = ["capacity_summary", "queue_summary", "survey_summary", "handle_summary", "kpi_inputs", "sla_summary"]
COLUMN = {"capacity_summary": "cap", "queue_summary": "queue", "survey_summary": "survey",
          "handle_summary": "handle", "kpi_inputs": "kpi", "sla_summary": "sla"}

# Documents: (parser, SQL that reads $1 with fixed other arguments, seeds).
DOCS = [
    ("capacity rules", "SELECT effcap.effective_capacity((SELECT cap FROM fuzz_good), $1::jsonb)", None),
    ("scorecard", "SELECT effcap.validate_scorecard($1::jsonb)", None),
    ("kpis", "SELECT effcap.kpi_score($1::jsonb)",
     ['{"answer_rate": 0.9, "non_call_processing_rate": 0.95, "exam_avg": 90, "qa_avg": 88, "avg_talk_seconds": 200, '
      '"performance_avg": 85, "major_complaints": 0, "report_errors": 1}']),
    ("contact_stats options", "SELECT effcap.contact_stats((SELECT queue FROM fuzz_good), $1::jsonb)",
     ['{"threshold_seconds": 30}', '{"short_abandon_seconds": 3, "policy": "abandons_ignored"}',
      '{"threshold_seconds": 20, "short_abandon_seconds": 5, "policy": "cisco"}']),
    ("contact_stats options, one step",
     "SELECT effcap.contact_stats(wait, answered, CASE WHEN answered THEN handle END, $1::jsonb) FROM fuzz_rows WHERE g <= 20",
     ['{"threshold_seconds": 30}', '{"short_abandon_seconds": 3, "policy": "abandons_ignored"}']),
    ("service_level policy", "SELECT effcap.service_level((SELECT queue FROM fuzz_good), 20, $1)",
     ["abandons_ignored", "cisco", "abandons_count", "short_abandons_excluded"]),
    ("csat options", "SELECT effcap.csat((SELECT survey FROM fuzz_good), $1::jsonb)",
     ['{"weights": {"active": 2, "passive": 1}}', '{"default_weight": 0, "weights": {"active": 1}}',
      '{"top_boxes": 1}', '{"scale": 5}']),
    ("csat_mean options", "SELECT effcap.csat_mean((SELECT survey FROM fuzz_good), $1::jsonb)",
     ['{"weights": {"active": 2}}', '{"scale": 10}']),
    ("nps options", "SELECT effcap.nps((SELECT survey FROM fuzz_good), $1::jsonb)",
     ['{"weights": {"phone": 2}}', '{"default_weight": 0.25}']),
    ("forecast options",
     "SELECT effcap.volume_forecast(timestamp '2026-09-07' + g * interval '2 hours', 1 + g % 5, handle, $1::jsonb) FROM fuzz_rows",
     ['{"weights": [3, 2, 1], "exclude": ["2026-09-08"], "days": 2}', '{"method": "holt_winters", "damping": 0.9}',
      '{"interval_seconds": 3600, "weeks": 2}']),
    ("backtest options",
     "SELECT effcap.forecast_backtest(timestamp '2026-09-07' + g * interval '2 hours', 1 + g % 5, $1::jsonb) FROM fuzz_rows",
     ['{"backtest_weeks": 2, "weeks": 1}', '{"method": "holt_winters", "level": 0.5, "exclude": ["2026-09-20"]}']),
    ("SLA rules", "SELECT effcap.sla_stats((SELECT sla FROM fuzz_good), $1::jsonb)",
     ['{"classes": {"inbound": {}, "ticket": {"resolution": "3 days"}, "café": {"calendar": "o", "response": 900}, '
      '"complaint": {"response": "24 hours", "resolution": "1 week 2 days"}}, "calendars": {"o": {"time_zone": '
      '"Asia/Shanghai", "hours": {"mon": ["09:00-18:00"], "sat": ["10:00-12:00"]}, "exclude": ["2026-12-03"]}}}']),
    ("calendar", "SELECT effcap.business_seconds('2026-03-27 12:00Z', '2026-04-02 08:00Z', $1::jsonb)",
     ['{"time_zone": "Europe/Berlin", "hours": {"mon": ["09:00-12:30", "13:30-18:00"], "sun": ["01:00-05:00"]}, '
      '"exclude": ["2026-03-30"]}']),
    ("time bands", "SELECT effcap.time_band('2026-03-09 13:30Z', $1::jsonb)",
     ['{"time_zone": "America/New_York", "bands": {"peak": {"mon": ["09:00-12:00"]}, "late": {"mon": ["20:00-24:00"]}}, '
      '"default": "off", "exclude": ["2026-03-10"]}']),
    ("commission plan", "SELECT effcap.commission_detail(123456.78, $1::jsonb)",
     ['{"reading": "marginal", "boundary": "lower", "brackets": [{"from": 0, "rate": 0.01}, '
      '{"from": 100000, "rate": 0.015, "bonus": 200}, {"from": 200000, "rate": 0.02, "bonus": 500}]}',
      '{"reading": "whole_amount", "boundary": "upper", "brackets": [{"from": 50000, "rate": 0.03}]}']),
    ("attainment plan", "SELECT effcap.attainment(105.5, 100, 120, $1::jsonb)",
     ['{"below": 0, "base": 1, "challenge": 1.3}', '{"better": "lower", "below": 0.5, "base": 1.0, "challenge": 1.25}']),
    ("ramp", "SELECT effcap.ramped_target(50, 2, $1::jsonb)",
     ['{"factors": [0.6, 0.6, 0.6, 0.8]}', '{"factors": [1]}']),
    ("handle-time limits", "SELECT effcap.aht_compliance((SELECT handle FROM fuzz_good), $1::jsonb, 3)",
     ['{"inbound": 180, "ticket": 900, "café": 300, "complaint": 600}',
      '{"inbound": 180.5, "ticket": 900, "café": 1e3, "complaint": 60}']),
]

EXTREMES = [None, True, False, 0, -1, 1, 2 ** 31, -2 ** 31, 2 ** 63, -2 ** 63 - 1, 10 ** 400, 1e308,
            -1e308, 5e-324, 1e-400, 0.1, 0.5, 0.999999999999999999, 1.0000000000000002,
            "NaN", "Infinity", "-Infinity", "", "x" * 70, "é" * 40, "\u0000".replace("\u0000", "\\u0000"),
            [], {}, [[[[[[[[[[]]]]]]]]]], {"a": {"b": {"c": {}}}}, list(range(70)),
            {str(i): i for i in range(70)}]


def mutate_bytes(b, rnd):
    b = bytearray(b)
    for _ in range(1 + rnd.randrange(3)):
        op = rnd.randrange(6)
        pos = rnd.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(pos, len(b) - 1)] = rnd.randrange(256)
        elif op == 1:
            del b[pos:]
        elif op == 2:
            b[pos:pos] = bytes(rnd.randrange(256) for _ in range(1 + rnd.randrange(4)))
        elif op == 3 and b:
            end = min(len(b), pos + 1 + rnd.randrange(16))
            b[pos:pos] = b[pos:end] * (1 + rnd.randrange(8))
        elif op == 4 and b:
            del b[pos:pos + 1 + rnd.randrange(8)]
        elif b:
            i = min(pos, len(b) - 1)
            b[i] ^= 1 << rnd.randrange(8)
    return bytes(b)


def mutate_json(doc, rnd):
    """Replace, drop or duplicate one place in a JSON document."""
    doc = json.loads(json.dumps(doc))
    path = []
    node = doc
    while isinstance(node, (dict, list)) and node and rnd.random() < 0.8:
        key = rnd.choice(list(node.keys())) if isinstance(node, dict) else rnd.randrange(len(node))
        path.append((node, key))
        node = node[key]
    if not path:
        return json.dumps(rnd.choice(EXTREMES))
    parent, key = path[-1]
    op = rnd.randrange(4)
    if op == 0 and isinstance(parent, dict):
        del parent[key]
    elif op == 1 and isinstance(parent, dict):
        text = json.dumps(doc)
        dup = json.dumps(key) + ": " + json.dumps(rnd.choice(EXTREMES)) + ", "
        return text.replace("{", "{" + dup, 1)
    else:
        parent[key] = rnd.choice(EXTREMES)
    return json.dumps(doc)


def make_input(seed, is_json, rnd):
    if is_json and rnd.random() < 0.6:
        try:
            return mutate_json(json.loads(seed), rnd)
        except ValueError:
            pass
    return mutate_bytes(seed.encode(), rnd).decode("utf-8", "replace").replace("\x00", "")


def copy_binary(value):
    """A COPY (FORMAT binary) stream of one row of one column."""
    return (b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0) + struct.pack("!hi", 1, len(value)) + value
            + struct.pack("!h", -1))


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.findings = 0
        self.connect()
        cur = self.conn.cursor()
        cur.execute(SETUP)

    def connect(self):
        deadline = time.time() + 120
        while True:
            try:
                self.conn = psycopg2.connect("")
                self.conn.autocommit = True
                return
            except psycopg2.OperationalError:
                if time.time() > deadline:
                    raise
                time.sleep(1)

    def save(self, parser, kind, sql, value, note):
        os.makedirs(self.args.repro, exist_ok=True)
        digest = hashlib.sha1(value if isinstance(value, bytes) else value.encode()).hexdigest()[:12]
        name = re.sub(r"[^a-z0-9]+", "_", parser.lower()).strip("_")
        path = os.path.join(self.args.repro, f"{name}-{digest}.txt")
        with open(path, "w") as f:
            f.write(f"-- {kind} found by tools/fuzz.py (seed {self.args.seed}): {note}\n")
            f.write(f"-- SQL, with $1 the input below\n{sql}\n-- input ({'hex' if isinstance(value, bytes) else 'text'})\n")
            f.write((value.hex() if isinstance(value, bytes) else value) + "\n")
        self.findings += 1
        print(f"  FOUND {kind}: {note} (saved to {path})", flush=True)

    def one(self, sql, value):
        """Run one input; returns 'ok', 'refused', 'internal: msg' or 'crash'."""
        try:
            cur = self.conn.cursor()
            cur.execute(sql.replace("$1", "%s"), (value,))
            return "ok"
        except psycopg2.Error as e:
            if self.conn.closed:
                self.connect()
                return "crash"
            if e.pgcode == "XX000":
                return "internal: " + str(e).strip()
            return "refused"

    def text_parser(self, parser, sql, seeds, is_json):
        rnd = random.Random(f"{self.args.seed}:{parser}")
        total = {"accepted": 0, "refused": 0}
        states = set()
        start = time.time()
        done = 0
        while done < self.args.n:
            k = min(BATCH, self.args.n - done)
            inputs = [make_input(rnd.choice(seeds), is_json, rnd) for _ in range(k)]
            buf = io.StringIO()
            for i, s in enumerate(inputs):
                esc = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
                buf.write(f"{i}\t{esc}\n")
            buf.seek(0)
            try:
                cur = self.conn.cursor()
                cur.execute("TRUNCATE fuzz_in")
                cur.copy_expert("COPY fuzz_in FROM STDIN", buf)
                cur.execute("SELECT * FROM pg_temp.fuzz_batch(%s)", (sql,))
                acc, ref, st, internal = cur.fetchone()
                total["accepted"] += acc
                total["refused"] += ref
                states.update(st)
                for line in internal:
                    i, msg = line.split(": ", 1)
                    self.save(parser, "internal error", sql, inputs[int(i)], msg)
            except psycopg2.Error:
                if not self.conn.closed:
                    raise
                # The server died on one of these: find it, one by one.
                print(f"  {parser}: the server died in a batch; finding the input ...", flush=True)
                self.connect()
                self.conn.cursor().execute(SETUP)
                for s in inputs:
                    if self.one(sql, s) == "crash":
                        self.save(parser, "crash", sql, s, "the server process died")
                        self.conn.cursor().execute(SETUP)
                        break
            done += k
        return total, states, time.time() - start

    def binary_parser(self, typ):
        rnd = random.Random(f"{self.args.seed}:{typ}:binary")
        cur = self.conn.cursor()
        cur.execute(f"SELECT effcap.{typ}_send({COLUMN[typ]}) FROM fuzz_good")
        seeds = [bytes(cur.fetchone()[0])]
        cur.execute(f"DROP TABLE IF EXISTS fuzz_recv; CREATE TABLE fuzz_recv (s effcap.{typ})")
        total = {"accepted": 0, "refused": 0}
        states = set()
        start = time.time()
        for _ in range(self.args.n):
            value = mutate_bytes(rnd.choice(seeds), rnd)
            try:
                cur = self.conn.cursor()
                cur.copy_expert("COPY fuzz_recv FROM STDIN (FORMAT binary)", io.BytesIO(copy_binary(value)))
                cur.execute("SELECT s::text FROM fuzz_recv")
                for (text,) in cur.fetchall():
                    cur.execute(f"SELECT %s::effcap.{typ}::text = %s", (text, text))
                    if not cur.fetchone()[0]:
                        self.save(f"{typ} binary", "no round trip", "COPY ... (FORMAT binary)", value,
                                  "accepted binary value does not read back from its text form")
                cur.execute("TRUNCATE fuzz_recv")
                total["accepted"] += 1
            except psycopg2.Error as e:
                if self.conn.closed:
                    self.connect()
                    self.save(f"{typ} binary", "crash", f"COPY t (s effcap.{typ}) FROM STDIN (FORMAT binary)", value,
                              "the server process died")
                    self.conn.cursor().execute(SETUP + f"; CREATE TABLE fuzz_recv (s effcap.{typ})")
                    continue
                total["refused"] += 1
                states.add(e.pgcode)
                if e.pgcode == "XX000":
                    self.save(f"{typ} binary", "internal error", "COPY ... (FORMAT binary)", value, str(e).strip())
        return total, states, time.time() - start

    def run(self):
        cur = self.conn.cursor()
        only = re.compile(self.args.only) if self.args.only else None
        rows = []
        jobs = []
        for typ in SUMMARIES:
            cur.execute(f"SELECT {COLUMN[typ]}::text FROM fuzz_good")
            seeds = [cur.fetchone()[0]]
            jobs.append((f"{typ} text", lambda t=typ, s=seeds: self.text_parser(
                f"{t} text", f"SELECT $1::effcap.{t}::text", s, True)))
            jobs.append((f"{typ} binary", lambda t=typ: self.binary_parser(t)))
        for parser, sql, seeds in DOCS:
            if seeds is None:
                fn = "default_capacity_rules" if parser == "capacity rules" else "default_center_scorecard"
                cur.execute(f"SELECT effcap.{fn}()::text")
                seeds = [cur.fetchone()[0]]
                if parser == "scorecard":
                    cur.execute("SELECT effcap.default_supervisor_scorecard()::text")
                    seeds.append(cur.fetchone()[0])
            is_json = "::jsonb" in sql
            jobs.append((parser, lambda p=parser, q=sql, s=seeds, j=is_json: self.text_parser(p, q, s, j)))
        print(f"| parser | inputs | accepted | refused | SQLSTATEs of the refusals | seconds |", flush=True)
        print("|---|---|---|---|---|---|", flush=True)
        for name, job in jobs:
            if only and not only.search(name):
                continue
            total, states, secs = job()
            n = total["accepted"] + total["refused"]
            print(f"| {name} | {n} | {total['accepted']} | {total['refused']} | {' '.join(sorted(states))} | {secs:.0f} |",
                  flush=True)
        print(f"findings: {self.findings}")
        return 1 if self.findings else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=int(os.environ.get("N", "20000")), help="inputs per parser")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SEED", "20261202")))
    ap.add_argument("--only", default=os.environ.get("ONLY", ""), help="parsers whose name matches")
    ap.add_argument("--repro", default=os.environ.get("REPRO", "fuzz-findings"), help="folder for reproducers")
    args = ap.parse_args()
    sys.exit(Fuzzer(args).run())


if __name__ == "__main__":
    main()
