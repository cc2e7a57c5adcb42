#include <doctest/doctest.h>

#include "util/strings.hpp"

using namespace hs;

TEST_SUITE("util::strings") {
    TEST_CASE("find_invalid_utf8 points at the first bad byte") {
        CHECK_FALSE(find_invalid_utf8("plain ascii"));
        CHECK_FALSE(find_invalid_utf8("Zürich — Ωμέγα 😀 東京"));
        CHECK(find_invalid_utf8("ab\xff") == 2u);
        CHECK(find_invalid_utf8("caf\xe9 au lait") == 3u);  // Latin-1 é
        CHECK(find_invalid_utf8("\xc0\xaf") == 0u);         // overlong '/'
        CHECK(find_invalid_utf8("x\xed\xa0\x80") == 1u);    // a UTF-16 surrogate
        CHECK(find_invalid_utf8("\xe2\x82") == 0u);         // truncated sequence
    }

    TEST_CASE("line_col_at counts lines and columns from 1") {
        std::string text = "ab\ncd\nef";
        CHECK(line_col_at(text, 0).line == 1);
        CHECK(line_col_at(text, 4).line == 2);
        CHECK(line_col_at(text, 4).col == 2);
        CHECK(line_col_at(text, 6).line == 3);
        CHECK(line_col_at(text, 6).col == 1);
    }

    TEST_CASE("ids and slugs") {
        CHECK(is_safe_id("PM-042"));
        CHECK(is_safe_id("2026.03_db-outage"));
        CHECK_FALSE(is_safe_id("../etc"));
        CHECK_FALSE(is_safe_id(".hidden"));
        CHECK_FALSE(is_safe_id("a b"));
        CHECK_FALSE(is_safe_id("a/b"));
        CHECK_FALSE(is_safe_id("Index.HTML"));  // would collide with the folder's own page
        CHECK_FALSE(is_safe_id(""));
        CHECK(is_slug("connection-pool"));
        CHECK_FALSE(is_slug("Connection-Pool"));
        CHECK_FALSE(is_slug("a--b"));
        CHECK_FALSE(is_slug("-a"));
        CHECK(slugify("What went *wrong*?") == "what-went-wrong");
        CHECK(slugify("  Time (UTC) ") == "time-utc");
    }

    TEST_CASE("closest_match suggests plausible typos only") {
        std::vector<std::string> keys = {"services", "severity", "summary", "status"};
        CHECK(closest_match("serivces", keys) == std::optional<std::string>("services"));
        CHECK(closest_match("severty", keys) == std::optional<std::string>("severity"));
        CHECK_FALSE(closest_match("owner_email", keys));
        CHECK(edit_distance("kitten", "sitting") == 3);
    }
}
