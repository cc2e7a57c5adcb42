#include "analysis/links.hpp"

#include <algorithm>

#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {

Bodies render_bodies(const Site& site, const Taxonomies& taxonomies, unsigned jobs,
                     DiagnosticSink& sink, BodyMemo* memo, const std::set<std::string>* withheld) {
    std::vector<std::string> ids;
    for (const auto& [id, index] : taxonomies.by_id)
        ids.push_back(id);
    MarkdownOptions options;
    options.raw_html = site.config.raw_html;
    options.public_only = site.public_only;
    if (site.public_only) options.internal_sections = site.config.public_site.internal_sections;
    // Bodies appear on postmortems/<id>/index.html, so a sibling is ../<target>/index.html.
    options.resolve = [&](const std::string& target) -> std::optional<LinkTarget> {
        auto it = taxonomies.by_id.find(target);
        if (it == taxonomies.by_id.end()) {
            if (withheld && withheld->count(target)) return LinkTarget{"", k_withheld_label};
            return std::nullopt;
        }
        return LinkTarget{"../" + target + "/index.html", site.postmortems[it->second].title};
    };
    static const auto k_empty = std::make_shared<const RenderedMarkdown>();
    Bodies bodies(site.postmortems.size(), k_empty);
    parallel_for(bodies.size(), jobs, [&](size_t i) {
        const PostMortem& pm = site.postmortems[i];
        // A body over the limits is never kept in the memo, so a body found there is within them.
        // The body, unpacked only when it is rendered: into `text`, and false (with an error)
        // when it is over the limits.
        std::string text;
        auto unpack_within_limits = [&] {
            text = pm.body.str();
            auto limit = exceeds_limits(text);
            if (limit)
                sink.error({pm.pos.path, pm.body_line + limit->line - 1, 1}, limit->message,
                           "markdown.limit", limit->hint);
            return !limit;
        };
        if (!memo) {
            if (!unpack_within_limits()) return;
            bodies[i] = std::make_shared<const RenderedMarkdown>(render_markdown(text, options));
        } else {
            Hasher hasher;
            hasher.add(pm.body.digest()).add(options.raw_html ? "raw" : "safe");
            if (options.public_only) {
                hasher.add("public");
                for (const auto& name : options.internal_sections)
                    hasher.add(name);
            }
            Digest key = hasher.finish();
            auto kept = memo->find(pm.pos.path, key);
            if (kept)
                for (const auto& [target, was] : kept->lookups)
                    if (options.resolve(target) != was) {
                        kept = nullptr;
                        break;
                    }
            if (!kept) {
                if (!unpack_within_limits()) return;
                RenderedBody made;
                MarkdownOptions traced = options;
                traced.resolve = [&](const std::string& target) {
                    auto found = options.resolve(target);
                    made.lookups.emplace_back(target, found);
                    return found;
                };
                made.rendered = render_markdown(text, traced);
                kept = memo->put(pm.pos.path, key, std::move(made));
            }
            bodies[i] = std::shared_ptr<const RenderedMarkdown>(kept, &kept->rendered);
        }
        for (const auto& link : bodies[i]->links)
            if (link.url.size() > 1 && link.url[0] == '/' && link.url[1] != '/')
                sink.warning(
                    {pm.pos.path, pm.body_line + link.line - 1, link.col},
                    "link `" + link.url + "` starts at the domain's root", "link.root-relative",
                    "it breaks when the site is served under a path (GitHub Pages project "
                    "sites); link to post-mortems with [[id]] and to other pages relatively");
        for (const auto& link : bodies[i]->wiki_links) {
            if (link.resolved) continue;
            std::string hint = "link to the `id` of an existing post-mortem";
            if (auto near = closest_match(link.target, ids)) hint = "did you mean `" + *near + "`?";
            sink.error({pm.pos.path, pm.body_line + link.line - 1, link.col},
                       "link to an unknown post-mortem `" + link.target + "`", "link.unknown",
                       hint);
        }
    });
    if (memo) memo->sweep();
    return bodies;
}

std::vector<std::vector<size_t>> find_backlinks(const Site& site, const Taxonomies& taxonomies,
                                                const Bodies& bodies) {
    std::vector<std::vector<size_t>> back(site.postmortems.size());
    auto add = [&](size_t from, const std::string& to) {
        auto it = taxonomies.by_id.find(to);
        if (it != taxonomies.by_id.end() && it->second != from) back[it->second].push_back(from);
    };
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        for (const auto& ref : site.postmortems[i].related)
            add(i, ref.id);
        if (i < bodies.size())
            for (const auto& link : bodies[i]->wiki_links)
                if (link.resolved) add(i, link.target);
    }
    for (auto& list : back) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return back;
}

}  // namespace hs
