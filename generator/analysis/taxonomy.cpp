#include "analysis/taxonomy.hpp"

#include "util/strings.hpp"

namespace hs {

Taxonomies build_taxonomies(const Site& site) {
    Taxonomies t;
    for (const auto& s : site.services)
        t.services[s.id];
    for (const auto& c : site.config.categories)
        t.categories[c];
    std::map<std::string, std::string> team_of;  // service → team slug
    for (const auto& s : site.services) {
        std::string slug = slugify(s.team);
        if (slug.empty()) continue;
        t.teams[slug];
        t.team_names.emplace(slug, s.team);
        t.team_services[slug].push_back(s.id);
        team_of[s.id] = slug;
    }
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        const auto& pm = site.postmortems[i];
        t.by_id.emplace(pm.id, i);
        for (const auto& s : pm.services)
            if (auto team = team_of.find(s); team != team_of.end()) {
                auto& members = t.teams[team->second];
                if (members.empty() || members.back() != i) members.push_back(i);
            }
        for (const auto& s : pm.services)
            t.services[s].push_back(i);
        t.categories[pm.category].push_back(i);
        for (const auto& tag : pm.tags)
            t.tags[tag].push_back(i);
    }
    return t;
}

std::vector<std::pair<std::string, size_t>> severity_counts(const Site& site,
                                                            const std::vector<size_t>& members) {
    std::vector<std::pair<std::string, size_t>> counts;
    for (const auto& sev : site.config.severities)
        counts.emplace_back(sev, 0);
    for (size_t i : members)
        for (auto& [sev, n] : counts)
            if (sev == site.postmortems[i].severity) ++n;
    return counts;
}

}  // namespace hs
