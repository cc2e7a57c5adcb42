#!/usr/bin/env node
// lunr.js 2.3.9 (Debian's node-lunr) against `hindsight index`, for the CTest test lunr-compat:
//   node tests/lunr/compat.js path/to/hindsight
// For every document set and configuration: (1) the index JSON is byte-identical to
// JSON.stringify of lunr's index, (2) generated queries of every syntax give the same refs, order,
// scores and match metadata from lunr.Index.load of ours as from lunr's own index. Then the
// stemmer on a large vocabulary, and the command's handling of bad input.
'use strict';

const { lunr, buildWithLunr, indexArgs, runHindsight } = require('./lib');
const { sets } = require('./docsets');
const { generateQueries, answer } = require('./queries');
const { stemmerVocabulary } = require('./vocab');

const binary = process.argv[2];
if (!binary) {
  console.error('usage: node compat.js path/to/hindsight');
  process.exit(2);
}

let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) return passed++, true;
  failed++;
  console.log(`FAIL ${what}${detail ? `\n     ${detail}` : ''}`);
  return false;
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (s) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 80));
  return `first difference at character ${i}:\n     lunr.js:   ${around(a)}\n     hindsight: ${around(b)}`;
}

function compareIndexes(set, config, seed) {
  const label = `${set.name} [${config.fields.map((f) => f.name + (f.boost !== undefined ? `^${f.boost}` : '')).join(' ')}` +
    `${config.whitelist.length ? ` whitelist=${config.whitelist.join(',')}` : ''}]`;
  const failedBefore = failed;
  const ours = runHindsight(binary, indexArgs(config), JSON.stringify(set.docs));
  if (!check(ours.code === 0, `${label}: hindsight index exits 0`, ours.stderr)) return;
  const theirs = buildWithLunr(set.docs, config);
  const expected = JSON.stringify(theirs);
  check(ours.stdout === expected, `${label}: identical JSON`, ours.stdout === expected ? '' : firstDifference(expected, ours.stdout));

  let ourLoaded, theirLoaded;
  try {
    ourLoaded = lunr.Index.load(JSON.parse(ours.stdout));
    theirLoaded = lunr.Index.load(JSON.parse(expected));
  } catch (e) {
    return check(false, `${label}: lunr.Index.load accepts our index`, e.message);
  }
  // Our index, loaded, against lunr's: loaded from its JSON and as its builder made it.
  const queries = generateQueries(set.docs, config, 60, seed);
  let differing = 0;
  for (const q of queries) {
    const got = answer(ourLoaded, q), loaded = answer(theirLoaded, q), built = answer(theirs, q);
    const same = got === loaded && got === built;
    const detail = same || differing++ >= 3 ? '' : `lunr.js: ${built.slice(0, 300)}\n     ours:    ${got.slice(0, 300)}`;
    check(same, `${label}: query ${JSON.stringify(q)}`, detail);
  }
  console.log(`${failed > failedBefore ? 'FAIL' : 'ok  '} ${label}: ${set.docs.length} documents, ${queries.length} queries`);
}

function compareStemmer() {
  const words = stemmerVocabulary();
  const ours = runHindsight(binary, ['index', '--stem'], JSON.stringify(words));
  if (!check(ours.code === 0, 'hindsight index --stem exits 0', ours.stderr)) return;
  const stems = JSON.parse(ours.stdout);
  let differing = 0;
  words.forEach((w, i) => {
    const want = lunr.stemmer(new lunr.Token(w)).toString();
    if (want === stems[i]) return passed++;
    failed++;
    if (differing++ < 20) console.log(`FAIL stem ${JSON.stringify(w)}: lunr.js ${JSON.stringify(want)}, ours ${JSON.stringify(stems[i])}`);
  });
  console.log(`${differing ? 'FAIL' : 'ok  '} stemmer: ${words.length} words, ${differing} differ`);
}

function compareCommandLine() {
  const run = (args, input) => runHindsight(binary, ['index', ...args], input);
  const cases = [
    ['no --field is a usage error', run([], '[]'), 2, /--field/],
    ['a field with / is a usage error', run(['--field', 'a/b'], '[]'), 2, /a\/b/],
    ['a field named _index is a usage error', run(['--field', '_index'], '[]'), 2, /_index/],
    ['a field named toString is a usage error', run(['--field', 'toString'], '[]'), 2, /toString/],
    ['a boost that is not a number is a usage error', run(['--field', 'title:ten'], '[]'), 2, /title:ten/],
    ['an unknown option is a usage error', run(['--field', 'a', '--frobnicate'], '[]'), 2, /frobnicate/],
    ['bad JSON gives line and column', run(['--field', 'a'], '[\n  {"id": 1,}\n]'), 1, /^stdin:2:\d+: error: /],
    ['a document that is not an object', run(['--field', 'a'], '[{"id": 1}, 2]'), 1, /document 2: expected an object/],
    ['a document without its ref', run(['--field', 'a'], '[{"a": "x"}]'), 1, /document 1: "id"/],
    ['a boost that is not a number', run(['--field', 'a', '--boost-field', 'b'], '[{"id": 1, "b": "2"}]'), 1, /"b" must be a number/],
    ['not an array', run(['--field', 'a'], '{"id": 1}'), 1, /expected a JSON array/],
  ];
  for (const [what, r, code, pattern] of cases)
    check(r.code === code && pattern.test(r.stderr) && r.stdout === '', `command line: ${what}`,
          `exit ${r.code}, stderr ${JSON.stringify(r.stderr)}, stdout ${JSON.stringify(r.stdout.slice(0, 100))}`);
  const help = runHindsight(binary, ['index', '--help'], '');
  check(help.code === 0 && /--boost-field/.test(help.stdout) && !/--stem/.test(help.stdout), 'command line: --help documents --boost-field');
  const ref = run(['--ref', 'key', '--field', 'a'], '[{"key": "k1", "a": "hello"}]');
  const expected = JSON.stringify(buildWithLunr([{ key: 'k1', a: 'hello' }], { ref: 'key', fields: [{ name: 'a' }] }));
  check(ref.code === 0 && ref.stdout === expected, 'command line: --ref names the ref property');
}

const started = Date.now();
let seed = 1;
for (const set of sets()) for (const config of set.configs) compareIndexes(set, config, seed++);
compareStemmer();
compareCommandLine();
console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
