#include "render/search_index.hpp"
#include "render/exports.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "render/embedded_theme.hpp"
#include "render/urls.hpp"
#include "render/view_helpers.hpp"
#include "search/search.hpp"
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
        // Exact tokens people paste: the search page puts a post-mortem whose owner handle or
        // ticket key is the query first (lunr splits "NW-1803" and "priya.raman").
        std::vector<std::string> owners, tickets;
        for (const auto& item : pm.action_items) {
            if (!item.owner.empty() &&
                std::find(owners.begin(), owners.end(), item.owner) == owners.end())
                owners.push_back(item.owner);
            if (!item.ticket.empty() &&
                std::find(tickets.begin(), tickets.end(), item.ticket) == tickets.end())
                tickets.push_back(item.ticket);
        }
        out.back()["owners"] = owners;
        out.back()["tickets"] = tickets;
        // Enum fields are facets of the search page.
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& value : pm.fields)
            if (const FieldDef* def = site.config.field(value.key); def && def->type == "enum")
                fields[def->key] = value.values.front();
        if (!fields.empty()) out.back()["fields"] = std::move(fields);
    }
    return out;
}

}  // namespace

std::map<std::string, std::function<std::string()>> search_files(const Site& site,
                                                                 const Analysis& analysis) {
    using search::Document;
    auto owners_and_actions = [](const PostMortem& pm) {
        std::vector<std::string> owners, actions;
        for (const auto& item : pm.action_items) {
            if (!item.owner.empty()) owners.push_back(item.owner);
            actions.push_back(item.title);
        }
        return std::pair{join_words(owners), join_words(actions)};
    };
    auto services_of = [&site](const PostMortem& pm) {
        return join_words(pm.services) + " " + join_words(service_names(site, pm));
    };
    std::map<std::string, std::function<std::string()>> out;
    out["search/titles.json"] = [&site, services_of] {
        std::vector<Document> titles;
        for (const auto& pm : site.postmortems)
            titles.push_back({pm.id,
                              {{"id", pm.id},
                               {"title", pm.title},
                               {"services", services_of(pm)},
                               {"category", pm.category},
                               {"tags", join_words(pm.tags)}}});
        return search::serialize(search::build_index(
            titles, {{{"id"}, {"title", 10}, {"services", 2}, {"category"}, {"tags", 2}}, {}}));
    };
    out["search/full.json"] = [&site, &analysis, services_of, owners_and_actions] {
        std::vector<Document> full;
        for (size_t i = 0; i < site.postmortems.size(); ++i) {
            const PostMortem& pm = site.postmortems[i];
            auto [owners, actions] = owners_and_actions(pm);
            full.push_back({pm.id,
                            {{"title", pm.id + " " + pm.title},
                             {"summary", pm.summary},
                             {"services", services_of(pm)},
                             {"category", pm.category},
                             {"tags", join_words(pm.tags)},
                             {"owners", owners},
                             {"actions", actions},
                             {"body", analysis.bodies[i]->text}}});
        }
        return search::serialize(search::build_index(full, {{{"title", 10},
                                                             {"summary", 3},
                                                             {"services", 2},
                                                             {"category"},
                                                             {"tags", 2},
                                                             {"owners"},
                                                             {"actions", 2},
                                                             {"body"}},
                                                            {}}));
    };
    out["search/meta.json"] = [&site] { return json_text(meta(site)) + "\n"; };
    // For the 404 page's "were you looking for": every id, its title and its aliases.
    out["search/ids.json"] = [&site] {
        auto ids = nlohmann::json::array();
        for (const auto& pm : site.postmortems) {
            auto entry = nlohmann::json::array({pm.id, pm.title});
            if (!pm.aliases.empty()) {
                auto aliases = nlohmann::json::array();
                for (const auto& a : pm.aliases)
                    aliases.push_back(a.written);
                entry.push_back(std::move(aliases));
            }
            ids.push_back(std::move(entry));
        }
        return json_text(ids) + "\n";
    };
    for (const auto& f : embedded_lunr())
        out["assets/" + std::string(f.path)] = [bytes = f.bytes] { return std::string(bytes); };
    return out;
}

}  // namespace hs
