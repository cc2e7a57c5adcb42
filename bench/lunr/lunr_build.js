// Child of bench.js: builds one index with lunr.js and writes JSON.stringify(idx), timing both
// and giving its peak memory.
//   node lunr_build.js docs.json out.json [metadata,…]
'use strict';

const fs = require('fs');
const { buildWithLunr } = require('../../tests/lunr/lib');

const [docsFile, outFile, whitelist = ''] = process.argv.slice(2);
const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
const config = { fields: [{ name: 'title', boost: 10 }, { name: 'body' }], whitelist: whitelist ? whitelist.split(',') : [] };
const t0 = process.hrtime.bigint();
const idx = buildWithLunr(docs, config);
const t1 = process.hrtime.bigint();
const json = JSON.stringify(idx);
const t2 = process.hrtime.bigint();
fs.writeFileSync(outFile, json);
// maxRSS: the process's peak resident memory in KB, Node.js itself and the parsed documents included.
process.stdout.write(JSON.stringify({ build: Number(t1 - t0) / 1e9, stringify: Number(t2 - t1) / 1e9,
  maxRSS: process.resourceUsage().maxRSS }));
