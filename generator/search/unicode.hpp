#pragma once
// The parts of JavaScript's string model lunr.js depends on: UTF-16 lengths and order, and
// String.prototype.toLowerCase (full Unicode mappings, Greek final sigma, root locale).
#include <string>
#include <string_view>

namespace hs::search {

// Code points of UTF-8 text; a byte that is not part of well-formed UTF-8 becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view text);

std::u16string to_utf16(std::string_view utf8);
std::string from_utf16(std::u16string_view text);

inline unsigned utf16_units(char32_t cp) {
    return cp > 0xFFFF ? 2 : 1;
}

bool is_cased(char32_t cp);
bool is_case_ignorable(char32_t cp);

// `"…".toLowerCase()` as V8 does it: the result may be longer than the input (İ → i̇).
std::u32string js_to_lower(std::u32string_view text);

// `a < b` comparing UTF-16 code units, as JavaScript's default Array#sort orders strings.
bool utf16_less(std::string_view a, std::string_view b);

}  // namespace hs::search
