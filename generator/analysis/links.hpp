#pragma once
// Post-mortem bodies rendered once, with their `[[id]]` links resolved and checked, and the
// backlinks those links and `related` make.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "analysis/taxonomy.hpp"
#include "diag/diagnostic.hpp"
#include "markdown/markdown.hpp"
#include "util/file_memo.hpp"

namespace hs {

// A rendered body and what each of its `[[id]]` links resolved to, in call order. A body is
// rendered again unless its text, the raw-HTML setting (the key) and those answers are all the
// same: rendering depends on nothing else.
struct RenderedBody {
    std::vector<std::pair<std::string, std::optional<LinkTarget>>> lookups;
    RenderedMarkdown rendered;

    bool operator==(const RenderedBody&) const = default;
};
using BodyMemo = FileMemo<RenderedBody>;

// One rendered body per post-mortem (same order as Site::postmortems). A link to an unknown id
// is an error at its position in the .md file, with the closest id suggested. In a public
// site (Site::public_only) internal notes and sections are left out, and a link to a
// post-mortem in `withheld` (one the public build leaves out) is its label in plain text.
Bodies render_bodies(const Site& site, const Taxonomies& taxonomies, unsigned jobs,
                     DiagnosticSink& sink, BodyMemo* memo = nullptr,
                     const std::set<std::string>* withheld = nullptr);

// The words a public page shows for a link to a post-mortem it leaves out, when the link has
// no label of its own.
inline constexpr const char* k_withheld_label = "an unpublished post-mortem";

// For each post-mortem, the others that link to it (body links or `related`), in site order
// (newest first), each once, never itself.
std::vector<std::vector<size_t>> find_backlinks(const Site& site, const Taxonomies& taxonomies,
                                                const Bodies& bodies);

}  // namespace hs
