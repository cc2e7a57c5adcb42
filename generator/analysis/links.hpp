#pragma once
// Post-mortem bodies rendered once, with their `[[id]]` links resolved and checked, and the
// backlinks those links and `related` make.
#include <vector>

#include "analysis/taxonomy.hpp"
#include "diag/diagnostic.hpp"
#include "markdown/markdown.hpp"

namespace hs {

// One rendered body per post-mortem (same order as Site::postmortems). A link to an unknown id
// is an error at its position in the .md file, with the closest id suggested.
std::vector<RenderedMarkdown> render_bodies(const Site& site, const Taxonomies& taxonomies,
                                            unsigned jobs, DiagnosticSink& sink);

// For each post-mortem, the others that link to it (body links or `related`), in site order
// (newest first), each once, never itself.
std::vector<std::vector<size_t>> find_backlinks(const Site& site, const Taxonomies& taxonomies,
                                                const std::vector<RenderedMarkdown>& bodies);

}  // namespace hs
