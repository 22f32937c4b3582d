// Opens the report in headless Chromium (Debian's chromium, driven by
// playwright-core) and checks that it rendered; prints TAP and saves a
// screenshot of the whole page.
//
//   node report/check.js REPORT.html SCREENSHOT.png
'use strict';
const { ok, plan } = require('../tools/tap.js');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [reportPath, shotPath] = process.argv.slice(2);
const sections = ['radar', 'completion', 'fcr', 'service_level', 'staffing'];

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto('file://' + path.resolve(reportPath));
  const done = await page.waitForFunction(() => window.reportDone === true, null, { timeout: 30000 })
    .then(() => true, () => false);
  ok(done, 'the report ran its script to the end');
  ok(errors.length === 0, 'no script errors or warnings in the console', errors.join('\n'));
  ok(requests.length === 0, 'it loads nothing from a network', requests.join('\n'));
  // The DOM after rendering: each chart's container holds an SVG with the
  // shapes and labels ECharts drew.
  for (const id of sections) {
    const drawn = await page.evaluate((id) => {
      const el = document.getElementById(id);
      if (!el) return null;
      const svg = el.querySelector('svg');
      const box = el.getBoundingClientRect();
      return { shapes: svg ? svg.querySelectorAll('path, rect, circle, line, polyline, polygon').length : 0,
               texts: svg ? svg.querySelectorAll('text').length : 0, width: box.width, height: box.height };
    }, id);
    ok(drawn && drawn.shapes >= 10 && drawn.texts >= 3 && drawn.width > 300 && drawn.height > 200,
      `the chart "${id}" is drawn`, JSON.stringify(drawn));
  }
  await page.screenshot({ path: shotPath, fullPage: true });
  // A PNG of the whole page: its signature, and taller than one screen.
  const png = fs.readFileSync(shotPath);
  const height = png.length > 24 ? png.readUInt32BE(20) : 0;
  ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && height > 900,
    `screenshot saved: ${shotPath}`, `${png.length} bytes, height ${height}`);
  await browser.close();
  plan();
})().catch((e) => { console.log(`not ok - ${e.message}`); process.exitCode = 1; });
