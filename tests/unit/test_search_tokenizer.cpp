#include <doctest/doctest.h>

#include "search/tokenizer.hpp"

using namespace hs::search;

namespace {

// [text, start, length, index] of each token, to compare with lunr.tokenizer's output.
struct Expected {
    std::string text;
    uint32_t start, length, index;
};

void check_tokens(const std::vector<Token>& tokens, const std::vector<Expected>& expected) {
    REQUIRE(tokens.size() == expected.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
        CAPTURE(i);
        CHECK(tokens[i].text == expected[i].text);
        CHECK(tokens[i].start == expected[i].start);
        CHECK(tokens[i].length == expected[i].length);
        CHECK(tokens[i].index == expected[i].index);
        CHECK_FALSE(tokens[i].from_list);
    }
}

}  // namespace

// Expected values are lunr.tokenizer's, from lunr.js 2.3.9 under Node.js.
TEST_SUITE("search::tokenizer") {
    TEST_CASE("splits on whitespace and hyphens, positions count from the field's start") {
        check_tokens(
            tokenize("Hello  World-wide\u00a0web"),
            {{"hello", 0, 5, 0}, {"world", 7, 5, 1}, {"wide", 13, 4, 2}, {"web", 18, 3, 3}});
        check_tokens(tokenize("--a--"), {{"a", 2, 1, 0}});
        CHECK(tokenize("   ").empty());
        CHECK(tokenize("").empty());
    }

    TEST_CASE("lower-cases as JavaScript does; positions are UTF-16 code units") {
        // İ becomes i + U+0307 (one unit longer); the emoji is two units; final sigma.
        check_tokens(tokenize("İstanbul 😀x ΟΔΥΣΣΕΥΣ"),
                     {{"i̇stanbul", 0, 9, 0}, {"😀x", 10, 3, 1}, {"οδυσσευς", 14, 8, 2}});
        check_tokens(tokenize("ΣΑΣ σ Σ aΣ.b"),
                     {{"σας", 0, 3, 0}, {"σ", 4, 1, 1}, {"σ", 6, 1, 2}, {"aσ.b", 8, 4, 3}});
    }

    TEST_CASE("the separators are JavaScript's \\s and the hyphen, nothing else") {
        for (char32_t cp : {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x2D, 0xA0, 0x1680, 0x2000, 0x200A,
                            0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF})
            CHECK(is_separator(cp));
        for (char32_t cp : {0x1C, 0x85, 0x180E, 0x200B, 0x2010, 0x2013, 0x5F})
            CHECK_FALSE(is_separator(cp));
        CHECK(tokenize("a\u200bb").size() == 1);  // zero-width space is not \s
    }

    TEST_CASE("list elements are lower-cased whole, never split, without position") {
        auto tokens = tokenize(std::vector<std::string>{"Foo Bar", "ÀB", ""});
        REQUIRE(tokens.size() == 3);
        CHECK(tokens[0].text == "foo bar");
        CHECK(tokens[1].text == "àb");
        CHECK(tokens[2].text.empty());
        CHECK(tokens[0].from_list);
    }
}
