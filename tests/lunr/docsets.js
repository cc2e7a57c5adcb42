// The document sets compat.js indexes with lunr.js and with `hindsight index`, each with the
// configurations (fields, boosts, metadata whitelist) it is built under.
'use strict';

const fs = require('fs');
const path = require('path');
const { random } = require('./lib');
const unicode = require('./unicode_sets');

const ROOT = path.resolve(__dirname, '../..');
const NO_METADATA = [], POSITIONS = ['position'];

function markdownFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || e.name === 'build' || e.name === 'node_modules') return [];
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

// The sample knowledge base, read roughly: front matter scalars and flow lists, then the body.
function samplePostmortems() {
  return markdownFiles(path.join(ROOT, 'content')).sort().map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const [, front = '', body = text] = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/) || [];
    const scalar = (key) => ((front.match(new RegExp(`^${key}: *"?(.*?)"?$`, 'm')) || [])[1]);
    const list = (key) => (scalar(key) || '').replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter(Boolean);
    const actions = [...front.matchAll(/^ {2}- title: "?(.*?)"?$/gm)].map((m) => m[1]);
    return { id: scalar('id') || path.basename(file, '.md'), title: scalar('title'), summary: scalar('summary'),
             services: list('services'), tags: list('tags'), category: scalar('category'),
             actions: actions.join('\n'), body };
  });
}

const handmadeUnicode = [
  { id: 'u1', título: 'Título único', title: 'Café naïve résumé — Ἀθῆναι', body: 'ΟΔΥΣΣΕΥΣ ΣΊΣΥΦΟΣ ΌΣΟΣ Σ ΑΣ. aΣb κόσμΟΣ1 ΑΣ\u0301 ΑΣ\u0301Β' },
  { id: 'u2', title: 'İstanbul ıspanak DİYARBAKIR Iğdır', body: 'İİİ iı I İ aİb xİ1 i\u0307' },
  { id: 'u3', title: 'Emoji 😀 rocket🚀launch 👩‍👩‍👧 flag 🇹🇷', body: '𐐀𐐁 Deseret 𐐨 x𐐀x 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀😀 a😀b' },
  { id: 'u4', title: '東京 大阪 漢字', body: '中文搜索 日本語のテキスト 한국어 텍스트 x東x' },
  { id: 'u5', title: 'ß ẞ ﬁ ǅ ǈ Ω K Å xẞx', body: 'STRASSE straße ΐ ΰ ﬀ ǄEMAL' },
  { id: 'u6', title: 'sep\u00a0a\u2003b\u3000c\ufeffd\u2028e\u2029f\u202fg\u205fh\u1680i', body: 'zw\u200bsp mvs\u180ex x\u0085y' },
  { id: 'é-ref', title: 'order xａx x😀x x\ue000x x\ud7ffx x\uffffx xzx x\u00e9x', body: 'x\u{10FFFD}x x\u{1F600}\u{1F601}x' },
  { id: '😀', title: 'astral ref', body: ['İSTANBUL', 'ΣΑΣ', 'Ω Ω', 'a\nb', 'x\u2028y'] },
];

const punctuation = [
  { id: 'p1', title: 'well-known state-of-the-art e-mail', body: 'co--op -leading trailing- --- - -- a-b-c' },
  { id: 'p2', title: '3.14 1,000 1e10 0x1F', body: '42 007 -5 +5 $100 100% 2026-04-11T16:10:00Z 1.5.2 v2' },
  { id: 'p3', title: '!!! ... ??? (parenthetical)', body: '[brackets] {braces} "quoted" \'single\' C++ C# .NET node.js foo_bar __init__ a/b a\\b' },
  { id: 'p4', title: 'http://example.com/path?q=1&r=2', body: 'user@example.com #hashtag @mention ~tilde^ caret: colon:' },
  { id: 'p5', title: '_ __ _a_ 9', body: '* ** a*b ^ ~ : + - \\ "' },
  { id: '__proto__', title: 'constructor __proto__ toString', body: 'hasOwnProperty valueOf prototype _index' },
  { id: 'quote"back\\slash\nnew line\u0001\u007f\u2028', title: 'escapes in refs', body: 'tab\there "q" \u0007bell' },
];

