#include "analysis/links.hpp"

#include <algorithm>

#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {

std::vector<RenderedMarkdown> render_bodies(const Site& site, const Taxonomies& taxonomies,
                                            unsigned jobs, DiagnosticSink& sink, BodyMemo* memo) {
    std::vector<std::string> ids;
    for (const auto& [id, index] : taxonomies.by_id)
        ids.push_back(id);
    MarkdownOptions options;
    options.raw_html = site.config.raw_html;
    // Bodies appear on postmortems/<id>/index.html, so a sibling is ../<target>/index.html.
    options.resolve = [&](const std::string& target) -> std::optional<LinkTarget> {
        auto it = taxonomies.by_id.find(target);
        if (it == taxonomies.by_id.end()) return std::nullopt;
        return LinkTarget{"../" + target + "/index.html", site.postmortems[it->second].title};
    };
    std::vector<RenderedMarkdown> bodies(site.postmortems.size());
    std::vector<std::optional<BodyMemo::Entry>> fresh(bodies.size());
    // The memo's body for this post-mortem, if every link in it still resolves the same way.
    auto reusable = [&](const PostMortem& pm, const Digest& text) -> const RenderedMarkdown* {
        auto it = memo->by_file.find(pm.pos.path);
        if (it == memo->by_file.end() || it->second.body != text ||
            it->second.raw_html != options.raw_html)
            return nullptr;
        for (const auto& [target, was] : it->second.lookups)
            if (options.resolve(target) != was) return nullptr;
        return &it->second.rendered;
    };
    parallel_for(bodies.size(), jobs, [&](size_t i) {
        const PostMortem& pm = site.postmortems[i];
        if (auto limit = exceeds_limits(pm.body)) {
            sink.error({pm.pos.path, pm.body_line + limit->line - 1, 1}, limit->message,
                       "markdown.limit", limit->hint);
            return;
        }
        if (!memo) {
            bodies[i] = render_markdown(pm.body, options);
        } else {
            Digest text = digest(pm.body);
            if (const RenderedMarkdown* kept = reusable(pm, text)) {
                bodies[i] = *kept;
            } else {
                BodyMemo::Entry entry{text, options.raw_html, {}, {}};
                MarkdownOptions traced = options;
                traced.resolve = [&](const std::string& target) {
                    auto found = options.resolve(target);
                    entry.lookups.emplace_back(target, found);
                    return found;
                };
                bodies[i] = render_markdown(pm.body, traced);
                entry.rendered = bodies[i];
                fresh[i] = std::move(entry);
            }
        }
        for (const auto& link : bodies[i].links)
            if (link.url.size() > 1 && link.url[0] == '/' && link.url[1] != '/')
                sink.warning(
                    {pm.pos.path, pm.body_line + link.line - 1, link.col},
                    "link `" + link.url + "` starts at the domain's root", "link.root-relative",
                    "it breaks when the site is served under a path (GitHub Pages project "
                    "sites); link to post-mortems with [[id]] and to other pages relatively");
        for (const auto& link : bodies[i].wiki_links) {
            if (link.resolved) continue;
            std::string hint = "link to the `id` of an existing post-mortem";
            if (auto near = closest_match(link.target, ids)) hint = "did you mean `" + *near + "`?";
            sink.error({pm.pos.path, pm.body_line + link.line - 1, link.col},
                       "link to an unknown post-mortem `" + link.target + "`", "link.unknown",
                       hint);
        }
    });
    if (memo) {  // keep the post-mortems of this build, and only those
        std::map<std::string, BodyMemo::Entry> kept;
        for (size_t i = 0; i < bodies.size(); ++i) {
            const std::string& path = site.postmortems[i].pos.path;
            if (fresh[i])
                kept.emplace(path, std::move(*fresh[i]));
            else if (auto it = memo->by_file.find(path); it != memo->by_file.end())
                kept.emplace(path, std::move(it->second));
        }
        memo->by_file = std::move(kept);
    }
    return bodies;
}

std::vector<std::vector<size_t>> find_backlinks(const Site& site, const Taxonomies& taxonomies,
                                                const std::vector<RenderedMarkdown>& bodies) {
    std::vector<std::vector<size_t>> back(site.postmortems.size());
    auto add = [&](size_t from, const std::string& to) {
        auto it = taxonomies.by_id.find(to);
        if (it != taxonomies.by_id.end() && it->second != from) back[it->second].push_back(from);
    };
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        for (const auto& ref : site.postmortems[i].related)
            add(i, ref.id);
        if (i < bodies.size())
            for (const auto& link : bodies[i].wiki_links)
                if (link.resolved) add(i, link.target);
    }
    for (auto& list : back) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    return back;
}

}  // namespace hs
