#pragma once
// Indexes over the post-mortems: which ones belong to each service, category and tag.
#include <map>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace hs {

// term → indexes into Site::postmortems, in the site's order (newest first).
using TermIndex = std::map<std::string, std::vector<size_t>>;

struct Taxonomies {
    TermIndex services;                   // every registered service, even with no incident yet
    TermIndex categories;                 // every configured category
    TermIndex tags;                       // tags in use
    std::map<std::string, size_t> by_id;  // post-mortem id → index
    // Teams, from the registry's `team` (slugged for the URL): their post-mortems (those of any
    // of their services, once each), their name as written, and their services.
    TermIndex teams;
    std::map<std::string, std::string> team_names;
    std::map<std::string, std::vector<std::string>> team_services;
};

Taxonomies build_taxonomies(const Site& site);

// (severity, count) for every configured severity, most severe first.
std::vector<std::pair<std::string, size_t>> severity_counts(const Site& site,
                                                            const std::vector<size_t>& members);

}  // namespace hs
