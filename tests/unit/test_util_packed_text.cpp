#include <doctest/doctest.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "util/packed_text.hpp"

using namespace hs;

TEST_SUITE("util::packed_text") {
    TEST_CASE("a text unpacks to its bytes, and is known by their digest") {
        std::string html;
        for (int i = 0; i < 2000; ++i)
            html += "<p>Paged the on-call at 19:" + std::to_string(i % 60) + "; rolled back.</p>\n";
        for (const std::string& text :
             {std::string(), std::string("x"), std::string("a\0b", 3), html}) {
            PackedText packed(text);
            CHECK(packed.str() == text);
            CHECK(packed.size() == text.size());
            CHECK(packed.empty() == text.empty());
            CHECK(packed.digest() == digest(text));
        }
        PackedText packed(html);
        CHECK(packed.packed().size() * 4 < html.size());  // what is kept is smaller
        CHECK(packed == PackedText(html));
        CHECK_FALSE(packed == PackedText(html + " "));
        CHECK(PackedText() == PackedText(""));
    }

    TEST_CASE("packed bytes saved and loaded unpack again; damaged ones throw, never misread") {
        std::string text(5000, 'a');
        text += "the end";
        PackedText packed(text);
        auto loaded = PackedText::from_packed(packed.packed(), packed.size(), packed.digest());
        CHECK(loaded.str() == text);
        CHECK(loaded == packed);

        std::string damaged = packed.packed();
        damaged[damaged.size() / 2] ^= 0x55;
        CHECK_THROWS_AS(PackedText::from_packed(damaged, packed.size(), packed.digest()).str(),
                        std::runtime_error);
        CHECK_THROWS_AS(
            PackedText::from_packed(packed.packed(), packed.size() + 1, packed.digest()).str(),
            std::runtime_error);
        CHECK_THROWS_AS(PackedText::from_packed("", 3, packed.digest()).str(), std::runtime_error);
        CHECK_THROWS_AS(
            PackedText::from_packed(packed.packed(), std::uint64_t(1) << 60, packed.digest()).str(),
            std::runtime_error);  // a damaged size is not allocated
        CHECK_THROWS_AS(PackedText::from_packed("", 0, packed.digest()).str(),
                        std::runtime_error);  // empty, yet the digest of something
    }
}
