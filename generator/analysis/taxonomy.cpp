#include "analysis/taxonomy.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "util/strings.hpp"

namespace hs {

namespace {

// A term's members, found through a hash table in front of the (ordered) index: a lookup per
// post-mortem and term, 60,000 at 10,000 post-mortems, was most of the time this took.
class Members {
  public:
    explicit Members(TermIndex& index) : m_index(index) {
        for (auto& [term, members] : index)
            m_at.emplace(term, &members);
    }
    std::vector<size_t>& operator[](const std::string& term) {
        if (auto it = m_at.find(term); it != m_at.end()) return *it->second;
        auto& entry = *m_index.try_emplace(term).first;
        m_at.emplace(entry.first, &entry.second);
        return entry.second;
    }

  private:
    TermIndex& m_index;
    std::unordered_map<std::string_view, std::vector<size_t>*> m_at;  // into m_index's nodes
};

}  // namespace

Taxonomies build_taxonomies(const Site& site) {
    Taxonomies t;
    for (const auto& s : site.services)
        t.services[s.id];
    for (const auto& c : site.config.categories)
        t.categories[c];
    std::unordered_map<std::string_view, const std::string*> team_of;  // service → team slug
    for (const auto& s : site.services) {
        std::string slug = slugify(s.team);
        if (slug.empty()) continue;
        auto& team = *t.teams.try_emplace(slug).first;
        t.team_names.emplace(slug, s.team);
        t.team_services[slug].push_back(s.id);
        team_of[s.id] = &team.first;
    }
    // By id, the first post-mortem that has it: inserted in the ids' order, each at the end.
    std::vector<std::pair<std::string_view, size_t>> ids;
    ids.reserve(site.postmortems.size());
    for (size_t i = 0; i < site.postmortems.size(); ++i)
        ids.emplace_back(site.postmortems[i].id, i);
    std::sort(ids.begin(), ids.end());
    for (auto [id, i] : ids)
        if (t.by_id.empty() || t.by_id.rbegin()->first != id)
            t.by_id.emplace_hint(t.by_id.end(), id, i);
    Members services(t.services), categories(t.categories), tags(t.tags), teams(t.teams);
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        const auto& pm = site.postmortems[i];
        for (const auto& s : pm.services)
            if (auto team = team_of.find(s); team != team_of.end()) {
                auto& members = teams[*team->second];
                if (members.empty() || members.back() != i) members.push_back(i);
            }
        for (const auto& s : pm.services)
            services[s].push_back(i);
        categories[pm.category].push_back(i);
        for (const auto& tag : pm.tags)
            tags[tag].push_back(i);
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
