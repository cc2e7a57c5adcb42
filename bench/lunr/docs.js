// Synthetic post-mortem-like documents for the benchmark: a title of about 8 words and a body of
// about 600, drawn Zipf-like from the sample knowledge base's words plus generated jargon, so the
// vocabulary keeps growing with the number of documents as a real knowledge base's does.
'use strict';

const { random } = require('../../tests/lunr/lib');
const { samplePostmortems } = require('../../tests/lunr/docsets');

function vocabulary(rnd, size) {
  const words = new Set();
  for (const doc of samplePostmortems())
    for (const w of `${doc.title} ${doc.body}`.split(/[\s\-]+/)) if (/^[\p{L}\p{N}'.,:;()]+$/u.test(w)) words.add(w);
  const syllables = ['ka', 'lo', 'ser', 'vice', 'data', 'node', 'pro', 'xy', 'tim', 'eout', 'ret', 'ry',
                     'que', 'ue', 'shard', 'lat', 'ency', 'db', 'api', 'auth', 'mem', 'cpu', 'disk', 'net'];
  const list = [...words];
  while (list.length < size) {
    let w = '';
    for (let n = 2 + rnd.int(3); n > 0; n--) w += rnd.pick(syllables);
    list.push(rnd() < 0.2 ? `${w}-${rnd.int(100)}` : w);
  }
  return list;
}

function syntheticDocs(count, seed = 42) {
  const rnd = random(seed);
  const vocab = vocabulary(rnd, 60000);
  // Zipf: the word of rank r is drawn with probability ∝ 1/r.
  const cumulative = [];
  let total = 0;
  for (let r = 1; r <= vocab.length; r++) cumulative.push((total += 1 / r));
  const word = () => {
    const x = rnd() * total;
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1; else hi = mid;
    }
    return vocab[lo];
  };
  const text = (n) => Array.from({ length: n }, word).join(' ');
  return Array.from({ length: count }, (_, i) => ({
    id: `PM-${String(i + 1).padStart(5, '0')}`,
    title: text(5 + rnd.int(7)),
    body: text(550 + rnd.int(100)),
  }));
}

module.exports = { syntheticDocs };
