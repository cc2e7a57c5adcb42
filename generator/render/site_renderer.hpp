#pragma once
// Every page of the site, rendered in memory.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/analysis.hpp"
#include "render/theme.hpp"
#include "search/index_builder.hpp"
#include "util/file_memo.hpp"

namespace hs {

// Every file of the site, planned but not yet made: `build` makes them all, `serve` makes a
// page when it is asked for, so a save shows without rendering the whole site. The plan keeps
// references to the site, analysis and theme; they must outlive it.
class SitePlan {
  public:
    // `cuts`, when given, keeps the search index's documents as cut (search::CutDocument)
    // from one plan to the next, by post-mortem file.
    SitePlan(const Site& site, const Analysis& analysis, const Theme& theme, Days as_of,
             FileMemo<search::CutDocument>* cuts = nullptr);
    ~SitePlan();
    SitePlan(const SitePlan&) = delete;
    SitePlan& operator=(const SitePlan&) = delete;

    std::vector<std::string> paths() const;  // sorted
    bool has(const std::string& path) const;
    // One file, made now (thread-safe). Throws on a path not in paths() or a theme failure.
    std::string render(const std::string& path) const;
    // Makes every file on `jobs` threads and gives each to `use`, from any thread, once. When
    // `stop` turns true, files not started yet are left out; so are those `skip` names.
    void make_each(unsigned jobs, const std::atomic<bool>* stop,
                   const std::function<void(const std::string&, std::string)>& use,
                   const std::function<bool(const std::string&)>& skip = {}) const;
    // For the pages that have one, a digest of everything they show beyond what the caller
    // digests itself (configuration, registry, theme, options, the program): the page of each
    // post-mortem, the pages of lists of them, and the exports and search files made of front
    // matter alone; for the search index's shards, a digest of the data each is written from
    // (which builds the index). Two plans that give a file the same key make the same bytes, so
    // a build may keep the file its last build wrote. Pages about the whole site and feeds have
    // none: they are made every time.
    // Without `content`, the files whose key is a digest of their data (the search index's
    // shards) are left out: content_keys() gives them once the files are made, so a first
    // build does not build the index before it makes the pages, and hold it while it does.
    std::map<std::string, Digest> keys(unsigned jobs, bool content = true) const;
    std::map<std::string, Digest> content_keys() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace hs
