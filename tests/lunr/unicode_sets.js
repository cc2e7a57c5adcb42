// Documents that put every code point toLowerCase changes, and every code point that is Cased or
// Case_Ignorable next to a Greek capital sigma, through the index: as list elements (lower-cased
// whole, never split) and as text (lower-cased whole, then split, positions in UTF-16 units).
// ASCII letters around each one keep the trimmer from removing it.
'use strict';

function codePoints(test) {
  const out = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (test(String.fromCodePoint(cp))) out.push(String.fromCodePoint(cp));
  }
  return out;
}

function changedByToLowerCase() {
  return codePoints((c) => c.toLowerCase() !== c);
}

// With C next to Σ, the sigma is final (ς) or not (σ) depending on whether C is cased,
// case-ignorable (skipped), or neither.
function sigmaContexts() {
  const cased = /\p{Cased}/u, ignorable = /\p{Case_Ignorable}/u;
  const interesting = codePoints((c) => cased.test(c) || ignorable.test(c));
  return interesting.flatMap((c) => [`x${c}Σ1`, `1${c}Σ1`, `aΣ${c}1`, `aΣ${c}b`]);
}

function exhaustiveDocs() {
  const changed = changedByToLowerCase().map((c) => `q${c}q`);
  const sigma = sigmaContexts();
  return [
    { id: 'lower', list: changed, text: changed.join(' ') },
    { id: 'sigma', list: sigma, text: sigma.join(' ') },
  ];
}

module.exports = { exhaustiveDocs, changedByToLowerCase };
