// The header's search box on every page: results as you type, through search-core.js (meta.json
// and the index shards a query needs), loaded the first time the box is used. Enter without a chosen result opens
// the search page (full text, facets); ↓ ↑ choose a result, Enter opens it, Esc closes the list.
// Everything from the indexes is put into the page as text, never as HTML.
(function () {
  'use strict';
  var form = document.querySelector('.header-search');
  var input = document.getElementById('hs-header-q');
  var list = document.getElementById('hs-quick');
  if (!form || !input || !list || !window.fetch) return;
  var root = form.getAttribute('data-root') || '';
  var loading = null, core = null, typing = null, active = -1, items = [];
  var shownMax = 8;

  function script(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error(src + ' did not load')); };
      document.head.appendChild(s);
    });
  }

  function load() {
    if (loading) return loading;
    loading = (window.lunr ? Promise.resolve() : script(form.getAttribute('data-lunr')))
      .then(function () { return window.HindsightSearch ? null : script(form.getAttribute('data-core')); })
      .then(function () {
        core = new HindsightSearch(root);
        return core.ready();
      });
    loading.catch(function () { loading = null; });  // try again on the next key
    return loading;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // Exact ids, ticket keys, severities, services, owners and tags first; then lunr over
  // titles, services, category and tags, each word also as a prefix so a half-typed word
  // already matches.
  function find(q) {
    var words = lunr.tokenizer(q).map(function (t) { return t.toString().replace(/[*:~^+-]/g, ''); })
      .filter(Boolean);
    var typed = words.map(function (w) { return w + ' ' + w + '*'; }).join(' ');
    return core.search(q, ['title', 'services', 'category', 'tags'], typed);
  }

  function close() {
    list.hidden = true;
    list.textContent = '';
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
    items = [];
  }

  function choose(i) {
    items.forEach(function (li, k) { li.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
    active = i;
    if (i >= 0) input.setAttribute('aria-activedescendant', items[i].id);
    else input.removeAttribute('aria-activedescendant');
  }

  function show(q, found) {
    list.textContent = '';
    items = [];
    found.slice(0, shownMax).forEach(function (d, i) {
      var li = el('li', 'quick-result');
      li.id = 'hs-quick-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.href = root + d.url;
      li.appendChild(el('span', 'badge ' + d.severity_class, d.severity));
      li.appendChild(el('span', 'pm-id', d.id));
      if (d.status && d.status !== 'published') li.appendChild(el('span', 'status-pill', d.status.replace('-', ' ')));
      li.appendChild(el('span', 'quick-title', d.title));
      items.push(li);
      list.appendChild(li);
    });
    var all = el('li', 'quick-all', found.length
      ? 'All results for “' + q + '” (Enter)' : 'No titles match; search the full text for “' + q + '” (Enter)');
    all.id = 'hs-quick-all';
    all.setAttribute('role', 'option');
    all.setAttribute('aria-selected', 'false');
    all.dataset.href = form.getAttribute('action') + '?q=' + encodeURIComponent(q);
    items.push(all);
    list.appendChild(all);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }

  function update() {
    var q = input.value.trim();
    if (!q) { close(); return; }
    load().then(function () { return find(q); }).then(function (found) {
      if (input.value.trim() === q) show(q, found);
    }, function () { close(); });
  }

  input.addEventListener('focus', function () { load(); });
  input.addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(update, 150);
  });
  input.addEventListener('keydown', function (e) {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); choose(Math.min(active + 1, items.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); choose(Math.max(active - 1, -1)); }
    else if (e.key === 'Escape') { e.preventDefault(); close(); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); location.href = items[active].dataset.href; }
  });
  list.addEventListener('mousedown', function (e) {
    var li = e.target.closest('li[role="option"]');
    if (!li) return;
    e.preventDefault();  // keep the box focused until the page changes
    location.href = li.dataset.href;
  });
  input.addEventListener('blur', function () { setTimeout(close, 100); });
})();
