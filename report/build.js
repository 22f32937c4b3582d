// The demo's HTML report: report/template.html with Apache ECharts (the
// npm package, pinned in package-lock.json) and the data of
// warehouse/report_data.sql written into it, one self-contained file that
// opens without a network.
//
//   node report/build.js DATA.json OUT.html
'use strict';
const fs = require('fs');
const path = require('path');

const [dataPath, outPath] = process.argv.slice(2);
if (!dataPath || !outPath) {
  console.error('usage: node report/build.js DATA.json OUT.html');
  process.exit(2);
}
const data = JSON.parse(fs.readFileSync(dataPath, 'utf8'));
const lib = fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
const template = fs.readFileSync(path.join(__dirname, 'template.html'), 'utf8');
// Inside a <script> element nothing may close it early: the data's "<"
// (only ever inside JSON strings) as \u003c; the library has no "</script"
// (checked here, so a new version that had one fails loudly).
if (/<\/script/i.test(lib)) throw new Error('echarts.min.js contains </script');
const [head, rest] = template.split('/*ECHARTS*/');
const [middle, tail] = rest.split('/*DATA*/');
const html = head + lib + middle + JSON.stringify(data).replace(/</g, '\\u003c') + tail;
fs.writeFileSync(outPath, html);
