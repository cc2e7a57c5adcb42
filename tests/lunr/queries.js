// Queries in every lunr syntax, generated from a document set's own words: plain terms,
// field:term, +required and -prohibited terms, leading, trailing and inner wildcards, fuzzy ~n,
// boosts ^n, and mixtures of them.
'use strict';

const { random } = require('./lib');

const SPECIAL = /[:~^+\-\\]/g;

function wordsOf(docs, fields) {
  const words = new Set();
  for (const doc of docs) {
    for (const f of fields) {
      const v = doc[f.name];
      if (v === null || v === undefined) continue;
      const parts = Array.isArray(v) ? v.map(String) : String(v).split(/[\s-]+/);
      for (const w of parts) if (w && w.length < 40) words.add(w);
    }
  }
  return [...words];
}

function generateQueries(docs, config, count, seed) {
  const rnd = random(seed);
  const fields = [...new Set(config.fields.map((f) => f.name))];
  const words = wordsOf(docs, config.fields).filter((w) => !/\s/.test(w));
  if (words.length === 0) return ['anything', 'title:anything', '+anything', 'any*'];
  const term = () => rnd.pick(words).replace(SPECIAL, '\\$&');
  const plain = () => rnd.pick(words).replace(/[^\p{L}\p{N}]/gu, '') || 'x';
  const kinds = [
    () => term(),
    () => `${term()} ${term()}`,
    () => `${rnd.pick(fields)}:${term()}`,
    () => `+${term()} ${term()}`,
    () => `-${term()} ${term()}`,
    () => `+${term()} -${term()}`,
    () => `-${term()}`,
    () => { const w = plain(); return `${w.slice(0, 1 + rnd.int(Math.max(1, w.length - 1)))}*`; },
    () => { const w = plain(); return `*${w.slice(rnd.int(Math.max(1, w.length - 1)))}`; },
    () => { const w = plain(); return w.length > 2 ? `${w[0]}*${w[w.length - 1]}` : `${w}*`; },
    () => `${plain()}~1`,
    () => `${plain()}~${rnd.pick([1, 2])} ${term()}`,
    () => `${term()}^10`,
    () => `${term()}^${rnd.int(100)} ${term()}`,
    () => `+${rnd.pick(fields)}:${term()} ${rnd.pick(fields)}:${plain()}*^5 -${term()}~1`,
    () => `${rnd.pick(fields)}:${plain()}~1^3 ${term()}`,
    () => plain().toUpperCase(),
    () => `nosuchword ${term()}`,
  ];
  const queries = [];
  for (let i = 0; i < count; i++) queries.push(kinds[i % kinds.length]());
  return queries;
}

// Everything a search returns: refs, order, scores and match metadata.
function answer(index, query) {
  try {
    return JSON.stringify(index.search(query));
  } catch (e) {
    return `throws ${e.name}: ${e.message}`;
  }
}

module.exports = { generateQueries, answer };
