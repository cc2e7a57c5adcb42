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
#include <functional>
#include <map>
#include <string>

#include "analysis/analysis.hpp"

namespace hs {

// The search files by path, each made when called (the two indexes can be built side by side).
// They keep references to `site` and `analysis`.
std::map<std::string, std::function<std::string()>> search_files(const Site& site,
                                                                 const Analysis& analysis);

}  // namespace hs
