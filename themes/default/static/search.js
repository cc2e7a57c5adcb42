// The search page: lunr indexes built by Hindsight, facets from search/meta.json. Everything
// from the indexes is put into the page as text, never as HTML.
//
// What is downloaded when: meta.json (one line per post-mortem: facets, ids, owners, tickets)
// and titles.json (a lunr index of ids, titles, services, category and tags) on page load;
// full.json (every field, body included) on the first query. A query that names a field only
// full.json has (owners:, body:, …) waits for it, so a shared link answers as it would later.
(function () {
  'use strict';
  var box = document.getElementById('hs-search');
  if (!box || !window.lunr) return;
  var root = box.getAttribute('data-root') || '';
  var input = document.getElementById('hs-q');
  var status = document.getElementById('hs-status');
  var list = document.getElementById('hs-results');
  var more = document.getElementById('hs-more');
  var selects = box.querySelectorAll('select[data-facet]');
  var meta = null, byId = {}, titles = null, full = null, fullRequested = false, fullFailed = '';
  var page = 100, shown = page, typing = null;

  // Fields an exact token can be looked up in, and where meta.json keeps them.
  var exactFields = {
    id: function (d) { return [d.id]; },
    severity: function (d) { return [d.severity]; },
    services: function (d) { return d.services; },
    owners: function (d) { return d.owners || []; },
    tags: function (d) { return d.tags; },
    tickets: function (d) { return d.tickets || []; }
  };

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

  function matchesFacets(d, p, except) {
    return Array.prototype.every.call(selects, function (s) {
      var want = p[s.dataset.facet];
      return s === except || !want || facetValues(d, s.dataset.facet).indexOf(want) >= 0;
    });
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

  // Standard faceted search: each facet counts the documents the query and every *other* chosen
  // facet leave, so its numbers say what choosing a value would show.
  function fillFacets(base, p) {
    selects.forEach(function (s) {
      var counts = {};
      base.forEach(function (d) {
        if (!matchesFacets(d, p, s)) return;
        facetValues(d, s.dataset.facet).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
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

  // Why lunr cannot run `q` on `index`, or '' if it can.
  function parseProblem(index, q) {
    try {
      new lunr.QueryParser(q, new lunr.Query(index.fields)).parse();
      return '';
    } catch (e) {
      return e.message || String(e);
    }
  }

  // Post-mortems whose id, ticket key, severity, service id, owner handle or tag is a
  // word of the query as typed (`owners:priya.raman` looks in that field only): these go first.
  function exactMatches(q) {
    var tokens = q.trim().split(/\s+/).filter(function (t) { return t && t[0] !== '-'; });
    var score = {};
    tokens.forEach(function (t) {
      t = t.replace(/^\+/, '').toLowerCase();
      var field = null, colon = t.indexOf(':');
      if (colon > 0 && exactFields[t.slice(0, colon)]) { field = t.slice(0, colon); t = t.slice(colon + 1); }
      if (!t) return;
      meta.forEach(function (d) {
        var fields = field ? [field] : Object.keys(exactFields);
        var hit = fields.some(function (f) {
          return exactFields[f](d).some(function (v) { return String(v).toLowerCase() === t; });
        });
        if (hit) score[d.id] = (score[d.id] || 0) + 1;
      });
    });
    return meta.filter(function (d) { return score[d.id]; })
      .sort(function (a, b) { return score[b.id] - score[a.id]; });  // stable: newest first
  }

  // The post-mortems a query finds, best first; null while the index it needs is loading.
  function search(q) {
    var problemFull = full ? parseProblem(full, q) : null;
    var index = full && !problemFull ? full : null;
    if (!index) {
      var problemTitles = parseProblem(titles, q);
      if (!problemTitles) index = titles;
      else if (!full && !fullFailed) { loadFull(); return null; }  // a field only full.json has
      else throw new Error(problemFull || problemTitles);
    }
    var hits = index.search(q).map(function (h) { return byId[h.ref]; }).filter(Boolean);
    var exact = exactMatches(q);
    if (/(^|\s)-/.test(q)) {  // an excluded word: exact matches must pass lunr too
      var found = {};
      hits.forEach(function (d) { found[d.id] = true; });
      exact = exact.filter(function (d) { return found[d.id]; });
    }
    var first = {};
    exact.forEach(function (d) { first[d.id] = true; });
    return exact.concat(hits.filter(function (d) { return !first[d.id]; }));
  }

  // "Put a word after title:"-style advice for lunr's parse errors.
  function advice(message) {
    var field = /unrecognised field '([^']*)'/.exec(message);
    if (field) {
      var fields = (full || titles).fields.join(', ');
      return '“' + field[1] + '” is not a field here; the fields are ' + fields + '.';
    }
    return 'That query does not parse (' + message + '). Put a word after a field name and ' +
      'after + or -, and use ~ and ^ only after a word; see “How to search” below.';
  }

  function card(d, words) {
    var li = el('li', 'card search-result');
    var m = el('div', 'card-meta');
    m.appendChild(el('span', 'badge ' + d.severity_class, d.severity));
    var time = el('time', '', d.date);
    time.setAttribute('datetime', d.date);
    m.appendChild(time);
    m.appendChild(el('span', 'pm-id', d.id));
    if (d.status && d.status !== 'published') m.appendChild(el('span', 'status-pill', d.status.replace('-', ' ')));
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
    return li;
  }

  function plural(n) { return n + (n === 1 ? ' post-mortem' : ' post-mortems'); }

  function render() {
    var p = params();
    if (document.activeElement !== input) input.value = p.q;
    list.textContent = '';
    more.hidden = true;
    if (!meta) return;
    var filters = Array.prototype.filter.call(selects, function (s) { return p[s.dataset.facet]; })
      .map(function (s) { return p[s.dataset.facet]; });
    var base;
    if (p.q.trim()) {
      try {
        base = search(p.q);
      } catch (e) {
        fillFacets([], p);
        status.textContent = advice(e.message);
        return;
      }
      if (!base) {
        status.textContent = 'Loading the full-text index to search “' + p.q + '”…';
        return;
      }
    } else {
      base = meta;  // browsing by facets: newest first
    }
    fillFacets(base, p);
    if (!p.q.trim() && !filters.length) {
      status.textContent = 'Type a query, or choose a filter to browse all ' + plural(meta.length) + '.';
      return;
    }
    var results = base.filter(function (d) { return matchesFacets(d, p, null); });
    var words = queryWords(p.q);
    results.slice(0, shown).forEach(function (d) { list.appendChild(card(d, words)); });
    more.hidden = results.length <= shown;
    var what = p.q.trim() ? ' for “' + p.q + '”' : '';
    var within = filters.length ? ' with ' + filters.join(', ') : '';
    if (results.length) {
      status.textContent = plural(results.length) + what + within +
        (p.q.trim() ? '' : ', newest first') +
        (results.length > shown ? ' (showing ' + shown + ')' : '') +
        (full || !p.q.trim() ? '' : ' (titles so far; full text loading…)');
    } else {
      status.textContent = 'No post-mortems match' + (what || within) +
        (filters.length && p.q.trim() ? ' with these filters. Try removing a filter.' : '.') +
        (full || !p.q.trim() ? '' : ' Full text is still loading…');
    }
    if (p.q.trim() && !full && !fullRequested) loadFull();
  }

  function loadFull() {
    if (fullRequested) return;
    fullRequested = true;
    get('search/full.json').then(function (data) { full = lunr.Index.load(data); render(); })
      .catch(function (e) {
        fullFailed = e.message;
        render();
        status.textContent += ' (full-text index unavailable: ' + e.message + ')';
      });
  }

  function runQuery() {
    var p = params();
    p.q = input.value;
    saveParams(p);
    shown = page;
    render();
  }

  box.querySelector('form').addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(typing);
    runQuery();
  });
  // Results as you type, once typing pauses.
  input.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(runQuery, 200);
  });
  selects.forEach(function (s) {
    s.addEventListener('change', function () {
      var p = params();
      p[s.dataset.facet] = s.value;
      saveParams(p);
      shown = page;
      render();
    });
  });
  more.addEventListener('click', function () {
    var links = list.querySelectorAll('a');
    shown += page;
    render();
    var next = list.querySelectorAll('a')[links.length];
    if (next) next.focus();
  });

  // Keyboard: ↓ from the box to the first result, ↑ ↓ between results, Esc back to the box.
  function resultLinks() { return Array.prototype.slice.call(list.querySelectorAll('.card-title a')); }
  input.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowDown') return;
    var links = resultLinks();
    if (links.length) { e.preventDefault(); links[0].focus(); }
  });
  list.addEventListener('keydown', function (e) {
    var links = resultLinks(), at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === 'ArrowDown' && at + 1 < links.length) { e.preventDefault(); links[at + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
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
