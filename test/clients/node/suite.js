// The client scenarios (../scenarios.json) through node-postgres (pg, pinned
// in package-lock.json), as Grafana-style web backends use it; prints TAP.
//
// A named query is a server-side prepared statement: its values travel as
// bind parameters (numbers, strings, a JSON object for jsonb, a Date for
// timestamptz).  node-postgres reads results in text; binary round trips
// go through COPY ... (FORMAT binary) (pg-copy-streams) and through a
// Buffer parameter, which node-postgres sends in binary.  Connects through
// the PG* environment.
'use strict';
const { ok, plan } = require('../../../tools/tap.js');
const fs = require('fs');
const path = require('path');
const { pipeline } = require('stream/promises');
const { Readable, Writable } = require('stream');
const { Client } = require('pg');
const copy = require('pg-copy-streams');

const SC = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'scenarios.json'), 'utf8'));

function value(p) {
  switch (p.type) {
    case 'int4': case 'int8': case 'float8': return Number(p.value);
    case 'jsonb': return JSON.parse(p.value);
    case 'timestamptz': return new Date(p.value);
    default: return p.value; // numeric, text, interval, date: as the server reads them
  }
}

function literalSql(sql, params) {
  for (let i = params.length; i >= 1; i -= 1) {
    sql = sql.split(`$${i}`).join(`'${params[i - 1].value.replace(/'/g, "''")}'`);
  }
  return sql;
}

async function main() {
  const client = new Client();
  await client.connect();
  const typnames = new Map();
  async function typeNames(fields) {
    const missing = fields.map((f) => f.dataTypeID).filter((oid) => !typnames.has(oid));
    if (missing.length) {
      const r = await client.query('SELECT oid::int AS oid, typname::text AS name FROM pg_type WHERE oid = ANY($1)', [missing]);
      for (const row of r.rows) typnames.set(row.oid, row.name);
    }
    return fields.map((f) => typnames.get(f.dataTypeID));
  }

  for (const [i, sc] of SC.prepared.entries()) {
    try {
      const ref = await client.query(literalSql(sc.sql, sc.params));
      const types = await typeNames(ref.fields);
      ok(JSON.stringify(types) === JSON.stringify(sc.columns), `${sc.name}: one scalar per column of the expected types`,
        `got ${types}`);
      const want = JSON.stringify(ref.rows);
      const name = `s${i}`;
      const args = sc.params.map(value);
      const bad = [];
      const modes = Array(7).fill('auto').concat(['force_generic_plan', 'force_generic_plan', 'force_custom_plan']);
      let first;
      for (const [k, mode] of modes.entries()) {
        await client.query(`SET plan_cache_mode = ${mode}`);
        const r = await client.query({ name, text: sc.sql, values: args });
        if (k === 0) first = JSON.stringify(r.rows);
        if (JSON.stringify(r.rows) !== want) bad.push(k);
      }
      await client.query('RESET plan_cache_mode');
      const g = await client.query('SELECT generic_plans FROM pg_prepared_statements WHERE name = $1', [name]);
      ok(bad.length === 0 && ref.rows.length > 0 && Number(g.rows[0].generic_plans) >= 2,
        `${sc.name}: 10 executions with bound values equal the literal query`,
        `runs that differ: ${bad}; generic plans ${g.rows[0].generic_plans}; reference ${want}; first ${first}`);
    } catch (e) {
      ok(false, sc.name, `${e.code} ${e.message}`);
    }
  }

  for (const [i, sc] of SC.errors.entries()) {
    try {
      await client.query({ name: `e${i}`, text: sc.sql, values: sc.params.map(value) });
      ok(false, `${sc.name}: an error`, 'no error');
    } catch (e) {
      ok(e.code === sc.sqlstate && e.message.includes(sc.message),
        `${sc.name}: SQLSTATE ${sc.sqlstate} and a message naming ${sc.message}`, `${e.code} ${e.message}`);
    }
  }

  for (const kind of SC.roundtrip) {
    const table = `warehouse.rt_${kind}`;
    try {
      await client.query(`DELETE FROM ${table} WHERE id <> 0`);
      // text: the value as a string, written back as a bound string
      const text = (await client.query(`SELECT s FROM ${table} WHERE id = 0`)).rows[0].s;
      await client.query(`INSERT INTO ${table} VALUES (1, $1::effcap.${kind})`, [text]);
      // binary COPY out and in
      const chunks = [];
      await pipeline(client.query(copy.to(`COPY (SELECT 2, s FROM ${table} WHERE id = 0) TO STDOUT (FORMAT binary)`)),
        new Writable({ write(chunk, _enc, cb) { chunks.push(chunk); cb(); } }));
      await pipeline(Readable.from([Buffer.concat(chunks)]), client.query(copy.from(`COPY ${table} (id, s) FROM STDIN (FORMAT binary)`)));
      // the binary send form as a Buffer parameter, which the server reads with the type's receive function
      const sent = (await client.query(`SELECT effcap.${kind}_send(s) AS b FROM ${table} WHERE id = 0`)).rows[0].b;
      await client.query(`INSERT INTO ${table} (id, s) VALUES (3, $1)`, [sent]);
      const r = await client.query(`SELECT count(*) FILTER (WHERE s::text = (SELECT s::text FROM ${table} WHERE id = 0))::int AS same,
                                           count(*)::int AS rows FROM ${table} WHERE id IN (1, 2, 3)`);
      ok(typeof text === 'string' && Buffer.isBuffer(sent) && r.rows[0].same === 3 && r.rows[0].rows === 3,
        `${kind} fetched as text and written back as a bound string, through binary COPY, and as a binary parameter: unchanged`,
        JSON.stringify(r.rows[0]));
      await client.query(`DELETE FROM ${table} WHERE id <> 0`);
    } catch (e) {
      ok(false, `${kind} round trips`, `${e.code} ${e.message}`);
    }
  }

  await client.end();
  plan();
}

main().catch((e) => { console.log(`not ok - ${e.message}`); process.exitCode = 1; });
