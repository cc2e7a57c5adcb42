#include "content/frontmatter.hpp"

#include "util/strings.hpp"

namespace hs {
namespace {

// The line starting at `pos` without its end-of-line, and the offset just past it.
std::string_view line_at(std::string_view text, size_t pos, size_t& next) {
    size_t end = text.find('\n', pos);
    next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line =
        text.substr(pos, (end == std::string_view::npos ? text.size() : end) - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool is_delimiter(std::string_view line) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line == "---";
}

}  // namespace

std::optional<FrontMatter> split_front_matter(std::string_view text, const std::string& path,
                                              DiagnosticSink& sink) {
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
    if (trim(text).empty()) {
        sink.error({path, 1, 1}, "the file is empty", "frontmatter.empty",
                   "start with a front matter block (--- id: ..., title: ... ---), or delete the "
                   "file; `hindsight new` writes a complete one");
        return std::nullopt;
    }
    size_t next = 0;
    if (!is_delimiter(line_at(text, 0, next))) {
        sink.error({path, 1, 1}, "no front matter: the file must start with a line `---`",
                   "frontmatter.missing",
                   "put the post-mortem's fields between two `---` lines at the top of the file");
        return std::nullopt;
    }
    FrontMatter fm;
    size_t yaml_start = next;
    int line_no = 2;
    while (next < text.size()) {
        size_t line_start = next;
        if (is_delimiter(line_at(text, line_start, next))) {
            fm.yaml = std::string(text.substr(yaml_start, line_start - yaml_start));
            fm.body = std::string(text.substr(next));
            fm.body_line = line_no + 1;
            return fm;
        }
        ++line_no;
    }
    sink.error({path, 1, 1}, "the front matter is not closed: no second `---` line",
               "frontmatter.unterminated",
               "add a line `---` after the last field, before the Markdown body");
    return std::nullopt;
}

}  // namespace hs
