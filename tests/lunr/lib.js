// Shared by compat.js and bench/lunr: lunr.js itself, `hindsight index`, a seeded random source.
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

process.noDeprecation = true;  // Debian's node-lunr package.json has a 'main' Node warns about
const lunr = require('/usr/share/nodejs/lunr/index.js');

// config: { ref, fields: [{ name, boost }], whitelist: [...], boostField }
function buildWithLunr(docs, config) {
  return lunr(function () {
    this.ref(config.ref || 'id');
    for (const f of config.fields) this.field(f.name, f.boost === undefined ? undefined : { boost: f.boost });
    this.metadataWhitelist = config.whitelist || [];
    for (const doc of docs) {
      if (config.boostField) this.add(doc, { boost: doc[config.boostField] });
      else this.add(doc);
    }
  });
}

function indexArgs(config) {
  const args = ['index'];
  if (config.ref) args.push('--ref', config.ref);
  for (const f of config.fields) args.push('--field', f.boost === undefined ? f.name : `${f.name}:${f.boost}`);
  for (const w of config.whitelist || []) args.push('--whitelist', w);
  if (config.boostField) args.push('--boost-field', config.boostField);
  return args;
}

// stdin comes from a file: a command that fails before reading it must not break a pipe.
function runHindsight(binary, args, input) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-lunr-'));
  const file = path.join(dir, 'stdin.json');
  fs.writeFileSync(file, input);
  const fd = fs.openSync(file, 'r');
  try {
    const r = spawnSync(binary, args, { stdio: [fd, 'pipe', 'pipe'], maxBuffer: 1 << 30, encoding: 'utf8' });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// mulberry32: the same documents and queries on every run.
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (items) => items[next.int(items.length)];
  return next;
}

module.exports = { lunr, buildWithLunr, indexArgs, runHindsight, random };
