#pragma once
// The site's search: lunr indexes built in C++ and the small metadata file the search page
// filters with.
//
// Three files, so a visitor never downloads more than the query needs:
// - search/meta.json: per post-mortem the title, URL, severity, services, category, tags, year,
//   date and a snippet (the summary) — for facets and result cards;
// - search/titles.json: a lunr index over id, title, services, category and tags, loaded with
//   the page, small enough to answer at once;
// - search/full.json: a lunr index over everything an author or reader looks for (title ×10,
//   summary ×3, services, category, tags, owners, action items, body text), loaded on the first
//   query. No position metadata: highlighting is done on the snippet in the browser, and
//   positions would double the size.
// Both indexes load with lunr.Index.load.
#include "analysis/analysis.hpp"
#include "output/site_files.hpp"

namespace hs {

// The title and full-text indexes are built side by side when `jobs` > 1.
void add_search_files(const Site& site, const Analysis& analysis, SiteFiles& out, unsigned jobs);

}  // namespace hs
