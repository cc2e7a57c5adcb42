#pragma once
// Where each page lives and how pages link to each other.
//
// Pages link with relative URLs that name the file (`../services/api/index.html`), so the site
// works under any GitHub Pages project path, at a domain's root, and opened from disk, without
// knowing `base_url`. Only pages served at an unknown depth (404.html) link from `base_url`.
#include <string>
#include <string_view>

#include "model/model.hpp"

namespace hs {

namespace paths {
inline const std::string home = "index.html";
inline const std::string postmortems = "postmortems/index.html";
inline const std::string not_found = "404.html";
inline const std::string stylesheet = "assets/style.css";
inline const std::string favicon = "assets/favicon.svg";
inline const std::string action_items = "action-items/index.html";
inline const std::string owners = "owners/index.html";
inline const std::string insights = "insights/index.html";
// Every recurrence after a verified fix, a page at a time (when Insights cannot show them all).
inline const std::string recurrences = "insights/recurrences/index.html";
inline const std::string about = "about/index.html";
inline const std::string digest_index = "digest/index.html";
inline const std::string search = "search/index.html";
inline const std::string feed = "feed.xml";
inline const std::string sitemap = "sitemap.xml";
inline const std::string items_json = "api/action-items.json";
inline const std::string postmortems_json = "api/postmortems.json";
inline const std::string items_csv = "action-items.csv";
inline const std::string items_ics = "action-items.ics";
std::string owner(std::string_view slug);
std::string postmortem(std::string_view id);
std::string digest(std::string_view period);  // "2026-Q3", "2026-09"
// kind is "services", "categories" or "tags"
std::string term_index(std::string_view kind);
std::string term(std::string_view kind, std::string_view term);
// Page `page` (from 1) of a list whose first page is `first` (…/index.html): the first page
// itself, then …/page/2/index.html and so on.
std::string paged(std::string_view first, size_t page);
}  // namespace paths

class Linker {
  public:
    // For a page written at `page_path` (relative to the site root).
    static Linker for_page(std::string_view page_path);
    // For a page whose links must start from `base_url` (404.html).
    static Linker from_base(std::string base_url);

    std::string to(std::string_view site_path) const { return m_root + std::string(site_path); }
    const std::string& root() const { return m_root; }

  private:
    explicit Linker(std::string root) : m_root(std::move(root)) {}
    std::string m_root;
};

// Where a file of the knowledge base (`content/...`) is edited on its forge: `edit_url` with its
// `{path}`, else GitHub's form (`<repo_url>/edit/<branch>/<path>`) or, on a GitLab host,
// GitLab's (`/-/edit/`); "" when neither `repo_url` nor `edit_url` is set.
std::string edit_url(const Config& config, std::string_view file);

// The page's absolute URL when base_url is absolute (for <link rel=canonical>), else "".
std::string canonical_url(const std::string& base_url, std::string_view site_path);

}  // namespace hs
