#pragma once
// Atom feeds (RFC 4287) and the sitemap.
#include <string>
#include <vector>

#include "model/model.hpp"

namespace hs {

// The newest published post-mortems of `members` (indexes into Site::postmortems, newest first),
// at most 20. `self` is the feed's own path in the site. Entry ids are the pages' URLs when
// base_url is absolute, else `urn:hindsight:postmortem:<id>`; links are made from base_url.
std::string atom_feed(const Site& site, const std::vector<size_t>& members,
                      const std::string& title, const std::string& self, Days as_of);

// Every page (.html path of `paths`, sorted) but 404.html, at base_url; valid for search engines
// when base_url is absolute.
std::string sitemap(const Config& config, const std::vector<std::string>& paths);

}  // namespace hs
