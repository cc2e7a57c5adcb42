#include "markdown/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>

#include <algorithm>

#include "util/strings.hpp"

namespace hs {
namespace {

// libcmark-gfm 0.29 keeps the extensions' special characters in one process-wide table that
// every parser edits when it is created and freed; two parsers alive at once corrupt each
// other's parse (strikethrough and autolinks go missing). So one parser exists at a time.
// Rendering only reads the finished tree and runs in parallel.
std::mutex g_parse_mutex;

struct NodeFree {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;

struct ParsedDocument {
    NodePtr root;
    cmark_llist* extensions = nullptr;  // owned by the global registry's extensions
    ~ParsedDocument() { cmark_llist_free(cmark_get_default_mem_allocator(), extensions); }
};

int cmark_options(const MarkdownOptions& options) {
    int flags = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;
    if (options.raw_html) flags |= CMARK_OPT_UNSAFE;
    return flags;
}

std::unique_ptr<ParsedDocument> parse(std::string_view text, int flags) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    auto doc = std::make_unique<ParsedDocument>();
    std::lock_guard lock(g_parse_mutex);
    cmark_parser* parser = cmark_parser_new(flags);
    for (const char* name : markdown_extensions()) {
        cmark_syntax_extension* ext = cmark_find_syntax_extension(name);
        cmark_parser_attach_syntax_extension(parser, ext);
        doc->extensions =
            cmark_llist_append(cmark_get_default_mem_allocator(), doc->extensions, ext);
    }
    cmark_parser_feed(parser, text.data(), text.size());
    doc->root.reset(cmark_parser_finish(parser));
    cmark_parser_free(parser);
    return doc;
}

std::string plain_text(cmark_node* node) {
    std::string out;
    cmark_iter* it = cmark_iter_new(node);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        auto type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE))
            out += cmark_node_get_literal(n);
    }
    cmark_iter_free(it);
    return out;
}

// cmark-gfm's task-list boxes have no label, and a code block that scrolls sideways cannot be
// reached by keyboard: both are serious findings for screen-reader and keyboard users (axe-core).
void make_accessible(std::string& html) {
    auto replace_all = [&](const std::string& from, const std::string& to) {
        for (size_t at = html.find(from); at != std::string::npos;
             at = html.find(from, at + to.size()))
            html.replace(at, from.size(), to);
    };
    replace_all("<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
                "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"done\" />");
    replace_all("<input type=\"checkbox\" disabled=\"\" />",
                "<input type=\"checkbox\" disabled=\"\" aria-label=\"not done\" />");
    // An image whose URL the safe mode removed (`javascript:`) has src="", which is not valid
    // HTML and shows a broken picture: its alt text stands in for it.
    const std::string unsafe_image = "<img src=\"\" alt=\"";
    for (size_t at; (at = html.find(unsafe_image)) != std::string::npos;) {
        size_t alt = at + unsafe_image.size(), end = html.find("\"", alt),
               close = html.find("/>", alt);
        if (end == std::string::npos || close == std::string::npos) break;
        html.replace(at, close + 2 - at, html.substr(alt, end - alt));
    }
    replace_all("<pre>", "<pre tabindex=\"0\">");
    replace_all("<pre lang=", "<pre tabindex=\"0\" lang=");
}

// A ```mermaid block becomes <pre class="mermaid"> with its source as text: Mermaid's script
// (when the theme has one, README › Diagrams) draws it there; without it, it stays readable.
bool mark_diagrams(std::string& html) {
    const std::string open = "<pre tabindex=\"0\"><code class=\"language-mermaid\">";
    const std::string close = "</code></pre>";
    bool found = false;
    for (size_t at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
        size_t end = html.find(close, at);
        if (end == std::string::npos) break;
        html.replace(end, close.size(), "</pre>");
        html.replace(at, open.size(), "<pre class=\"mermaid\" tabindex=\"0\">");
        found = true;
    }
    return found;
}

