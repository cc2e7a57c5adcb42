#include "search/unicode.hpp"

#include <algorithm>
#include <cstddef>

#include "search/unicode_tables.hpp"

namespace hs::search {
namespace {

constexpr char32_t k_replacement = 0xFFFD;

// The code point starting at s[i]; advances i past it (one byte if it is malformed).
char32_t decode_one(std::string_view s, size_t& i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char b0 = byte(i);
    if (b0 < 0x80) return ++i, b0;
    size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
    if (len == 0 || b0 > 0xF4 || i + len > s.size()) return ++i, k_replacement;
    char32_t cp = b0 & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return ++i, k_replacement;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return ++i, k_replacement;
    i += len;
    return cp;
}

bool in_ranges(const CodeRange* ranges, size_t count, char32_t cp) {
    auto end = ranges + count;
    auto it = std::upper_bound(ranges, end, cp,
                               [](char32_t c, const CodeRange& r) { return c < r.first; });
    return it != ranges && cp <= (it - 1)->last;
}

char32_t simple_lower(char32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    auto end = k_lower_ranges + k_lower_range_count;
    auto it = std::upper_bound(k_lower_ranges, end, cp,
                               [](char32_t c, const LowerRange& r) { return c < r.first; });
    if (it == k_lower_ranges) return cp;
    const LowerRange& r = *(it - 1);
    if (cp > r.last || (cp - r.first) % r.stride != 0) return cp;
    return char32_t(int32_t(cp) + r.delta);
}

// ICU's Final_Sigma test: skip case-ignorable code points, then look for a cased one.
bool cased_letter_beside(std::u32string_view text, size_t at, int step) {
    auto size = std::ptrdiff_t(text.size());
    for (std::ptrdiff_t i = std::ptrdiff_t(at) + step; i >= 0 && i < size; i += step) {
        if (is_case_ignorable(text[i])) continue;
        return is_cased(text[i]);
    }
    return false;
}

}  // namespace

std::u32string decode_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();)
        out.push_back(decode_one(text, i));
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t cp : text)
        append_utf8(out, cp);
    return out;
}

std::u16string to_utf16(std::string_view utf8) {
    std::u16string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < utf8.size();) {
        char32_t cp = decode_one(utf8, i);
        if (cp > 0xFFFF) {
            out.push_back(char16_t(0xD800 + ((cp - 0x10000) >> 10)));
            out.push_back(char16_t(0xDC00 + ((cp - 0x10000) & 0x3FF)));
        } else {
            out.push_back(char16_t(cp));
        }
    }
    return out;
}

std::string from_utf16(std::u16string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char32_t cp = text[i];
        bool pair = cp >= 0xD800 && cp <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 &&
                    text[i + 1] <= 0xDFFF;
        if (pair) cp = 0x10000 + ((cp - 0xD800) << 10) + (text[++i] - 0xDC00);
        append_utf8(out, cp >= 0xD800 && cp <= 0xDFFF ? k_replacement : cp);
    }
    return out;
}

bool is_cased(char32_t cp) {
    return in_ranges(k_cased, k_cased_count, cp);
}
bool is_case_ignorable(char32_t cp) {
    return in_ranges(k_case_ignorable, k_case_ignorable_count, cp);
}

std::u32string js_to_lower(std::u32string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char32_t cp = text[i];
        if (cp == 0x03A3) {  // Σ: ς at the end of a word, σ elsewhere
            bool final = cased_letter_beside(text, i, -1) && !cased_letter_beside(text, i, 1);
            out.push_back(final ? 0x03C2 : 0x03C3);
            continue;
        }
        auto special = std::find_if(k_special_lower, k_special_lower + k_special_lower_count,
                                    [&](const SpecialLower& s) { return s.code_point == cp; });
        if (cp >= 0x80 && special != k_special_lower + k_special_lower_count)
            out += special->lower;
        else
            out.push_back(simple_lower(cp));
    }
    return out;
}

bool utf16_less(std::string_view a, std::string_view b) {
    size_t n = std::min(a.size(), b.size()), i = 0;
    while (i < n && a[i] == b[i])
        ++i;
    if (i == n) return a.size() < b.size();
    while (i > 0 && (static_cast<unsigned char>(a[i]) & 0xC0) == 0x80)
        --i;  // back to the first byte of the code point where they differ
    size_t ia = i, ib = i;
    char32_t ca = decode_one(a, ia), cb = decode_one(b, ib);
    // Above U+FFFF a code point starts with a surrogate, which sorts below U+E000–U+FFFF.
    auto first_unit = [](char32_t cp) {
        return cp > 0xFFFF ? char32_t(0xD800 + ((cp - 0x10000) >> 10)) : cp;
    };
    if (first_unit(ca) != first_unit(cb)) return first_unit(ca) < first_unit(cb);
    return ca < cb;
}

}  // namespace hs::search
