// The search page, on search-core.js (meta.json, the index's shards on demand) and lunr.js.
// Everything from the indexes is put into the page as text, never as HTML.
//
// What is downloaded when: meta.json (facets, result cards, exact tokens) and index.json (which
// terms each shard holds) with the page; for a query, only the index shards its terms fall in
// (a typo query `~1` needs them all); for the results shown, the files holding their summaries.
(function () {
  'use strict';
  var box = document.getElementById('hs-search');
  if (!box || !window.lunr || !window.HindsightSearch) return;
  var root = box.getAttribute('data-root') || '';
  var input = document.getElementById('hs-q');
  var status = document.getElementById('hs-status');
  var list = document.getElementById('hs-results');
  var more = document.getElementById('hs-more');
  var selects = box.querySelectorAll('select[data-facet]');
  var core = new HindsightSearch(root), meta = null, page = 100, shown = page, typing = null;
  var latest = 0;  // the render whose answer may still be shown

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

  // "Put a word after title:"-style advice for lunr's parse errors.
  function advice(message) {
    var field = /unrecognised field '([^']*)'/.exec(message);
    if (field)
      return '“' + field[1] + '” is not a field here; the fields are ' + core.fields.join(', ') + '.';
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
    var p = params(), mine = ++latest;
    if (document.activeElement !== input) input.value = p.q;
    if (!meta) return Promise.resolve();
    var filters = Array.prototype.filter.call(selects, function (s) { return p[s.dataset.facet]; })
      .map(function (s) { return p[s.dataset.facet]; });
    if (!p.q.trim()) { show(p, filters, meta); return Promise.resolve(); }  // browsing by facets
    status.textContent = 'Loading what “' + p.q + '” needs…';
    return core.search(p.q).then(function (found) {
      if (mine === latest) show(p, filters, found);
    }, function (e) {
      if (mine !== latest) return;
      list.textContent = '';
      more.hidden = true;
      fillFacets([], p);
      status.textContent = e instanceof lunr.QueryParseError ? advice(e.message)
        : 'The search index could not be loaded: ' + e.message;
    });
  }

  function show(p, filters, base) {
    list.textContent = '';
    more.hidden = true;
    fillFacets(base, p);
    if (!p.q.trim() && !filters.length) {
      status.textContent = 'Type a query, or choose a filter to browse all ' + plural(meta.length) + '.';
      return;
    }
    var results = base.filter(function (d) { return matchesFacets(d, p, null); });
    var words = queryWords(p.q), visible = results.slice(0, shown), mine = latest;
    visible.forEach(function (d) { list.appendChild(card(d, words)); });
    more.hidden = results.length <= shown;
    // Summaries follow as their files arrive.
    core.snippets(visible).then(function () {
      if (mine !== latest) return;
      list.querySelectorAll('li').forEach(function (li, k) {
        var d = visible[k];
        if (!d.snippet || li.querySelector('.card-summary')) return;
        var s = el('p', 'card-summary');
        s.appendChild(highlighted(d.snippet, words));
        li.insertBefore(s, li.querySelector('.card-tags'));
      });
    }, function () {});
    var what = p.q.trim() ? ' for “' + p.q + '”' : '';
    var within = filters.length ? ' with ' + filters.join(', ') : '';
    if (results.length) {
      status.textContent = plural(results.length) + what + within + (p.q.trim() ? '' : ', newest first') +
        (results.length > shown ? ' (showing ' + shown + ')' : '');
    } else {
      status.textContent = 'No post-mortems match' + (what || within) +
        (filters.length && p.q.trim() ? ' with these filters. Try removing a filter.' : '.');
    }
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
    var before = list.querySelectorAll('.card-title a').length;
    shown += page;
    render().then(function () {  // focus the first result the click added
      var next = list.querySelectorAll('.card-title a')[before];
      if (next) next.focus();
    });
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

  core.ready().then(function () {
    meta = core.meta;
    render();
  }, function (e) {
    status.textContent = location.protocol === 'file:'
      ? 'Search needs the site served over HTTP (GitHub Pages, or `hindsight serve`).'
      : 'The search index could not be loaded: ' + e.message;
  });
})();