std::string render_html(cmark_node* node, int flags, cmark_llist* extensions) {
    char* html = cmark_render_html(node, flags, extensions);
    std::string out(html);
    cmark_get_default_mem_allocator()->free(html);
    make_accessible(out);
    return out;
}

// cmark-gfm names footnotes fn-* and fnref-*, and the theme's own ids start with hs-: headings
// keep clear of those, and of each other ("Summary", "Summary" → summary, summary-1).
struct AnchorNames {
    std::set<std::string> used;
    std::map<std::string, int> next;  // base → the next suffix to try, so repeats stay linear
};

std::string unique_anchor(const std::string& text, AnchorNames& names) {
    std::string base = slugify(text);
    if (base.empty()) base = "section";
    for (const char* reserved : {"fn-", "fnref-", "hs-"})
        if (starts_with(base, reserved)) base = "section-" + base;
    std::string anchor = base;
    int& n = names.next[base];
    while (!names.used.insert(anchor).second)
        anchor = base + "-" + std::to_string(++n);
    return anchor;
}

// Gives every heading an id (unique in the document) and a self-link, by replacing it with a
// custom block that holds its rendered HTML; cmark's own renderer has no heading ids.
std::vector<TocEntry> anchor_headings(ParsedDocument& doc, int flags) {
    std::vector<cmark_node*> headings;
    cmark_iter* it = cmark_iter_new(doc.root.get());
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING)
            headings.push_back(n);
    }
    cmark_iter_free(it);

    std::vector<TocEntry> toc;
    AnchorNames used;
    for (cmark_node* heading : headings) {
        TocEntry entry;
        entry.level = cmark_node_get_heading_level(heading);
        entry.text = trim(plain_text(heading));
        entry.anchor = unique_anchor(entry.text, used);

        std::string html = render_html(heading, flags, doc.extensions);  // "<h2>…</h2>\n"
        std::string tag = "h" + std::to_string(entry.level);
        size_t close = html.rfind("</" + tag + ">");
        if (html.compare(0, tag.size() + 2, "<" + tag + ">") == 0 && close != std::string::npos) {
            html = "<" + tag + " id=\"" + entry.anchor + "\">" +
                   html.substr(tag.size() + 2, close - tag.size() - 2) +
                   " <a class=\"anchor\" href=\"#" + entry.anchor +
                   "\" aria-label=\"Link to this section\">#</a></" + tag + ">";
        }
        cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
        cmark_node_set_on_enter(block, html.c_str());
        cmark_node_set_on_exit(block, "");
        cmark_node_replace(heading, block);
        // The heading's inline text points into its own buffers: free it only now.
        cmark_node_free(heading);
        toc.push_back(std::move(entry));
    }
    return toc;
}

// The source split into lines once, so finding a position is not a scan from the top each time.
class SourceLines {
  public:
    explicit SourceLines(std::string_view text) : m_text(text) {
        m_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_starts.push_back(i + 1);
    }
    int count() const { return int(m_starts.size()); }
    std::string_view line(int number) const {  // 1-based; empty past the end
        if (number < 1 || size_t(number) > m_starts.size()) return {};
        size_t start = m_starts[size_t(number) - 1];
        size_t end =
            size_t(number) < m_starts.size() ? m_starts[size_t(number)] - 1 : m_text.size();
        return m_text.substr(start, end - start);
    }

  private:
    std::string_view m_text;
    std::vector<size_t> m_starts;
};

// The column where `needle` starts on line `line`, searching from `from` (cmark's inline
// columns ignore a paragraph's continuation indent, so its value is only a lower bound).
int find_column(const SourceLines& lines, int line, int from, const std::string& needle) {
    std::string_view row = lines.line(line);
    size_t at = row.find(needle, size_t(std::max(0, from - 1)));
    return at == std::string_view::npos ? from : int(at) + 1;
}

