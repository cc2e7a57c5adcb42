#include "render/search_index.hpp"
#include "render/exports.hpp"

#include <nlohmann/json.hpp>

#include "render/embedded_theme.hpp"
#include "render/urls.hpp"
#include "render/view_helpers.hpp"
#include "search/search.hpp"
#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

std::vector<std::string> service_names(const Site& site, const PostMortem& pm) {
    std::vector<std::string> names;
    for (const auto& id : pm.services) {
        const Service* s = find_service(site, id);
        names.push_back(s ? s->name : id);
    }
    return names;
}

std::string join_words(const std::vector<std::string>& words) {
    return join(words, " ");
}

nlohmann::json meta(const Site& site) {
    auto out = nlohmann::json::array();
    for (const auto& pm : site.postmortems) {
        out.push_back({{"id", pm.id},
                       {"title", pm.title},
                       {"url", paths::postmortem(pm.id)},
                       {"severity", pm.severity},
                       {"severity_class", severity_class(site.config, pm.severity)},
                       {"services", pm.services},
                       {"service_names", service_names(site, pm)},
                       {"category", pm.category},
                       {"tags", pm.tags},
                       {"year", year_of(pm.date.day())},
                       {"date", format_date(pm.date.day())},
                       {"status", pm.status},
                       {"snippet", pm.summary}});
    }
    return out;
}

}  // namespace

void add_search_files(const Site& site, const Analysis& analysis, SiteFiles& out, unsigned jobs) {
    using search::Document;
    std::vector<Document> titles, full;
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        const PostMortem& pm = site.postmortems[i];
        std::vector<std::string> owners, actions;
        for (const auto& item : pm.action_items) {
            if (!item.owner.empty()) owners.push_back(item.owner);
            actions.push_back(item.title);
        }
        std::string services = join_words(pm.services) + " " + join_words(service_names(site, pm));
        titles.push_back({pm.id,
                          {{"id", pm.id},
                           {"title", pm.title},
                           {"services", services},
                           {"category", pm.category},
                           {"tags", join_words(pm.tags)}}});
        full.push_back({pm.id,
                        {{"title", pm.id + " " + pm.title},
                         {"summary", pm.summary},
                         {"services", services},
                         {"category", pm.category},
                         {"tags", join_words(pm.tags)},
                         {"owners", join_words(owners)},
                         {"actions", join_words(actions)},
                         {"body", analysis.bodies[i].text}}});
    }
    // The two indexes are independent: build them side by side.
    std::string built[2];
    parallel_for(2, jobs, [&](size_t which) {
        if (which == 0)
            built[0] = search::serialize(search::build_index(full, {{{"title", 10},
                                                                     {"summary", 3},
                                                                     {"services", 2},
                                                                     {"category"},
                                                                     {"tags", 2},
                                                                     {"owners"},
                                                                     {"actions", 2},
                                                                     {"body"}},
                                                                    {}}));
        else
            built[1] = search::serialize(search::build_index(
                titles, {{{"id"}, {"title", 10}, {"services", 2}, {"category"}, {"tags", 2}}, {}}));
    });
    out.add("search/titles.json", std::move(built[1]));
    out.add("search/full.json", std::move(built[0]));
    out.add("search/meta.json", json_text(meta(site)) + "\n");
    for (const auto& f : embedded_lunr())
        out.add("assets/" + std::string(f.path), std::string(f.bytes));
}

}  // namespace hs
