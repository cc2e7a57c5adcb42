#include <doctest/doctest.h>

#include "search/unicode.hpp"

using namespace hs::search;

namespace {

std::string lower(std::string_view s) {
    return encode_utf8(js_to_lower(decode_utf8(s)));
}

}  // namespace

// tests/lunr/compat.js checks every code point toLowerCase changes against Node.js.
TEST_SUITE("search::unicode") {
    TEST_CASE("toLowerCase: full mappings") {
        CHECK(lower("ABC xyz") == "abc xyz");
        CHECK(lower("İ") == "i\u0307");
        CHECK(lower("I ı") == "i ı");
        CHECK(lower("ẞ ǅ \u2126 \u212A \u212B") == "ß ǆ ω k å");  // Ohm, Kelvin, Angstrom signs
        CHECK(lower("𐐀") == "𐐨");
        CHECK(lower("東京") == "東京");
    }

    TEST_CASE("toLowerCase: Greek final sigma") {
        CHECK(lower("ΟΔΥΣΣΕΥΣ") == "οδυσσευς");
        CHECK(lower("Σ") == "σ");
        CHECK(lower("ΑΣ.") == "ας.");
        CHECK(lower("aΣb") == "aσb");
        CHECK(lower("aΣ1") == "aς1");
        CHECK(lower("ΑΣ\u0301") == "ας\u0301");    // a combining accent is case-ignorable
        CHECK(lower("ΑΣ\u0301Β") == "ασ\u0301β");  // … and skipped to find the next letter
    }

    TEST_CASE("UTF-8 in and out; malformed bytes become U+FFFD") {
        CHECK(decode_utf8("a\xffz") == U"a\uFFFDz");
        CHECK(to_utf16("😀") == u"\U0001F600");
        CHECK(from_utf16(u"x\U0001F600") == "x😀");
    }

    TEST_CASE("UTF-16 order: surrogates sort below U+E000") {
        CHECK(utf16_less("a", "b"));
        CHECK(utf16_less("", "a"));
        CHECK(utf16_less("ab", "abc"));
        CHECK_FALSE(utf16_less("abc", "abc"));
        CHECK(utf16_less("x😀", "xａ"));  // UTF-8 byte order says the opposite
        CHECK(utf16_less("x😀", "x\uE000"));
        CHECK(utf16_less("x\uD7FF", "x😀"));
        CHECK(utf16_less("x😀", "x😁"));
        CHECK(utf16_less("é", "😀"));
    }
}
