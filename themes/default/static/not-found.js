// The 404 page: guesses which post-mortem the visitor wanted from the address they came with
// (an old id, an alias, a mistyped id, an id followed by a title) and offers a link to it. The
// list of ids, titles and aliases is search/ids.json; titles are put in the page as text.
(function () {
  'use strict';
  var box = document.getElementById('hs-suggest');
  if (!box || !window.fetch) return;
  var root = box.getAttribute('data-root') || '';

  function lower(s) { return String(s).toLowerCase(); }
  function slug(s) { return lower(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''); }

  function distance(a, b) {  // Levenshtein, two rows
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++)
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length];
  }

  // The words of the address a visitor may have meant: its path segments, last first.
  function segments() {
    var path = location.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* keep it as written */ }
    return path.split('/').filter(function (s) { return s && s !== 'index.html'; })
      .map(function (s) { return lower(s.replace(/\.html$/, '')); }).reverse();
  }

  // Lower is better; Infinity is no match.
  function score(segment, entry) {
    var best = Infinity;
    var names = [entry[0]].concat((entry[2] || []).map(function (a) {
      return a.replace(/^\/|\/$/g, '').split('/').pop().replace(/\.html$/, '');
    }));
    names.forEach(function (name) {
      name = lower(name);
      if (segment === name) best = Math.min(best, 0);
      else if (segment.indexOf(name) === 0 && /[^a-z0-9]/.test(segment.charAt(name.length))) best = Math.min(best, 1);
      else {
        var d = distance(segment, name);
        if (d <= Math.max(1, Math.floor(name.length / 3))) best = Math.min(best, 3 + d);
      }
    });
    var title = slug(entry[1]);
    if (segment.length >= 8 && title.indexOf(slug(segment)) >= 0) best = Math.min(best, 2);
    return best;
  }

  fetch(root + 'search/ids.json').then(function (r) {
    if (!r.ok) throw new Error('search/ids.json: HTTP ' + r.status);
    return r.json();
  }).then(function (entries) {
    var found = null, best = Infinity;
    segments().forEach(function (segment) {
      entries.forEach(function (entry) {
        var s = score(segment, entry);
        if (s < best) { best = s; found = entry; }
      });
    });
    if (!found) return;
    var link = document.createElement('a');
    link.href = root + 'postmortems/' + encodeURIComponent(found[0]) + '/index.html';
    link.textContent = found[0] + ': ' + found[1];
    box.textContent = 'Were you looking for ';
    box.appendChild(link);
    box.appendChild(document.createTextNode('?'));
    box.hidden = false;
  }).catch(function () { /* no list (opened from disk): the links below still help */ });
})();
