// Markdown with every extension on, raw HTML on or off (the first byte), and the [[id]]
// resolver knowing PM-1 and PM-2.
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
    options.resolve = [](const std::string& id) -> std::optional<hs::LinkTarget> {
        if (id != "PM-1" && id != "PM-2") return std::nullopt;
        return hs::LinkTarget{"../" + id + "/index.html", "Title of " + id};
    };
    hs::render_markdown(text, options);
    return 0;
}
