#include "analysis/attachments.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "util/files.hpp"
#include "util/strings.hpp"

namespace hs {

namespace fs = std::filesystem;

const std::vector<std::string>& attachment_types(bool raw_html) {
    // Images a browser shows inline, PDF, and text it shows as text. No HTML, SVG or XML by
    // default: opened directly they run script with the site's origin.
    static const std::vector<std::string> safe = {"png", "jpg", "jpeg", "gif", "webp", "avif",
                                                  "pdf", "txt", "log",  "csv", "json"};
    static const std::vector<std::string> with_svg = [] {
        auto all = safe;
        all.push_back("svg");
        return all;
    }();
    return raw_html ? with_svg : safe;
}

namespace {

// The path part of a link that may name a file beside the post-mortem: relative, not leaving
// its folder; nullopt for anything else (other sites, pages of this one, fragments).
std::optional<fs::path> local_path(const std::string& url) {
    if (url.empty() || url[0] == '#' || url[0] == '/' || url[0] == '?') return std::nullopt;
    size_t colon = url.find(':'), slash = url.find('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon < slash))
        return std::nullopt;  // a scheme: https:, mailto:, …
    std::string path = url.substr(0, std::min(url.find('#'), url.find('?')));
    auto decoded = percent_decode(path);
    if (!decoded || decoded->empty() || decoded->back() == '/') return std::nullopt;
    fs::path rel = fs::path(*decoded).lexically_normal();
    if (rel.empty() || *rel.begin() == ".." || rel.is_absolute()) return std::nullopt;
    return rel;
}

}  // namespace

Attachments find_attachments(const fs::path& root, const Site& site, const Bodies& bodies,
                             DiagnosticSink& errors, DiagnosticSink& advice) {
    Attachments out(site.postmortems.size());
    const auto& types = attachment_types(site.config.raw_html);
    std::error_code ec;
    fs::path fence = fs::canonical(root, ec) / "content";
    for (size_t i = 0; i < site.postmortems.size() && i < bodies.size(); ++i) {
        const PostMortem& pm = site.postmortems[i];
        std::optional<fs::path> folder;  // made once a link names a file: most never do
        std::set<std::string> published;
        for (const auto& link : bodies[i]->links) {
            auto rel = local_path(link.url);
            if (!rel) continue;
            if (!folder) folder = fs::path(pm.pos.path.str()).parent_path();
            fs::path file = root / *folder / *rel;
            std::error_code missing;
            auto status = fs::status(file, missing);
            if (missing || !fs::is_regular_file(status)) continue;  // the link check says so
            SourcePos at{pm.pos.path, pm.body_line + link.line - 1, link.col};
            std::string shown = (*folder / *rel).generic_string();
            bool hidden = false;
            for (const auto& part : *rel)
                hidden = hidden || part.string().front() == '.';
            if (hidden) {
                errors.error(at,
                             "`" + link.url +
                                 "` is a hidden file; hidden files are never "
                                 "published",
                             "attachment.hidden", "rename it without the leading dot");
                continue;
            }
            std::string type = to_lower(rel->extension().string());
            if (!type.empty()) type.erase(0, 1);
            if (type == "md") {
                errors.error(at, "`" + link.url + "` links to a Markdown file", "attachment.type",
                             "link to another post-mortem with [[id]]");
                continue;
            }
            if (std::find(types.begin(), types.end(), type) == types.end()) {
                std::string why = type.empty() ? "has no file type"
                                               : "is a ." + type + " file, which is not published";
                std::string hint = "attachments may be " + join(types, ", ");
                if (type == "svg")
                    hint +=
                        "; SVG can carry script, so it is published only with "
                        "`markdown: { raw_html: true }`";
                else if (type == "html" || type == "htm" || type == "js" || type == "xml")
                    hint += "; pages and scripts would run with the site's origin";
                errors.error(at, "`" + link.url + "` " + why, "attachment.type", hint);
                continue;
            }
            fs::path real = fs::canonical(file, ec);
            if (ec || !path_inside(real, fence)) {
                errors.error(at,
                             "`" + link.url + "` leads outside content/ through a symlink (to " +
                                 real.string() + ")",
                             "file.symlink",
                             "copy the file next to the post-mortem instead; the build reads "
                             "nothing outside the knowledge base's content/");
                continue;
            }
            std::string output = "postmortems/" + pm.id + "/" + rel->generic_string();
            if (!published.insert(output).second) continue;  // linked twice: published once
            auto size = std::int64_t(fs::file_size(file, ec));
            if (size > site.config.attachment_warn_bytes)
                advice.warning(at,
                               "`" + link.url + "` is " + std::to_string((size + (1 << 19)) >> 20) +
                                   " MB, over attachments.warn_size_mb (" +
                                   std::to_string(site.config.attachment_warn_bytes >> 20) + " MB)",
                               "attachment.large",
                               "a smaller image or an excerpt loads faster on a phone; raise "
                               "`attachments: { warn_size_mb: N }` if large files are expected");
            out[i].push_back({file, shown, output, size});
        }
    }
    return out;
}

}  // namespace hs
