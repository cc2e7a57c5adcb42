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
void tokenize_ascii(std::string_view text, std::string& lower, std::vector<TokenView>& tokens) {
    lower.assign(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
    size_t start = 0;
    for (size_t end = 0; end <= lower.size(); ++end) {
        if (end < lower.size() && !is_separator(static_cast<unsigned char>(lower[end]))) continue;
        if (end > start)
            tokens.push_back({std::string_view(lower).substr(start, end - start), uint32_t(start),
                              uint32_t(end - start), uint32_t(tokens.size()), false});
        start = end + 1;
    }
}

// Tokens' texts go one after the other into `lower`, and become views once it stops growing.
void tokenize_unicode(std::string_view text, std::string& lower, std::vector<TokenView>& tokens) {
    std::u32string cps = js_to_lower(decode_utf8(text));
    lower.clear();
    std::vector<size_t> offsets;
    uint32_t unit = 0, start = 0;
    size_t from = 0;
    for (size_t i = 0; i <= cps.size(); ++i) {
        bool boundary = i == cps.size() || is_separator(cps[i]);
        if (boundary) {
            if (unit > start) {
                offsets.push_back(from);
                tokens.push_back({{}, start, unit - start, uint32_t(tokens.size()), false});
                from = lower.size();
            }
            start = unit + 1;
        } else {
            append_utf8(lower, cps[i]);
        }
        if (i < cps.size()) unit += utf16_units(cps[i]);
    }
    offsets.push_back(lower.size());
    for (size_t k = 0; k < tokens.size(); ++k)
        tokens[k].text = std::string_view(lower).substr(offsets[k], offsets[k + 1] - offsets[k]);
}

std::vector<Token> owned(const std::vector<TokenView>& views) {
    std::vector<Token> tokens;
    tokens.reserve(views.size());
    for (const TokenView& v : views)
        tokens.push_back({std::string(v.text), v.start, v.length, v.index, v.from_list});
    return tokens;
}

}  // namespace

bool is_separator(char32_t cp) {
    if (cp < 0x80) return (cp >= 0x09 && cp <= 0x0D) || cp == ' ' || cp == '-';
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

void tokenize(std::string_view text, std::string& lower, std::vector<TokenView>& tokens) {
    tokens.clear();
    if (is_ascii(text))
        tokenize_ascii(text, lower, tokens);
    else
        tokenize_unicode(text, lower, tokens);
}

void tokenize(const std::vector<std::string>& items, std::string& lower,
              std::vector<TokenView>& tokens) {
    lower.clear();
    std::vector<size_t> offsets;
    for (const auto& item : items) {
        offsets.push_back(lower.size());
        lower += encode_utf8(js_to_lower(decode_utf8(item)));
    }
    offsets.push_back(lower.size());
    tokens.clear();
    for (size_t k = 0; k < items.size(); ++k)
        tokens.push_back({std::string_view(lower).substr(offsets[k], offsets[k + 1] - offsets[k]),
                          0, 0, 0, true});
}

std::vector<Token> tokenize(std::string_view text) {
    std::string lower;
    std::vector<TokenView> views;
    tokenize(text, lower, views);
    return owned(views);
}

std::vector<Token> tokenize(const std::vector<std::string>& items) {
    std::string lower;
    std::vector<TokenView> views;
    tokenize(items, lower, views);
    return owned(views);
}

}  // namespace hs::search
