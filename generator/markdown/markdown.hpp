#pragma once
// Markdown → HTML through cmark-gfm, with heading anchors and a table of contents.
#include <string>
#include <string_view>
#include <vector>

namespace hs {

struct TocEntry {
    int level = 2;
    std::string text;
    std::string anchor;
};

struct RenderedMarkdown {
    std::string html;
    std::vector<TocEntry> toc;  // every heading, in order
};

struct MarkdownOptions {
    bool raw_html = false;  // off: raw HTML and dangerous URLs are omitted by cmark
};

// The GFM extensions every document gets; the list lives here and nowhere else.
const std::vector<const char*>& markdown_extensions();

// Safe to call from many threads: parsing is serialized (see markdown.cpp), rendering is not.
RenderedMarkdown render_markdown(std::string_view text, const MarkdownOptions& options);

}  // namespace hs
