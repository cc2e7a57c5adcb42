#include "search/tokenizer.hpp"

#include <algorithm>

#include "search/unicode.hpp"

namespace hs::search {
namespace {

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Most fields are ASCII: bytes are UTF-16 code units there, so no decoding is needed.
std::vector<Token> tokenize_ascii(std::string_view text) {
    std::vector<Token> tokens;
    size_t start = 0;
    for (size_t end = 0; end <= text.size(); ++end) {
        if (end < text.size() && !is_separator(static_cast<unsigned char>(text[end]))) continue;
        if (end > start) {
            Token& t = tokens.emplace_back();
            t.text.assign(text.substr(start, end - start));
            for (char& c : t.text)
                if (c >= 'A' && c <= 'Z') c = char(c + 32);
            t.start = uint32_t(start);
            t.length = uint32_t(end - start);
            t.index = uint32_t(tokens.size() - 1);
        }
        start = end + 1;
    }
    return tokens;
}

std::vector<Token> tokenize_unicode(std::string_view text) {
    std::u32string lower = js_to_lower(decode_utf8(text));
    std::vector<Token> tokens;
    std::string current;
    uint32_t unit = 0, start = 0;
    for (size_t i = 0; i <= lower.size(); ++i) {
        bool boundary = i == lower.size() || is_separator(lower[i]);
        if (boundary) {
            if (unit > start) {
                uint32_t index = uint32_t(tokens.size());
                tokens.push_back({std::move(current), start, unit - start, index, false});
                current.clear();
            }
            start = unit + 1;
        } else {
            append_utf8(current, lower[i]);
        }
        if (i < lower.size()) unit += utf16_units(lower[i]);
    }
    return tokens;
}

}  // namespace

bool is_separator(char32_t cp) {
    if (cp < 0x80) return (cp >= 0x09 && cp <= 0x0D) || cp == ' ' || cp == '-';
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

std::vector<Token> tokenize(std::string_view text) {
    return is_ascii(text) ? tokenize_ascii(text) : tokenize_unicode(text);
}

std::vector<Token> tokenize(const std::vector<std::string>& items) {
    std::vector<Token> tokens;
    tokens.reserve(items.size());
    for (const auto& item : items) {
        Token& t = tokens.emplace_back();
        t.text = encode_utf8(js_to_lower(decode_utf8(item)));
        t.from_list = true;
    }
    return tokens;
}

}  // namespace hs::search
