#include "analysis/references.hpp"

#include "util/strings.hpp"

namespace hs {

void check_references(const Site& site, const Taxonomies& taxonomies, DiagnosticSink& sink) {
    std::vector<std::string> ids;
    for (const auto& [id, index] : taxonomies.by_id)
        ids.push_back(id);
    for (const auto& pm : site.postmortems) {
        for (const auto& ref : pm.related) {
            if (taxonomies.by_id.count(ref.id)) continue;
            std::string hint = "use the `id` of an existing post-mortem";
            if (auto near = closest_match(ref.id, ids)) hint = "did you mean `" + *near + "`?";
            sink.error(ref.pos, "`related` names an unknown post-mortem `" + ref.id + "`",
                       "link.unknown", hint);
        }
    }
}

}  // namespace hs
