// A vocabulary of tens of thousands of words for comparing the stemmer with lunr.stemmer, made at
// test time (nothing large is committed): whatever English text the machine has, the repository's
// Markdown, systematic suffix combinations, and random strings that probe the corners of lunr's
// regular expressions (initial y, line terminators, characters outside a–z).
'use strict';

const fs = require('fs');
const path = require('path');
const { random } = require('./lib');
const { markdownFiles, ROOT } = require('./docsets');

const SUFFIXES = [
  '', 's', 'es', 'ies', 'sses', 'ss', 'ed', 'eed', 'ing', 'er', 'ers', 'ly', 'y', 'ness', 'ful',
  'fulness', 'ational', 'tional', 'ization', 'ation', 'ations', 'ator', 'alism', 'iveness',
  'ousness', 'aliti', 'iviti', 'biliti', 'bli', 'logi', 'alli', 'entli', 'eli', 'ousli', 'enci',
  'anci', 'izer', 'ical', 'icate', 'ative', 'alize', 'iciti', 'ance', 'ence', 'able', 'ible',
  'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion', 'sion', 'tion',
  'al', 'ic', 'ou', 'e', 'le', 'll', 'ling', 'izing', 'ating', 'bling', 'ably', 'ically', 'lessly',
];
const ROOTS = [
  'abate', 'agree', 'bleed', 'care', 'cry', 'dye', 'feed', 'fill', 'generate', 'happy', 'hope',
  'hop', 'relate', 'rate', 'sky', 'try', 'yield', 'yell', 'youth', 'conditional', 'sensible',
  'connect', 'control', 'roll', 'fall', 'size', 'fizz', 'fail', 'file', 'filing', 'adjust',
  'depend', 'effect', 'irritant', 'replace', 'probate', 'rate', 'cease', 'controll', 'electric',
  'hope', 'formal', 'sense', 'digit', 'vietnam', 'predicate', 'operate', 'analog', 'tyre', 'yoyo',
];

function textSources() {
  const files = [];
  if (fs.existsSync('/usr/share/dict/words')) files.push('/usr/share/dict/words');
  files.push(...markdownFiles(ROOT));
  files.push('/usr/share/nodejs/lunr/index.js');
  if (fs.existsSync('/usr/share/doc')) {
    for (const pkg of fs.readdirSync('/usr/share/doc').sort()) {
      const f = path.join('/usr/share/doc', pkg, 'copyright');
      if (fs.existsSync(f)) files.push(f);
    }
  }
  return files;
}

function corpusWords(limitBytes) {
  const counts = new Map();
  let bytes = 0;
  for (const file of textSources()) {
    if (bytes > limitBytes) break;
    let text;
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    bytes += text.length;
    for (const w of text.toLowerCase().match(/\p{L}+/gu) || []) counts.set(w, (counts.get(w) || 0) + 1);
  }
  return counts;
}

function randomWords(count, seed) {
  const rnd = random(seed);
  const common = 'aeiouybcdlmnrstzwxg';
  const rare = ['Y', '\n', '\r', '\u2028', '\u2029', 'é', 'ÿ', '😀', '1', '_', ' ', 'ı', 'ς'];
  const endings = SUFFIXES.filter((s) => s.length > 1);
  const words = [];
  for (let i = 0; i < count; i++) {
    let w = '';
    const n = 1 + rnd.int(9);
    for (let k = 0; k < n; k++) w += rnd() < 0.1 ? rnd.pick(rare) : common[rnd.int(common.length)];
    if (rnd() < 0.6) w += rnd.pick(endings);
    if (rnd() < 0.15) w = 'y' + w;
    words.push(w);
  }
  return words;
}

function stemmerVocabulary() {
  const counts = corpusWords(40e6);
  const words = new Set(counts.keys());
  const bases = [...counts.entries()].filter(([w]) => /^[a-z]{3,}$/.test(w)).sort((a, b) => b[1] - a[1])
    .slice(0, 1500).map(([w]) => w).concat(ROOTS);
  for (const base of bases) {
    for (const suffix of SUFFIXES) {
      words.add(base + suffix);
      if (/e$/.test(base)) words.add(base.slice(0, -1) + suffix);
    }
  }
  for (const w of randomWords(20000, 11)) words.add(w);
  return [...words];
}

module.exports = { stemmerVocabulary };