// Every text, code span and code block, separated by spaces: what a reader reads.
std::string document_text(cmark_node* root) {
    std::string out;
    cmark_iter* it = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        auto type = cmark_node_get_type(n);
        if (ev != CMARK_EVENT_ENTER) continue;
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK) {
            if (!out.empty() && out.back() != ' ') out += ' ';
            out += cmark_node_get_literal(n);
        } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
            out += ' ';
        }
    }
    cmark_iter_free(it);
    return out;
}

// The document's `## ` sections; HTML comments (the template's prompts) are not content.
std::vector<Section> level2_sections(ParsedDocument& doc) {
    std::vector<Section> sections;
    for (cmark_node* n = cmark_node_first_child(doc.root.get()); n; n = cmark_node_next(n)) {
        auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2) {
            sections.push_back({trim(plain_text(n)), cmark_node_get_start_line(n), false});
        } else if (!sections.empty()) {
            bool comment =
                type == CMARK_NODE_HTML_BLOCK &&
                starts_with(trim(cmark_node_get_literal(n) ? cmark_node_get_literal(n) : ""),
                            "<!--");
            if (!comment) sections.back().has_content = true;
        }
    }
    return sections;
}

// Each link's position is where its URL is written, which is what a reader has to fix.
std::vector<BodyLink> written_links(ParsedDocument& doc, const SourceLines& source) {
    std::vector<BodyLink> links;
    cmark_iter* it = cmark_iter_new(doc.root.get());
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        auto type = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)) {
            std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
            int line = cmark_node_get_start_line(n);
            // From where the link starts: the same URL twice on a line is found twice.
            int start = cmark_node_get_start_column(n);
            int col = find_column(source, line, start, "(" + url);
            links.push_back({url, line, col == start ? start : col + 1});
        }
    }
    cmark_iter_free(it);
    return links;
}

// Turns `[[target]]` and `[[target|label]]` in text nodes into links. Code spans and code blocks
// are other node types, so links written there stay literal.
std::vector<WikiLink> link_wiki_references(ParsedDocument& doc, const SourceLines& source,
                                           const WikiResolver& resolve) {
    std::vector<WikiLink> links;
    cmark_consolidate_text_nodes(doc.root.get());  // "[[", "PM-1", "]]" arrive as separate nodes
    // Text outside links only ([see [[PM-1]]](url): the outer link wins). Counting the links
    // we are inside while walking keeps this linear however deep the nesting goes.
    std::vector<cmark_node*> texts;
    int link_depth = 0;
    cmark_iter* it = cmark_iter_new(doc.root.get());
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_LINK) link_depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
        if (ev == CMARK_EVENT_ENTER && type == CMARK_NODE_TEXT && link_depth == 0)
            texts.push_back(n);
    }
    cmark_iter_free(it);

    for (cmark_node* node : texts) {
        std::string rest = cmark_node_get_literal(node);
        int line = cmark_node_get_start_line(node), col = cmark_node_get_start_column(node);
        size_t consumed = 0;  // bytes of the node's text before `rest`
        bool changed = false;
        for (size_t open; (open = rest.find("[[")) != std::string::npos;) {
            size_t close = rest.find("]]", open + 2);
            if (close == std::string::npos) break;
            std::string inner = rest.substr(open + 2, close - open - 2);
            size_t bar = inner.find('|');
            WikiLink link{trim(inner.substr(0, bar)),
                          bar == std::string::npos ? "" : trim(inner.substr(bar + 1)), line, 0,
                          false};
            std::string written = rest.substr(open, close + 2 - open);
            link.col = find_column(source, line, col + int(consumed + open), written);
            std::optional<LinkTarget> target;
            if (resolve && !link.target.empty()) target = resolve(link.target);
            link.resolved = target.has_value();
            links.push_back(link);
            if (!target) {  // stays literal
                consumed += close + 2;
                // Keep the literal text in the node; continue after it.
                std::string kept = rest.substr(0, close + 2);
                rest = rest.substr(close + 2);
                cmark_node* before = cmark_node_new(CMARK_NODE_TEXT);
                cmark_node_set_literal(before, kept.c_str());
                cmark_node_insert_before(node, before);
                changed = true;
                continue;
            }
            if (open > 0) {
                cmark_node* before = cmark_node_new(CMARK_NODE_TEXT);
                cmark_node_set_literal(before, rest.substr(0, open).c_str());
                cmark_node_insert_before(node, before);
            }
            cmark_node* label = cmark_node_new(CMARK_NODE_TEXT);
            cmark_node_set_literal(label,
                                   (link.label.empty() ? target->title : link.label).c_str());
            if (target->href.empty()) {  // a page this site does not have: its words only
                cmark_node_insert_before(node, label);
            } else {
                cmark_node* anchor = cmark_node_new(CMARK_NODE_LINK);
                cmark_node_set_url(anchor, target->href.c_str());
                cmark_node_append_child(anchor, label);
                cmark_node_insert_before(node, anchor);
            }
            consumed += close + 2;
            rest = rest.substr(close + 2);
            changed = true;
        }
        if (changed) cmark_node_set_literal(node, rest.c_str());
    }
    return links;
}

}  // namespace

