// The search page: lunr indexes built by Hindsight, facets from search/meta.json. Everything
// from the indexes is put into the page as text, never as HTML.
(function () {
  'use strict';
  var box = document.getElementById('hs-search');
  if (!box || !window.lunr) return;
  var root = box.getAttribute('data-root') || '';
  var input = document.getElementById('hs-q');
  var status = document.getElementById('hs-status');
  var list = document.getElementById('hs-results');
  var selects = box.querySelectorAll('select[data-facet]');
  var meta = null, byId = {}, titles = null, full = null, fullRequested = false;

  function get(path) {
    return fetch(root + path).then(function (r) {
      if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
      return r.json();
    });
  }

  function params() {
    var p = new URLSearchParams(location.search), out = { q: p.get('q') || '' };
    selects.forEach(function (s) { out[s.dataset.facet] = p.get(s.dataset.facet) || ''; });
    return out;
  }

  function saveParams(p) {
    var q = new URLSearchParams();
    Object.keys(p).forEach(function (k) { if (p[k]) q.set(k, p[k]); });
    history.replaceState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
  }

  function facetValues(doc, facet) {
    switch (facet) {
      case 'service': return doc.services;
      case 'category': return [doc.category];
      case 'severity': return [doc.severity];
      case 'tag': return doc.tags;
      case 'year': return [String(doc.year)];
    }
    // A custom enum field (`fields:` in hindsight.yaml): `field.<key>`.
    if (facet.indexOf('field.') === 0) {
      var value = doc.fields && doc.fields[facet.slice(6)];
      return value ? [value] : [];
    }
    return [];
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The query's plain words, for highlighting: syntax stripped, lower case.
  function queryWords(q) {
    return q.toLowerCase().split(/\s+/).map(function (t) {
      return t.replace(/^[+-]/, '').replace(/^[a-z_]+:/, '').replace(/[~^].*$/, '').replace(/\*/g, '');
    }).filter(function (t) { return t.length > 1; });
  }

  function highlighted(text, words) {
    var frag = document.createDocumentFragment();
    text.split(/(\s+)/).forEach(function (part) {
      var lower = part.toLowerCase().replace(/^[^a-z0-9]+/, '');
      var hit = words.some(function (w) { return lower.indexOf(w.slice(0, Math.max(3, w.length - 2))) === 0; });
      frag.appendChild(hit ? el('mark', '', part) : document.createTextNode(part));
    });
    return frag;
  }

  function fillFacets(docs, p) {
    selects.forEach(function (s) {
      var counts = {};
      docs.forEach(function (d) { facetValues(d, s.dataset.facet).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; }); });
      var keep = p[s.dataset.facet];
      while (s.options.length > 1) s.remove(1);
      Object.keys(counts).sort().forEach(function (v) {
        var o = el('option', '', v + ' (' + counts[v] + ')');
        o.value = v;
        s.appendChild(o);
      });
      if (keep && !counts[keep]) { var o = el('option', '', keep + ' (0)'); o.value = keep; s.appendChild(o); }
      s.value = keep;
    });
  }

  function render() {
    var p = params();
    input.value = p.q;
    list.textContent = '';
    if (!meta) return;
    if (!p.q.trim()) {
      fillFacets([], p);
      status.textContent = 'Type a query to search ' + meta.length + ' post-mortems.';
      return;
    }
    var index = full || titles, hits;
    try {
      hits = index.search(p.q);
    } catch (e) {
      status.textContent = 'That query does not parse: ' + e.message + '. See “How to search” below.';
      return;
    }
    var docs = hits.map(function (h) { return byId[h.ref]; }).filter(Boolean);
    // An id typed as it is (PM-011) goes first: lunr splits it into "pm" and "011".
    var exact = meta.filter(function (d) { return d.id.toLowerCase() === p.q.trim().toLowerCase(); })[0];
    if (exact) docs = [exact].concat(docs.filter(function (d) { return d !== exact; }));
    fillFacets(docs, p);
    var filtered = docs.filter(function (d) {
      return Array.prototype.every.call(selects, function (s) {
        var want = p[s.dataset.facet];
        return !want || facetValues(d, s.dataset.facet).indexOf(want) >= 0;
      });
    });
    var words = queryWords(p.q);
    filtered.forEach(function (d) {
      var li = el('li', 'card search-result');
      var m = el('div', 'card-meta');
      m.appendChild(el('span', 'badge ' + d.severity_class, d.severity));
      m.appendChild(el('time', '', d.date));
      m.appendChild(el('span', 'pm-id', d.id));
      li.appendChild(m);
      var h = el('h2', 'card-title'), a = el('a');
      a.href = root + d.url;
      a.appendChild(highlighted(d.title, words));
      h.appendChild(a);
      li.appendChild(h);
      if (d.snippet) { var s = el('p', 'card-summary'); s.appendChild(highlighted(d.snippet, words)); li.appendChild(s); }
      var t = el('div', 'card-tags');
      d.service_names.concat([d.category]).forEach(function (n) { t.appendChild(el('span', 'chip', n)); });
      li.appendChild(t);
      list.appendChild(li);
    });
    var filters = Array.prototype.some.call(selects, function (s) { return p[s.dataset.facet]; });
    if (filtered.length) {
      status.textContent = filtered.length + (filtered.length === 1 ? ' post-mortem' : ' post-mortems') +
        ' for “' + p.q + '”' + (full ? '' : ' (titles so far; full text loading…)');
    } else {
      status.textContent = 'No post-mortems match “' + p.q + '”' + (filters ? ' with these filters. Try removing a filter.' : '.') +
        (full ? '' : ' Full text is still loading…');
    }
    if (!full && !fullRequested) loadFull();
  }

  function loadFull() {
    fullRequested = true;
    get('search/full.json').then(function (data) { full = lunr.Index.load(data); render(); })
      .catch(function (e) { status.textContent += ' (full-text index unavailable: ' + e.message + ')'; });
  }

  box.querySelector('form').addEventListener('submit', function (e) {
    e.preventDefault();
    var p = params();
    p.q = input.value;
    saveParams(p);
    render();
  });
  selects.forEach(function (s) {
    s.addEventListener('change', function () {
      var p = params();
      p[s.dataset.facet] = s.value;
      saveParams(p);
      render();
    });
  });

  Promise.all([get('search/meta.json'), get('search/titles.json')]).then(function (r) {
    meta = r[0];
    meta.forEach(function (d) { byId[d.id] = d; });
    titles = lunr.Index.load(r[1]);
    render();
  }).catch(function (e) {
    status.textContent = location.protocol === 'file:'
      ? 'Search needs the site served over HTTP (GitHub Pages, or `hindsight serve`).'
      : 'The search index could not be loaded: ' + e.message;
  });
})();