const oddValues = [
  { id: 'e1', title: '', body: '' },
  { id: 'e2' },
  { id: 'e3', title: null, body: null },
  { id: 'e4', title: 12345, body: 3.5e-7 },
  { id: 'e5', title: true, body: false },
  { id: 'e6', title: [], body: ['', null, 'Mixed CASE element', 'multi word-element', 7, true, ['nested', 'array', null], {}] },
  { id: 'e7', title: {}, body: 'object above' },
  { id: 'e8', title: '   ', body: '\t\n\r\v\f' },
  { id: 0, title: 'zero ref', body: 1e21 },
  { id: 1.5, title: 'fractional ref', body: -0 },
  { id: 12345678901234567890, title: 'big ref', body: 123456789012345680000 },
];

const boosts = [
  { id: 'b1', title: 'disk full alert', body: 'the disk filled up and alerts fired', tags: ['storage', 'alerting'], weight: 2 },
  { id: 'b2', title: 'disk latency', body: 'latency on the disk of the database', tags: ['storage'], weight: 0 },
  { id: 'b3', title: 'alert storm', body: 'an alert storm paged everyone', tags: ['alerting'], weight: 0.5 },
  { id: 'b4', title: 'database failover', body: 'failover of the database took minutes', tags: [], weight: 1e-3 },
  { id: 'b5', title: 'negative boost', body: 'disk alert database', weight: -1 },
  { id: 'b6', title: 'large boost', body: 'disk disk disk', weight: 100 },
  { id: 'b7', title: 'null boost', body: 'alert database', weight: null },
  { id: 'b8', title: 'missing boost', body: 'storage alert' },
  { id: 'b9', title: 'odd boost', body: 'disk storage failover', weight: 3.7 },
  { id: 'b10', title: 'huge boost', body: 'disk', weight: 1e30 },
];

const numericNames = [
  { id: 10, 2: 'two field text', title: 'ten', 10: 'field ten', 0: 'zero field' },
  { id: 9, 2: 'two again', title: 'nine', 10: 'ten again' },
  { id: '01', 2: 'leading zero ref', title: 'zero one' },
  { id: 4294967294, 2: 'largest array index', title: 'big' },
  { id: 4294967295, 2: 'not an array index', title: 'bigger' },
  { id: 'abc', 2: 'letters', title: 'alpha two' },
  { id: -1, 2: 'negative', title: 'minus two' },
  { id: 0, 2: 'zero', title: 'zero two' },
];

const duplicates = [
  { id: 'd1', title: 'fox fox Fox FOX foxes', body: 'the the the running run runs ran runner' },
  { id: 'd2', title: 'Fox', body: 'fox '.repeat(50) },
  { id: 'd1', title: 'replaced document', body: 'fox appears again in the replacement' },
  { id: 'd3', title: 'fox hunt', body: ['fox', 'fox', 'Fox'] },
  { id: 'd2', title: 'second replacement', body: 'nothing about the animal' },
];

// Words for the generated set: sample prose, Unicode, numbers, punctuation.
function randomDocs(count, seed) {
  const rnd = random(seed);
  const words = samplePostmortems().flatMap((d) => d.body.split(/\s+/)).filter(Boolean).slice(0, 4000);
  const extra = ['ΟΔΥΣΣΕΥΣ', 'İstanbul', 'ıspanak', '😀', 'x😀x', '東京', 'naïve', 'café', '3.14', '1,000',
                 'well-known', '---', '!!!', 'C++', 'the', 'and', 'ﬁle', 'STRASSE', 'ǅ', 'a\u00a0b'];
  const vocab = words.concat(extra, extra, extra);
  const text = (n) => Array.from({ length: n }, () => rnd.pick(vocab)).join(rnd() < 0.9 ? ' ' : '-');
  return Array.from({ length: count }, (_, i) => ({
    id: rnd() < 0.2 ? i : `doc-${i}`,
    title: text(rnd.int(8)),
    body: rnd() < 0.05 ? null : text(rnd.int(120)),
    tags: rnd() < 0.5 ? Array.from({ length: rnd.int(4) }, () => rnd.pick(vocab)) : undefined,
    boost: rnd() < 0.3 ? rnd.int(5) : undefined,
  }));
}

