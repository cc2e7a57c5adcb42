#pragma once
// Every link of the generated site that points inside it must lead somewhere.
#include <string>
#include <vector>

#include "output/site_files.hpp"

namespace hs {

struct BrokenLink {
    std::string page;  // the page that links, relative to the site root
    std::string href;  // as written in the page
    std::string why;   // "no such page", "no element with id …"
};

// Checks the href and src attributes of every .html file: relative URLs must name a file of the
// site (a folder means its index.html), and a #fragment an id on that page. Absolute URLs,
// other schemes and root-relative URLs (which depend on base_url) are not checked.
// Pages are checked on up to `jobs` threads; the result is in page order whatever `jobs` is.
std::vector<BrokenLink> check_links(const SiteFiles& site, unsigned jobs = 1);

}  // namespace hs