std::optional<MarkdownLimit> exceeds_limits(std::string_view text) {
    if (text.size() > k_max_body_bytes)
        return MarkdownLimit{1,
                             "the body is " + std::to_string(text.size() / (1024 * 1024)) +
                                 " MB, more than " +
                                 std::to_string(k_max_body_bytes / (1024 * 1024)),
                             "move logs and data to attachments or link to them"};
    // A GFM table: a header row, a delimiter row (| --- | :-: |), then rows until a blank line.
    std::vector<std::string_view> lines;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    for (size_t i = 1; i < lines.size(); ++i) {
        std::string_view row = lines[i];
        if (row.find('-') == std::string_view::npos ||
            row.find_first_not_of("|-: \t\r") != std::string_view::npos)
            continue;
        size_t columns = 0;
        for (size_t k = 0; k < row.size(); ++k)
            columns += row[k] == '-' && (k == 0 || row[k - 1] != '-');
        size_t rows = 0;
        for (size_t r = i + 1; r < lines.size() && !trim(lines[r]).empty(); ++r)
            ++rows;
        if (columns * (rows + 1) > k_max_table_cells)
            return MarkdownLimit{
                int(i),
                "a table of " + std::to_string(columns) + " columns and " + std::to_string(rows) +
                    " rows: more than " + std::to_string(k_max_table_cells) + " cells",
                "every row gets as many cells as the header has columns; split the "
                "table, or attach the data as a file"};
        i += rows;
    }
    return std::nullopt;
}

const std::vector<const char*>& markdown_extensions() {
    static const std::vector<const char*> k_extensions = {"table", "strikethrough", "autolink",
                                                          "tasklist", "tagfilter"};
    return k_extensions;
}

namespace {

// The fenced code blocks whose info string is `internal`: notes for the company's own site.
std::vector<cmark_node*> internal_blocks(cmark_node* root) {
    std::vector<cmark_node*> blocks;
    cmark_iter* it = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node* n = cmark_iter_get_node(it);
        int length = 0, offset = 0;
        char fence = 0;  // cmark writes through every pointer
        if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK ||
            !cmark_node_get_fenced(n, &length, &offset, &fence))
            continue;
        std::string info = cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "";
        if (to_lower(info.substr(0, info.find_first_of(" \t"))) == "internal") blocks.push_back(n);
    }
    cmark_iter_free(it);
    return blocks;
}

const std::string k_internal_open = "<!--hs-internal-->", k_internal_close = "<!--/hs-internal-->";

