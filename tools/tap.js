// TAP output for the Node.js checks (test/clients/node/suite.js,
// report/check.js): ok(cond, name, diag) prints "ok N - name" or
// "not ok N - name" with the diagnostics as "# " lines; plan() prints
// "1..N" and sets the exit code.
'use strict';
let n = 0;
let failed = 0;

function ok(cond, name, diag) {
  n += 1;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond) {
    failed += 1;
    if (diag) for (const line of String(diag).split('\n')) console.log(`# ${line}`);
  }
}

function plan() {
  console.log(`1..${n}`);
  process.exitCode = failed ? 1 : 0;
}

module.exports = { ok, plan };
