#!/usr/bin/env node
// lunr.js 2.3.9 against `hindsight index` on synthetic post-mortems (≈600 words, title boost 10):
// time to build and serialize, peak memory, index size raw and gzipped, with and without position
// metadata.
// A benchmark to run by hand, not a test:
//   node bench/lunr/bench.js build/hindsight [--sizes 1000,10000] [--lunr-timeout 120]
// lunr.js runs in a child process and is stopped after --lunr-timeout seconds per index.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');
const { syntheticDocs } = require('./docs');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const binary = args[0];
if (!binary || binary.startsWith('--')) {
  console.error('usage: node bench/lunr/bench.js path/to/hindsight [--sizes 1000,10000] [--lunr-timeout 120]');
  process.exit(2);
}
const sizes = option('--sizes', '1000,10000').split(',').map(Number);
const lunrTimeout = Number(option('--lunr-timeout', '120'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-bench-'));

// GNU time (Debian's `time`), when present, gives hindsight's peak memory.
const gnuTime = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function timeHindsight(docsFile, outFile, whitelist) {
  const argv = ['index', '--field', 'title:10', '--field', 'body', ...whitelist.flatMap((w) => ['--whitelist', w])];
  const rssFile = path.join(dir, 'rss');
  const [command, args] = gnuTime ? [gnuTime, ['-f', '%M', '-o', rssFile, binary, ...argv]] : [binary, argv];
  const input = fs.openSync(docsFile, 'r'), output = fs.openSync(outFile, 'w');
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: [input, output, 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fs.closeSync(input), fs.closeSync(output);
  if (r.status !== 0) throw new Error(`hindsight index failed: ${r.stderr}`);
  const kb = gnuTime ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : null;
  return { seconds, kb };
}

function timeLunr(docsFile, outFile, whitelist) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=16384', path.join(__dirname, 'lunr_build.js'),
    docsFile, outFile, whitelist.join(',')], { timeout: lunrTimeout * 1000, encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  const t = JSON.parse(r.stdout);
  return { seconds: t.build + t.stringify, kb: t.maxRSS };
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const secs = (s) => (s === null ? `> ${lunrTimeout} s (stopped)` : `${s.toFixed(2)} s`);
const memory = (kb) => (kb === null || kb === undefined ? '-' : `${Math.round(kb / 1024)} MB`);
const rows = [['documents', 'metadata', 'lunr.js', 'hindsight', 'speed-up', 'lunr.js memory', 'hindsight memory',
  'memory ratio', 'JSON', 'gzipped', 'identical']];

for (const n of sizes) {
  const docsFile = path.join(dir, `docs-${n}.json`);
  fs.writeFileSync(docsFile, JSON.stringify(syntheticDocs(n)));
  for (const whitelist of [[], ['position']]) {
    const ours = path.join(dir, `hindsight-${n}.json`), theirs = path.join(dir, `lunr-${n}.json`);
    const hs = timeHindsight(docsFile, ours, whitelist);
    const lj = timeLunr(docsFile, theirs, whitelist);
    const text = fs.readFileSync(ours);
    const gz = zlib.gzipSync(text).length;
    const same = lj === null ? 'not built' : fs.readFileSync(theirs).equals(text) ? 'yes' : 'NO';
    rows.push([String(n), whitelist.join(',') || 'none', secs(lj && lj.seconds), secs(hs.seconds),
               lj === null ? '-' : `${(lj.seconds / hs.seconds).toFixed(1)}x`,
               memory(lj && lj.kb), memory(hs.kb),
               lj === null || !hs.kb ? '-' : `${(hs.kb / lj.kb).toFixed(2)}`,
               mb(text.length), mb(gz), same]);
    console.error(`  ${rows[rows.length - 1].join('  ')}`);
    for (const f of [ours, theirs]) fs.rmSync(f, { force: true });
  }
}
fs.rmSync(dir, { recursive: true, force: true });

const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(`${os.cpus().length} × ${os.cpus()[0].model}, Node.js ${process.version}`);
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
