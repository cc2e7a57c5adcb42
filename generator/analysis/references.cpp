#include "analysis/references.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "util/strings.hpp"

namespace hs {

void check_references(const Site& site, const Taxonomies& taxonomies, DiagnosticSink& sink) {
    std::vector<std::string> ids;
    for (const auto& [id, index] : taxonomies.by_id)
        ids.push_back(id);
    for (const auto& pm : site.postmortems) {
        std::set<std::string> seen;
        for (const auto& ref : pm.related) {
            if (ref.id == pm.id)
                sink.warning(ref.pos, "`related` names the post-mortem itself", "link.self",
                             "remove it");
            else if (!seen.insert(ref.id).second)
                sink.warning(ref.pos, "`related` names `" + ref.id + "` twice", "link.duplicate",
                             "remove one of the two");
            if (taxonomies.by_id.count(ref.id)) continue;
            std::string hint = "use the `id` of an existing post-mortem";
            if (auto near = closest_match(ref.id, ids)) hint = "did you mean `" + *near + "`?";
            sink.error(ref.pos, "`related` names an unknown post-mortem `" + ref.id + "`",
                       "link.unknown", hint);
        }
    }
}

void check_aliases(const Site& site, DiagnosticSink& sink) {
    // Most knowledge bases have none: no map of every page, made again on every save.
    if (std::none_of(site.postmortems.begin(), site.postmortems.end(),
                     [](const PostMortem& pm) { return !pm.aliases.empty(); }))
        return;
    std::map<std::string, std::string> taken;  // redirect page → who has it
    for (const auto& pm : site.postmortems)
        taken["postmortems/" + pm.id + "/index.html"] = "post-mortem " + pm.id + "'s own page";
    for (const auto& pm : site.postmortems)
        for (const auto& alias : pm.aliases) {
            auto [it, fresh] = taken.emplace(alias.path, "an alias of " + pm.id);
            if (fresh) continue;
            sink.error(alias.pos, "alias `" + alias.written + "` is already " + it->second,
                       "link.alias",
                       "an address can lead to one page only; remove this alias or the other");
        }
}

}  // namespace hs
