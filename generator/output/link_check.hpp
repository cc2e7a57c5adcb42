#pragma once
// Every link of the generated site that points inside it must lead somewhere.
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "output/site_files.hpp"
#include "util/hash.hpp"

namespace hs {

struct BrokenLink {
    std::string page;  // the page that links, relative to the site root
    std::string href;  // as written in the page
    std::string why;   // "no such page", "no element with id …"
};

// The same check, a page at a time, so pages need not be held together: each is read as it is
// made (from any thread) and the links between pages are settled at the end.
class LinkChecker {
  public:
    explicit LinkChecker(std::vector<std::string> paths);         // every file of the site
    void add(const std::string& page, const std::string& bytes);  // thread-safe
    std::vector<BrokenLink> broken() const;  // in page order, then in order within a page
    // Pages that added pages link to with a #fragment but that were not added themselves: what
    // a partial check (`hindsight check`) must add too before broken() is right.
    std::set<std::string> unseen_targets() const;
    // Of each page added, a digest of its ids: a page whose digest is the same as before still
    // has every element that other pages link to.
    std::map<std::string, Digest> id_digests() const;

  private:
    struct Pending {  // a link to an element of another page
        std::string written, target, fragment;
        size_t before;  // its place among the page's other broken links
    };
    struct Seen {
        std::unordered_set<std::string> ids;
        Digest ids_digest;
        std::vector<BrokenLink> broken;
        std::vector<Pending> pending;
    };
    std::unordered_set<std::string> m_paths;
    mutable std::mutex m_mutex;
    std::map<std::string, Seen> m_pages;
};

// Checks the href and src attributes of every .html file: relative URLs must name a file of the
// site (a folder means its index.html), and a #fragment an id on that page. Absolute URLs,
// other schemes and root-relative URLs (which depend on base_url) are not checked.
// Pages are checked on up to `jobs` threads; the result is in page order whatever `jobs` is.
std::vector<BrokenLink> check_links(const SiteFiles& site, unsigned jobs = 1);

}  // namespace hs
