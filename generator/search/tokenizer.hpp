#pragma once
// lunr.tokenizer: a string is lower-cased whole and split on runs of separators; a list gives one
// token per element, lower-cased but never split.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hs::search {

struct Token {
    std::string text;        // lower-cased, UTF-8
    uint32_t start = 0;      // in UTF-16 code units of the lower-cased field, as lunr counts
    uint32_t length = 0;     // in UTF-16 code units
    uint32_t index = 0;      // how many tokens came before it in the field
    bool from_list = false;  // list elements carry no position or index in lunr's metadata
};

// lunr.tokenizer.separator, /[\s\-]+/, tested one UTF-16 code unit at a time.
bool is_separator(char32_t cp);

std::vector<Token> tokenize(std::string_view text);
std::vector<Token> tokenize(const std::vector<std::string>& items);

// The same tokens without a string for each: views into `lower`, which holds the lower-cased
// text until the next call. `tokens` is cleared first.
struct TokenView {
    std::string_view text;
    uint32_t start = 0, length = 0, index = 0;
    bool from_list = false;
};
void tokenize(std::string_view text, std::string& lower, std::vector<TokenView>& tokens);
void tokenize(const std::vector<std::string>& items, std::string& lower,
              std::vector<TokenView>& tokens);

}  // namespace hs::search
