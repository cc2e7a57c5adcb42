#!/usr/bin/env node
// What a visitor downloads before the first search result, and how long it takes, in Debian's
// Chromium: for each size, a synthetic knowledge base (bench/make_corpus.py) is built and served
// on localhost; a fresh browser opens `search/?q=WORD` and the clock runs until the first result
// shows. Every response is counted raw and gzipped (as GitHub Pages serves it). A benchmark to
// run by hand, not a test:
//   node bench/search.js build/hindsight [--sizes 1000,10000] [--query connection] [--runs 3]
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { serveSite } = require('../tests/e2e/site_server');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const bin = args[0];
if (!bin || bin.startsWith('--')) {
  console.error('usage: node bench/search.js path/to/hindsight [--sizes 1000,10000] [--query connection] [--runs 3]');
  process.exit(2);
}
const sizes = option('--sizes', '1000,10000').split(',').map(Number);
const queries = option('--query', 'connection,replica,PM-00042').split(',');
const runs = Number(option('--runs', '3'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-bench-search-'));
const kb = (n) => Math.round(n / 1024);
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const rows = [['post-mortems', 'query', 'files', 'raw KB', 'gzip KB', 'first result (median)', 'results']];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                          args: ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const n of sizes) {
      const dir = path.join(work, String(n));
      execFileSync('python3', [path.join(__dirname, 'make_corpus.py'), path.join(dir, 'kb'), String(n)], { stdio: 'ignore' });
      try {
        execFileSync(bin, ['build', '-C', path.join(dir, 'kb'), '--out', path.join(dir, 'site'), '--no-cache'], { stdio: 'ignore' });
      } catch (e) {
        if (e.status !== 3) throw e;
      }
      const site = path.join(dir, 'site');
      const { server, base } = await serveSite(site);
      for (const q of queries) {
        const times = [];
        let files = 0, raw = 0, gz = 0, results = 0;
        for (let r = 0; r < runs; r++) {
          const context = await browser.newContext();  // a cold cache every run
          const page = await context.newPage();
          const seen = [];
          page.on('response', (res) => seen.push(res.url()));
          const start = Date.now();
          await page.goto(base + 'search/index.html?q=' + encodeURIComponent(q));
          await page.waitForFunction(() => document.querySelector('#hs-results li') ||
                                           /No post-mortems/.test(document.getElementById('hs-status').textContent));
          times.push(Date.now() - start);
          results = await page.$$eval('#hs-results li', (l) => l.length);
          files = 0; raw = 0; gz = 0;
          for (const url of seen) {
            const rel = decodeURIComponent(new URL(url).pathname).replace(/^\/kb\//, '');
            const file = path.join(site, rel.endsWith('/') ? rel + 'index.html' : rel);
            if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
            const bytes = fs.readFileSync(file);
            files++; raw += bytes.length; gz += zlib.gzipSync(bytes, { level: 6 }).length;
          }
          await context.close();
        }
        rows.push([n.toLocaleString('en'), q, files, kb(raw), kb(gz), median(times) + ' ms', results]);
      }
      server.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((v, c) => String(v).padStart(widths[c])).join('  '));
})();
