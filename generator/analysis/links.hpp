#pragma once
// Post-mortem bodies rendered once, with their `[[id]]` links resolved and checked, and the
// backlinks those links and `related` make.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/taxonomy.hpp"
#include "diag/diagnostic.hpp"
#include "markdown/markdown.hpp"
#include "util/hash.hpp"

namespace hs {

// Bodies rendered by an earlier build, for the next (serve keeps one between rebuilds). A body
// is rendered again unless its text, the raw-HTML setting and what each of its `[[id]]` links
// resolved to are all the same: rendering depends on nothing else.
struct BodyMemo {
    struct Entry {
        Digest body;
        bool raw_html = false;
        std::vector<std::pair<std::string, std::optional<LinkTarget>>> lookups;  // in call order
        RenderedMarkdown rendered;
    };
    std::map<std::string, Entry> by_file;  // by the post-mortem's path
};

// One rendered body per post-mortem (same order as Site::postmortems). A link to an unknown id
// is an error at its position in the .md file, with the closest id suggested.
std::vector<RenderedMarkdown> render_bodies(const Site& site, const Taxonomies& taxonomies,
                                            unsigned jobs, DiagnosticSink& sink,
                                            BodyMemo* memo = nullptr);

// For each post-mortem, the others that link to it (body links or `related`), in site order
// (newest first), each once, never itself.
std::vector<std::vector<size_t>> find_backlinks(const Site& site, const Taxonomies& taxonomies,
                                                const std::vector<RenderedMarkdown>& bodies);

}  // namespace hs
