#pragma once
// Files a post-mortem links to from its Markdown — a dashboard screenshot, a graph, a log
// excerpt — kept next to its `.md` file (or in a folder of its own: `PM-019/index.md` and its
// files, as Hugo's page bundles). Each is published beside the post-mortem's page, so the link
// as written works on the site as it does in the repository.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "markdown/markdown.hpp"
#include "model/model.hpp"

namespace hs {

struct Attachment {
    std::filesystem::path file;  // where it is, under the knowledge base's root
    std::string shown;           // the same, as diagnostics name it (content/postmortems/…)
    std::string output;          // where it is published: postmortems/<id>/<path as linked>
    std::int64_t size = 0;
};
using Attachments = std::vector<std::vector<Attachment>>;  // per post-mortem, in link order

// A relative link without `..` (`graph.png`, `img/graph.png`) that names an existing file in the
// post-mortem's folder makes that file an attachment. Only what is linked is published, never
// the rest of the folder. Errors (at the link's line:col): a type that could run script on the
// site or is not a document (only images, PDF and plain-text kinds; SVG when raw HTML is on), a
// hidden file, a symlink that leads outside content/. Warning (`attachment.large`, which
// `lint_ignore` can silence): a file over `attachments.warn_size_mb`. A missing file is left to
// the link check, which reports it as a broken link at the same place.
Attachments find_attachments(const std::filesystem::path& root, const Site& site,
                             const Bodies& bodies, DiagnosticSink& errors, DiagnosticSink& advice);

// The file types an attachment may have (lower case, without the dot).
const std::vector<std::string>& attachment_types(bool raw_html);

}  // namespace hs
