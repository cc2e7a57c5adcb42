// Markdown with every extension on; the first byte's bits choose raw HTML on or off, and the
// public build (internal notes and the Response section removed) or the company's site (notes
// opened as Markdown); the [[id]] resolver knows PM-1 and PM-2, and PM-3 as plain words.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "markdown/markdown.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (hs::exceeds_limits(text)) return 0;
    hs::MarkdownOptions options;
    options.raw_html = data[0] & 1;
    options.public_only = data[0] & 2;
    if (options.public_only) options.internal_sections = {"Response"};
    options.resolve = [](const std::string& id) -> std::optional<hs::LinkTarget> {
        if (id == "PM-3") return hs::LinkTarget{"", "an unpublished post-mortem"};
        if (id != "PM-1" && id != "PM-2") return std::nullopt;
        return hs::LinkTarget{"../" + id + "/index.html", "Title of " + id};
    };
    hs::render_markdown(text, options);
    return 0;
}
