#include <doctest/doctest.h>

#include "util/file_memo.hpp"

using namespace hs;

namespace {
Digest key_of(const std::string& text) {
    return Hasher().add(text).finish();
}
}  // namespace

TEST_SUITE("util::file_memo") {
    TEST_CASE("an entry is found under its own key only") {
        FileMemo<int> memo;
        memo.put("a.md", key_of("one"), 1);
        REQUIRE(memo.find("a.md", key_of("one")));
        CHECK(*memo.find("a.md", key_of("one")) == 1);
        CHECK_FALSE(memo.find("a.md", key_of("two")));
        CHECK_FALSE(memo.find("b.md", key_of("one")));
        memo.put("a.md", key_of("two"), 2);  // replaces
        CHECK_FALSE(memo.find("a.md", key_of("one")));
        CHECK(*memo.find("a.md", key_of("two")) == 2);
        CHECK(memo.size() == 1);
    }

    TEST_CASE("a sweep drops what no one asked for since the last one") {
        FileMemo<int> memo;
        for (int i = 0; i < 5; ++i)
            memo.put("f" + std::to_string(i) + ".md", key_of(std::to_string(i)), i);
        memo.sweep();  // all were put this round
        CHECK(memo.size() == 5);

        // Every entry asked for: the sweep keeps them all, round after round.
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < 5; ++i)
                CHECK(memo.find("f" + std::to_string(i) + ".md", key_of(std::to_string(i))));
            memo.sweep();
            CHECK(memo.size() == 5);
        }

        // Asked for twice, or put after a find, counts once: f4 was not asked for and goes.
        CHECK(memo.find("f0.md", key_of("0")));
        CHECK(memo.find("f0.md", key_of("0")));
        CHECK(memo.find("f1.md", key_of("1")));
        memo.put("f1.md", key_of("new"), 10);
        CHECK_FALSE(memo.find("f2.md", key_of("changed")));  // a miss alone would not keep it,
        memo.put("f2.md", key_of("changed"), 20);            // the put after it does
        CHECK(memo.find("f3.md", key_of("3")));
        memo.put("f5.md", key_of("5"), 5);  // new this round
        memo.sweep();
        CHECK(memo.size() == 5);
        CHECK_FALSE(memo.contains("f4.md"));
        CHECK(memo.contains("f5.md"));

        // A whole round unasked: everything goes.
        memo.sweep();
        CHECK(memo.size() == 0);
    }
}
