#pragma once
// The site's search: a lunr index built in C++, cut into shards a query fetches on demand, and
// the small metadata file the search page filters with. A visitor downloads what the query
// needs, not the whole index:
// - search/meta.json: per post-mortem the id, title, severity, status, services, category, tags,
//   year, date, item owners and ticket keys — facets, result cards and exact tokens;
// - search/index.json: the shards' term ranges ([first, last] in UTF-16 order) and fields;
// - search/index/N.json: lunr-loadable shards of one index over everything an author or reader
//   looks for (title ×10 with the id, summary ×3, services, category, tags, owners, action
//   items, body text), one shard per k_shard_postmortems post-mortems, cut by term so each
//   holds about the same number of postings. Merged, the shards a query's terms fall in answer
//   exactly as the whole index would. No position metadata: highlighting is done in the
//   browser, and positions would double the size.
// - search/snippets/N.json: the summaries shown on result cards, k_snippets_per_file at a time.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "analysis/analysis.hpp"
#include "search/index_builder.hpp"
#include "util/file_memo.hpp"
#include "util/hash.hpp"

namespace hs {

inline constexpr size_t k_shard_postmortems = 100;  // one index shard per this many
inline constexpr size_t k_snippets_per_file = 100;
// The file that builds the index; the other shards and search/index.json wait for it.
inline const std::string k_index_builder = "search/index/0.json";

struct SearchFile {
    std::function<std::string()> make;
    // The index's shards only: a digest of the data the shard is written from (search::
    // shard_digests), for SitePlan::keys. Asking for it builds the index if no file has yet;
    // once built, the digests are kept after the index is freed.
    std::function<Digest()> key = {};
    // The files made of front matter alone (metadata, ids, summaries): the post-mortems
    // [first, second) in the site's order whose front matter it shows, for SitePlan::keys.
    std::optional<std::pair<size_t, size_t>> fronts = {};
};

// The search files by path, each made when called (the index is built once, by the first shard
// made or key asked for, and freed after the last shard is made).
// They keep references to `site` and `analysis`. The index's builder asks `stopped` as it goes,
// and throws search::Stopped when it answers true (serve: a newer save has come); it uses as
// many threads as `jobs` answers then.
// With `cuts`, each post-mortem's document as cut is kept there by file (keyed by its fields'
// text), found there by the next index built with it, and what no document asked for is
// dropped once the index is built.
std::map<std::string, SearchFile> search_files(const Site& site, const Analysis& analysis,
                                               std::function<bool()> stopped = {},
                                               std::function<unsigned()> jobs = {},
                                               FileMemo<search::CutDocument>* cuts = nullptr);

}  // namespace hs
