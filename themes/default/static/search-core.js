// What the search page and the header's box share: search/meta.json, and the lunr index in
// shards that a query fetches only as it needs them (search/index.json says which terms each
// shard holds). The shards a query's terms fall in, merged, answer exactly as the whole index
// would: a document's score only reads the weights of the query's own terms. Needs lunr.js.
//   var s = new HindsightSearch(root); s.ready().then(…); s.search(q).then(docs => …)
(function () {
  'use strict';

  function HindsightSearch(root) {
    this.root = root || '';
    this.shardText = {};   // shard number → promise of its JSON
    this.shardJson = {};   // shard number → its JSON, once here
    this.merged = null;    // the lunr.Index of every shard here so far
    this.mergedKey = '';
    this.snippetFiles = {};
  }

  HindsightSearch.prototype.get = function (path) {
    return fetch(this.root + path).then(function (r) {
      if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
      return r.json();
    });
  };

  // meta.json and the shards' manifest; the post-mortems get their URL, severity class and
  // service names back from what meta.json says once.
  HindsightSearch.prototype.ready = function () {
    var self = this;
    if (this.loading) return this.loading;
    this.loading = Promise.all([this.get('search/meta.json'), this.get('search/index.json')]).then(function (r) {
      var m = r[0];
      self.manifest = r[1];
      self.fields = self.manifest.fields;
      self.meta = m.postmortems;
      self.byId = {};
      self.position = {};
      self.meta.forEach(function (d, i) {
        d.url = m.url_pattern.replace('{id}', d.id);
        d.severity_class = m.severity_classes[d.severity] || '';
        d.service_names = d.services.map(function (s) { return m.service_names[s] || s; });
        self.byId[d.id] = d;
        self.position[d.id] = i;
      });
      self.pipeline = lunr.Pipeline.load(['stemmer']);
    });
    this.loading.catch(function () { self.loading = null; });
    return this.loading;
  };

  // lunr's own parse of `q` (throws lunr.QueryParseError); `fields` limits the fields searched.
  HindsightSearch.prototype.parse = function (q, fields) {
    var query = new lunr.Query(this.fields);
    if (fields) query.allFields = fields;
    new lunr.QueryParser(q, query).parse();
    return query;
  };

  // The shards whose term ranges a query can touch: a term's own shard, every shard a prefix
  // (`connect*`) overlaps, and all of them for a typo (`~1`), a leading wildcard or a query of
  // only excluded words (those can match any term).
  HindsightSearch.prototype.shardsFor = function (query) {
    var ranges = this.manifest.shards, self = this, need = {}, all = false;
    var every = ranges.map(function (_, i) { return i; });
    if (query.clauses.length && query.clauses.every(function (c) { return c.presence === lunr.Query.presence.PROHIBITED; }))
      return every;
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? self.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (t) {
        var star = t.indexOf('*');
        if (clause.editDistance || star === 0) { all = true; return; }
        var lo = star < 0 ? t : t.slice(0, star), hi = star < 0 ? t : lo + '\uffff';
        ranges.forEach(function (r, i) { if (r.length && r[0] <= hi && r[1] >= lo) need[i] = true; });
      });
    });
    return all ? every : Object.keys(need).map(Number);
  };

  // One lunr.Index of the shards here: inverted indexes in shard (term) order, each field
  // vector's pairs in term-index order, vectors in the whole index's order (post-mortem, field).
  HindsightSearch.prototype.mergedIndex = function () {
    var self = this, ids = Object.keys(this.shardJson).map(Number).sort(function (a, b) { return a - b; });
    var key = ids.join(',');
    if (key === this.mergedKey) return this.merged;
    var parts = ids.map(function (i) { return self.shardJson[i]; });
    var serialized;
    if (parts.length === 1) {
      serialized = parts[0];
    } else {
      var pairs = {}, refs = [], inverted = [];
      parts.forEach(function (p) {
        p.fieldVectors.forEach(function (v) {
          var list = pairs[v[0]];
          if (!list) { pairs[v[0]] = list = []; refs.push(v[0]); }
          for (var k = 0; k < v[1].length; k += 2) list.push([v[1][k], v[1][k + 1]]);
        });
        inverted = inverted.concat(p.invertedIndex);
      });
      var fieldAt = {};
      this.fields.forEach(function (f, i) { fieldAt[f] = i; });
      var place = function (ref) {
        var slash = ref.indexOf('/');
        return [self.position[ref.slice(slash + 1)], fieldAt[ref.slice(0, slash)]];
      };
      refs.sort(function (a, b) {
        var x = place(a), y = place(b);
        return x[0] - y[0] || x[1] - y[1];
      });
      serialized = {
        version: parts[0].version, fields: parts[0].fields, pipeline: parts[0].pipeline, invertedIndex: inverted,
        fieldVectors: refs.map(function (ref) {
          var flat = [];
          pairs[ref].sort(function (a, b) { return a[0] - b[0]; }).forEach(function (p) { flat.push(p[0], p[1]); });
          return [ref, flat];
        })
      };
    }
    this.merged = ids.length ? lunr.Index.load(serialized) : null;
    this.mergedKey = key;
    return this.merged;
  };

  HindsightSearch.prototype.loadShards = function (ids) {
    var self = this;
    return Promise.all(ids.map(function (i) {
      if (!self.shardText[i])
        self.shardText[i] = self.get('search/index/' + i + '.json').then(function (json) {
          self.shardJson[i] = json;
        }, function (e) { delete self.shardText[i]; throw e; });
      return self.shardText[i];
    }));
  };

  // Post-mortems whose id, ticket key, severity, service id, owner handle or tag is a word of
  // the query as typed (`owners:jane.doe` looks in that field only), most such words first.
  var exactFields = {
    id: function (d) { return [d.id]; },
    severity: function (d) { return [d.severity]; },
    services: function (d) { return d.services; },
    owners: function (d) { return d.owners; },
    tags: function (d) { return d.tags; },
    tickets: function (d) { return d.tickets; }
  };
  HindsightSearch.prototype.exact = function (q) {
    var tokens = q.trim().split(/\s+/).filter(function (t) { return t && t[0] !== '-'; });
    var score = {};
    this.meta.forEach(function (d) {
      tokens.forEach(function (t) {
        t = t.replace(/^\+/, '').toLowerCase();
        var field = null, colon = t.indexOf(':');
        if (colon > 0 && exactFields[t.slice(0, colon)]) { field = t.slice(0, colon); t = t.slice(colon + 1); }
        if (!t) return;
        var hit = (field ? [field] : Object.keys(exactFields)).some(function (f) {
          return exactFields[f](d).some(function (v) { return String(v).toLowerCase() === t; });
        });
        if (hit) score[d.id] = (score[d.id] || 0) + 1;
      });
    });
    return this.meta.filter(function (d) { return score[d.id]; })
      .sort(function (a, b) { return score[b.id] - score[a.id]; });  // stable: newest first
  };

  // The post-mortems `q` finds, best first: exact tokens, then lunr's ranking. Rejects with
  // lunr's parse error for a query it cannot read. `lunrQuery` (default `q`) is what lunr runs,
  // over `fields` (default all): the header box adds a prefix of each word.
  HindsightSearch.prototype.search = function (q, fields, lunrQuery) {
    var self = this, query;
    if (lunrQuery === undefined) lunrQuery = q;
    try {
      query = this.parse(lunrQuery, fields);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.loadShards(this.shardsFor(query)).then(function () {
      var index = self.mergedIndex(), hits = [];
      // No words at all: lunr would list every document of the shards that happen to be here.
      if (index && query.clauses.length)
        hits = index.query(function (qq) {
          if (fields) qq.allFields = fields;
          new lunr.QueryParser(lunrQuery, qq).parse();
        }).map(function (h) { return self.byId[h.ref]; }).filter(Boolean);
      var exact = self.exact(q);
      if (/(^|\s)-/.test(q)) {  // an excluded word: exact matches must pass lunr too
        var found = {};
        hits.forEach(function (d) { found[d.id] = true; });
        exact = exact.filter(function (d) { return found[d.id]; });
      }
      var first = {};
      exact.forEach(function (d) { first[d.id] = true; });
      return exact.concat(hits.filter(function (d) { return !first[d.id]; }));
    });
  };

  // Fills in d.snippet (the summary) for these post-mortems, fetching only their files.
  HindsightSearch.prototype.snippets = function (docs) {
    var self = this, per = this.manifest.snippets_per_file, files = {};
    docs.forEach(function (d) { files[Math.floor(self.position[d.id] / per)] = true; });
    return Promise.all(Object.keys(files).map(function (n) {
      if (!self.snippetFiles[n])
        self.snippetFiles[n] = self.get('search/snippets/' + n + '.json').then(function (list) {
          list.forEach(function (text, k) { self.meta[n * per + k].snippet = text; });
        }, function (e) { delete self.snippetFiles[n]; throw e; });
      return self.snippetFiles[n];
    }));
  };

  window.HindsightSearch = HindsightSearch;
})();
