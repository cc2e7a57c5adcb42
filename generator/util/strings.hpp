#pragma once
// String helpers that know nothing of post-mortems.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hs {

struct LineCol {
    int line = 1;
    int col = 1;
};

// Byte offset of the first byte that is not part of well-formed UTF-8, if any.
std::optional<size_t> find_invalid_utf8(std::string_view text);
// Byte offset of the first C0 control character other than tab, line feed and carriage return,
// or of DEL: none can appear in XML, and none belongs in a post-mortem.
std::optional<size_t> find_control_character(std::string_view text);
// 1-based line and column (in bytes) of a byte offset.
LineCol line_col_at(std::string_view text, size_t offset);

// `[A-Za-z0-9][A-Za-z0-9._-]*`, and not `index.html`: safe as a single URL path segment and as
// the name of a folder of pages beside that folder's own index.html.
bool is_safe_id(std::string_view s);
// `[a-z0-9]+(-[a-z0-9]+)*`: lower-case words joined by hyphens (tags, categories).
bool is_slug(std::string_view s);
// Lower-cases ASCII letters, turns every other run of non-alphanumerics into one hyphen.
std::string slugify(std::string_view s);

std::string to_lower(std::string_view s);
// At most `max_bytes` of `s`, cut before a UTF-8 sequence rather than inside it.
std::string utf8_prefix(std::string_view s, size_t max_bytes);
// &, <, >, " and ' as entities: safe in XML and HTML text and quoted attributes.
std::string xml_escape(std::string_view s);
// A site's base: a path from the domain's root (`/`, `/kb/`) or an http(s) URL.
bool is_base_url(std::string_view s);
std::string trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);

// Levenshtein distance, for "did you mean" hints.
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, if it is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

std::string join(const std::vector<std::string>& parts, std::string_view sep);
// `%XX` escapes of a URL path decoded; nullopt if one is malformed or decodes to a NUL byte.
std::optional<std::string> percent_decode(std::string_view s);
// A path for a URL: every byte but letters, digits, `-._~` and `/` as `%XX`.
std::string percent_encode_path(std::string_view s);
// "1 day", "3 days": a count with its noun in the right number.
std::string count_of(long n, std::string_view singular, std::string_view plural);

}  // namespace hs