// The text again, each closed internal block's fence lines replaced by an HTML comment from
// the fence on, so that what the block holds parses as Markdown where it stands: every line
// keeps its number, and the lines inside keep their columns. "" when no block is closed (one
// left open runs to the end of its container and stays code).
std::string open_internal_blocks(std::string_view text, const std::vector<cmark_node*>& blocks,
                                 size_t& opened) {
    SourceLines lines(text);
    std::map<int, std::pair<size_t, const std::string*>> rewrite;  // line → (column, marker)
    for (cmark_node* block : blocks) {
        int length = 0, offset = 0;
        char fence = 0;
        cmark_node_get_fenced(block, &length, &offset, &fence);
        std::string run(size_t(std::max(length, 1)), fence);
        int first = cmark_node_get_start_line(block), last = cmark_node_get_end_line(block);
        std::string_view open = lines.line(first), close = lines.line(last);
        size_t open_at = open.find(run), close_at = close.find(run);
        bool closed = last > first && close_at != std::string_view::npos &&
                      close.find_first_not_of(std::string(1, fence) + " \t\r", close_at) ==
                          std::string_view::npos;
        if (open_at == std::string_view::npos || !closed) continue;
        rewrite[first] = {open_at, &k_internal_open};
        rewrite[last] = {close_at, &k_internal_close};
    }
    opened = rewrite.size() / 2;
    if (rewrite.empty()) return "";
    std::string out;
    out.reserve(text.size() + 64 * rewrite.size());
    for (int n = 1; n <= lines.count(); ++n) {
        if (n > 1) out += '\n';
        std::string_view line = lines.line(n);
        if (auto it = rewrite.find(n); it != rewrite.end())
            out.append(line.substr(0, it->second.first)).append(*it->second.second);
        else
            out.append(line);
    }
    return out;
}

bool is_marker(cmark_node* n, const std::string& marker) {
    if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK) return false;
    const char* literal = cmark_node_get_literal(n);
    return literal && trim(literal) == marker;
}

const char* const k_internal_aside =
    "<aside class=\"internal-note\" aria-label=\"Internal note\">\n"
    "<p class=\"internal-note-label\">Internal: left out of the public site</p>\n";

// A labelled aside, put before `node`, for an internal note.
cmark_node* insert_aside(cmark_node* node) {
    cmark_node* aside = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(aside, k_internal_aside);
    cmark_node_set_on_exit(aside, "</aside>\n");
    cmark_node_insert_before(node, aside);
    return aside;
}

// Each pair of markers open_internal_blocks wrote becomes an aside around what lies between.
// False when a pair is not found as siblings of one container (the Markdown inside opened
// something it did not close, an HTML block or a fence, and swallowed the closing marker): the
// reparse then does not describe the document, and is not used.
bool wrap_internal_notes(cmark_node* root, size_t expected) {
    std::vector<cmark_node*> opens;
    cmark_iter* it = cmark_iter_new(root);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
        if (ev == CMARK_EVENT_ENTER && is_marker(cmark_iter_get_node(it), k_internal_open))
            opens.push_back(cmark_iter_get_node(it));
    cmark_iter_free(it);
    std::vector<std::pair<cmark_node*, cmark_node*>> pairs;
    for (cmark_node* open : opens) {
        cmark_node* close = cmark_node_next(open);
        while (close && !is_marker(close, k_internal_close) && !is_marker(close, k_internal_open))
            close = cmark_node_next(close);
        if (!close || !is_marker(close, k_internal_close)) return false;
        pairs.emplace_back(open, close);
    }
    if (pairs.size() != expected) return false;
    for (auto [open, close] : pairs) {
        cmark_node* aside = insert_aside(open);
        for (cmark_node* n = cmark_node_next(open); n != close;) {
            cmark_node* next = cmark_node_next(n);
            cmark_node_append_child(aside, n);
            n = next;
        }
        cmark_node_free(open);
        cmark_node_free(close);
    }
    return true;
}

