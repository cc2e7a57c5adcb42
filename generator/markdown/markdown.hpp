#pragma once
// Markdown → HTML through cmark-gfm, with heading anchors and a table of contents.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/packed_text.hpp"

namespace hs {

struct TocEntry {
    int level = 2;
    std::string text;
    std::string anchor;

    bool operator==(const TocEntry&) const = default;
};

// `[[target]]` or `[[target|label]]` in running text (never in code), where it was written.
struct WikiLink {
    std::string target;
    std::string label;  // empty: the target's title
    int line = 0;       // 1-based, in the Markdown text given
    int col = 0;
    bool resolved = false;

    bool operator==(const WikiLink&) const = default;
};

// A Markdown link or image written in the text, where it was written.
struct BodyLink {
    std::string url;
    int line = 0;
    int col = 0;

    bool operator==(const BodyLink&) const = default;
};

// A level-2 section of the document: its heading and whether anything but comments follows.
struct Section {
    std::string title;
    int line = 0;
    bool has_content = false;
    // The words of its first paragraph (a wiki link as its label) in a surprise section (the
    // digest quotes it), else "": every section's were 37 MB of a build at 10,000 post-mortems.
    std::string lead;

    bool operator==(const Section&) const = default;
};

// A `## Surprise` or `## Surprises` section, in any case: what the team believed that turned
// out to be wrong.
bool is_surprise(std::string_view section_title);

struct RenderedMarkdown {
    PackedText html;                   // packed: most bodies are not read again
    std::vector<TocEntry> toc;         // every heading, in order
    std::vector<WikiLink> wiki_links;  // in document order
    std::vector<BodyLink> links;       // `[text](url)` and `![alt](url)`, in document order
    std::vector<Section> sections;     // the `## ` sections, in order
    PackedText text;                   // the words of the document, without markup (for search)
    bool has_diagram = false;          // a ```mermaid block (<pre class="mermaid">)

    bool operator==(const RenderedMarkdown&) const = default;
};

// The rendered bodies of a site, one per post-mortem, shared (with the memo that keeps them
// between compiles) rather than copied. Never null: a body that could not be rendered is empty.
using Bodies = std::vector<std::shared_ptr<const RenderedMarkdown>>;

// What a wiki link points at: the href to use and the label when none is written. An empty
// href makes it plain text (a post-mortem the public build leaves out).
struct LinkTarget {
    std::string href;
    std::string title;
    bool operator==(const LinkTarget&) const = default;
};
// nullopt for an unknown target: the link then stays literal text.
using WikiResolver = std::function<std::optional<LinkTarget>(const std::string& target)>;

// Internal notes: a fenced block whose info string is `internal` holds Markdown that only the
// company's own site shows, in an aside labelled as such; `## ` sections may be internal too.
struct MarkdownOptions {
    bool raw_html = false;  // off: raw HTML and dangerous URLs are omitted by cmark
    WikiResolver resolve;   // unset: `[[…]]` stays literal text
    // The public build: internal blocks and the `## ` sections named here (compared without
    // regard to case) are removed before anything else reads the document.
    bool public_only = false;
    std::vector<std::string> internal_sections;
};

// The GFM extensions every document gets; the list lives here and nowhere else.
const std::vector<const char*>& markdown_extensions();

// What a body may not exceed, because the page it makes would grow faster than the text:
// cmark-gfm pads every table row to the header's width, so 10 KB of Markdown can make 22 MB of
// HTML and take 700 MB to parse. Checked on the text, before parsing.
inline constexpr size_t k_max_table_cells = 100000;
inline constexpr size_t k_max_body_bytes = 8 * 1024 * 1024;
struct MarkdownLimit {
    int line = 1;  // 1-based, in the body
    std::string message;
    std::string hint;
};
std::optional<MarkdownLimit> exceeds_limits(std::string_view text);

// Safe to call from many threads: parsing is serialized (see markdown.cpp), rendering is not.
RenderedMarkdown render_markdown(std::string_view text, const MarkdownOptions& options);

}  // namespace hs