function sets() {
  const sample = samplePostmortems();
  const sampleFields = [{ name: 'title', boost: 10 }, { name: 'summary', boost: 3 }, { name: 'services' },
                        { name: 'category' }, { name: 'tags' }, { name: 'actions' }, { name: 'body' }];
  const titleBody = [{ name: 'title', boost: 10 }, { name: 'body' }];
  const randomFields = [{ name: 'title', boost: 5 }, { name: 'body' }, { name: 'tags', boost: 2 }];
  return [
    { name: 'sample post-mortems', docs: sample, configs: [
      { ref: 'id', fields: sampleFields, whitelist: NO_METADATA },
      { ref: 'id', fields: sampleFields, whitelist: POSITIONS }] },
    { name: 'unicode', docs: handmadeUnicode, configs: [
      { fields: titleBody, whitelist: NO_METADATA }, { fields: titleBody, whitelist: POSITIONS },
      { fields: [{ name: 'título', boost: 2 }, { name: 'body' }], whitelist: ['fields'] }] },
    { name: 'hyphens, numbers, punctuation', docs: punctuation, configs: [
      { fields: titleBody, whitelist: NO_METADATA }, { fields: titleBody, whitelist: POSITIONS }] },
    { name: 'empty and odd values', docs: oddValues, configs: [
      { fields: titleBody, whitelist: NO_METADATA },
      { fields: titleBody, whitelist: ['position', 'index', 'fields', 'position', 'nope', '0'] }] },
    { name: 'field and document boosts', docs: boosts, configs: [
      { fields: [{ name: 'title', boost: 10 }, { name: 'body', boost: 0.5 }, { name: 'tags', boost: 0 }],
        whitelist: NO_METADATA, boostField: 'weight' },
      { fields: [{ name: 'title', boost: 2.5 }, { name: 'body' }, { name: 'tags', boost: -3 }],
        whitelist: POSITIONS, boostField: 'weight' }] },
    { name: 'fields and refs named like numbers', docs: numericNames, configs: [
      { fields: [{ name: 'title' }, { name: '2', boost: 3 }, { name: '10' }, { name: '0' }], whitelist: NO_METADATA },
      { fields: [{ name: '2' }, { name: 'title' }], whitelist: ['position', '0', 'index'] }] },
    { name: 'duplicate terms, refs and fields', docs: duplicates, configs: [
      { fields: [{ name: 'title', boost: 10 }, { name: 'body' }, { name: 'title', boost: 2 }], whitelist: NO_METADATA },
      { fields: titleBody, whitelist: POSITIONS }] },
    { name: 'generated', docs: randomDocs(300, 7), configs: [
      { fields: randomFields, whitelist: NO_METADATA, boostField: 'boost' },
      { fields: randomFields, whitelist: POSITIONS, boostField: 'boost' },
      { fields: randomFields, whitelist: ['position', 'index', 'fields', 'position', 'nope'] }] },
    { name: 'every code point toLowerCase changes, and final sigma', docs: unicode.exhaustiveDocs(), configs: [
      { fields: [{ name: 'list' }, { name: 'text' }], whitelist: POSITIONS }] },
    { name: 'empty', docs: [], configs: [{ fields: titleBody, whitelist: POSITIONS }] },
  ];
}

module.exports = { sets, samplePostmortems, markdownFiles, ROOT };