// The text again with each `## ` section named in `names` (without regard to case) blanked:
// its heading and every line up to the next heading of level 1 or 2, so footnotes and link
// definitions written there go too; "" when no section is named. Lines keep their numbers.
std::string blank_sections(std::string_view text, cmark_node* root,
                           const std::vector<std::string>& names) {
    if (names.empty()) return "";
    std::set<std::string> wanted;
    for (const auto& name : names)
        wanted.insert(to_lower(trim(name)));
    std::vector<std::pair<int, int>> blank;  // first and last line, 1-based
    for (cmark_node* n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HEADING || cmark_node_get_heading_level(n) > 2)
            continue;
        int line = cmark_node_get_start_line(n);
        if (!blank.empty() && blank.back().second == 0) blank.back().second = line - 1;
        if (wanted.count(to_lower(trim(plain_text(n))))) blank.emplace_back(line, 0);
    }
    if (blank.empty()) return "";
    SourceLines lines(text);
    if (blank.back().second == 0) blank.back().second = lines.count();
    std::string out;
    size_t next = 0;
    for (int n = 1; n <= lines.count(); ++n) {
        if (n > 1) out += '\n';
        while (next < blank.size() && blank[next].second < n)
            ++next;
        bool blanked = next < blank.size() && blank[next].first <= n;
        if (!blanked) out.append(lines.line(n));
    }
    return out;
}

}  // namespace

// The first paragraph of each surprise section as plain words, once wiki links have their
// labels.
void add_section_leads(ParsedDocument& doc, std::vector<Section>& sections) {
    size_t at = 0;
    bool in_section = false, taken = false;
    for (cmark_node* n = cmark_node_first_child(doc.root.get()); n; n = cmark_node_next(n)) {
        auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 2) {
            at += in_section;
            in_section = true;
            taken = false;
        } else if (in_section && !taken && type == CMARK_NODE_PARAGRAPH && at < sections.size() &&
                   is_surprise(sections[at].title)) {
            std::string words;
            cmark_iter* it = cmark_iter_new(n);
            for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
                cmark_node* c = cmark_iter_get_node(it);
                auto t = cmark_node_get_type(c);
                if (ev != CMARK_EVENT_ENTER) continue;
                if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
                    words += cmark_node_get_literal(c);
                else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
                    words += ' ';
            }
            cmark_iter_free(it);
            sections[at].lead = trim(words);
            taken = true;
        }
    }
}

bool is_surprise(std::string_view section_title) {
    std::string title = to_lower(section_title);
    return title == "surprise" || title == "surprises";
}

RenderedMarkdown render_markdown(std::string_view text, const MarkdownOptions& options) {
    int flags = cmark_options(options);
    auto doc = parse(text, flags | CMARK_OPT_SOURCEPOS);
    std::string rewritten;  // the text with internal sections blanked, or notes opened
    if (options.public_only) {
        if (rewritten = blank_sections(text, doc->root.get(), options.internal_sections);
            !rewritten.empty()) {
            text = rewritten;
            doc = parse(text, flags | CMARK_OPT_SOURCEPOS);
        }
        for (cmark_node* block : internal_blocks(doc->root.get()))
            cmark_node_free(block);  // unlinks it first
    } else if (auto blocks = internal_blocks(doc->root.get()); !blocks.empty()) {
        // The notes as Markdown when the text inside parses on its own; as code otherwise.
        size_t opened = 0;
        if (std::string notes = open_internal_blocks(text, blocks, opened); !notes.empty()) {
            auto reparsed = parse(notes, flags | CMARK_OPT_SOURCEPOS);
            if (wrap_internal_notes(reparsed->root.get(), opened)) {
                rewritten = std::move(notes);
                text = rewritten;
                doc = std::move(reparsed);
            }
        }
        for (cmark_node* block : internal_blocks(doc->root.get()))  // those shown as code
            cmark_node_append_child(insert_aside(block), block);
    }
    RenderedMarkdown out;
    SourceLines lines(text);
    out.links = written_links(*doc, lines);
    out.sections = level2_sections(*doc);
    out.text = PackedText(document_text(doc->root.get()));
    out.wiki_links = link_wiki_references(*doc, lines, options.resolve);
    add_section_leads(*doc, out.sections);
    out.toc = anchor_headings(*doc, flags);
    std::string html = render_html(doc->root.get(), flags, doc->extensions);
    out.has_diagram = mark_diagrams(html);
    out.html = PackedText(html);
    return out;
}

}  // namespace hs
