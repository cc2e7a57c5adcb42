// The search page's sharded index against the whole index, in lunr.js itself (Debian's
// node-lunr): a knowledge base of 350 synthetic post-mortems (4 shards) is built, and for
// hundreds of queries of every kind the shards search-core.js picks and merges must give the
// same documents, in the same order, with the same scores, as every shard merged (which the
// unit test search::shards checks is the whole index). Single-word queries must fetch one shard.
//   node tests/lunr/shards.js HINDSIGHT_BINARY REPO_ROOT
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

process.noDeprecation = true;
const lunr = require('/usr/share/nodejs/lunr/index.js');

const [bin, repo] = process.argv.slice(2);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-shards-'));
let passed = 0, failed = 0;
function check(what, ok, detail) {
  if (ok) passed++; else { failed++; if (failed <= 20) console.log('FAIL: ' + what + (detail ? ' — ' + detail : '')); }
}

(async () => {
  try {
    execFileSync('python3', [path.join(repo, 'bench/make_corpus.py'), path.join(dir, 'kb'), '350'], { stdio: 'ignore' });
    try {
      execFileSync(bin, ['build', '-C', path.join(dir, 'kb'), '--out', path.join(dir, 'site'), '--no-cache'], { stdio: 'ignore' });
    } catch (e) {
      if (e.status !== 3) throw e;
    }
    const site = path.join(dir, 'site');
    const shardCount = fs.readdirSync(path.join(site, 'search/index')).length;
    check('350 post-mortems make 4 shards', shardCount === 4, String(shardCount));

    // search-core.js as the browser runs it, with files read from the site.
    global.window = global;
    global.lunr = lunr;
    const fetched = [];
    global.fetch = (url) => {
      fetched.push(url);
      return Promise.resolve({ ok: true, json: () => JSON.parse(fs.readFileSync(path.join(site, url), 'utf8')) });
    };
    require(path.join(repo, 'themes/default/static/search-core.js'));
    const HindsightSearch = global.HindsightSearch;

    const everything = new HindsightSearch('');
    await everything.ready();
    await everything.loadShards(everything.manifest.shards.map((_, i) => i));
    const whole = everything.mergedIndex();

    // The whole index lists field vectors post-mortem by post-mortem (meta.json's order), field
    // by field; the merge must too (it decides the order of equal scores).
    const place = (ref) => [everything.position[ref.slice(ref.indexOf('/') + 1)],
                            everything.fields.indexOf(ref.slice(0, ref.indexOf('/')))];
    const refs = Object.keys(whole.fieldVectors);
    check('merged field vectors keep the whole index\'s order', refs.length > 350 && refs.every((r, i) => {
      if (!i) return true;
      const a = place(refs[i - 1]), b = place(r);
      return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    }));

    // Queries: words from every shard, prefixes, pairs, required and excluded words, fields,
    // typos, boosts, and words no shard has.
    const terms = Object.keys(whole.invertedIndex).filter((t) => /^[a-z][a-z0-9]{2,}$/.test(t)).sort();
    let seed = 7;
    const pick = () => terms[(seed = (seed * 1103515245 + 12345) % 2147483648) % terms.length];
    const queries = [];
    for (let i = 0; i < 80; i++) queries.push(pick());
    for (let i = 0; i < 30; i++) queries.push(pick().slice(0, 3) + '*');
    for (let i = 0; i < 40; i++) queries.push(pick() + ' ' + pick());
    for (let i = 0; i < 20; i++) queries.push('+' + pick() + ' -' + pick());
    for (let i = 0; i < 20; i++) queries.push('title:' + pick() + ' body:' + pick());
    for (let i = 0; i < 10; i++) queries.push(pick() + '~1');
    for (let i = 0; i < 10; i++) queries.push(pick() + '^10 ' + pick());
    queries.push('-' + pick(), 'zzzzqqq', 'incident', 'svc*', '*ment', 'checkout timeout');

    let singleWordShards = 0, singleWords = 0;
    for (const q of queries) {
      const mine = new HindsightSearch('');
      await mine.ready();
      const before = fetched.length;
      const ids = mine.shardsFor(mine.parse(q));
      await mine.loadShards(ids);
      const index = mine.mergedIndex();
      const got = index ? index.search(q) : [];
      const want = whole.search(q);
      const same = got.length === want.length &&
        got.every((h, i) => h.ref === want[i].ref && h.score === want[i].score);
      check(`"${q}" answers as the whole index does (${ids.length} shard(s))`, same,
            got.slice(0, 5).map((h) => h.ref + ' ' + h.score).join(', ') + ' vs ' +
            want.slice(0, 5).map((h) => h.ref + ' ' + h.score).join(', '));
      if (/^[a-z0-9]+$/.test(q)) {
        singleWords++;
        singleWordShards += fetched.slice(before).filter((u) => u.startsWith('search/index/')).length;
      }
    }
    check('a one-word query fetches one shard', singleWordShards <= singleWords, `${singleWordShards} for ${singleWords}`);
  } catch (e) {
    failed++;
    console.log('FAIL: ' + (e.stack || e.message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`shards: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
