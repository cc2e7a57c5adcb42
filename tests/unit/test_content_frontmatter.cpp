#include <doctest/doctest.h>

#include "content/frontmatter.hpp"

using namespace hs;

TEST_SUITE("content::frontmatter") {
    TEST_CASE("splits YAML and body and knows where each starts") {
        DiagnosticSink sink;
        auto fm = split_front_matter("---\nid: A\ntitle: T\n---\n# Body\n", "a.md", sink);
        REQUIRE(fm);
        CHECK(fm->yaml == "id: A\ntitle: T\n");
        CHECK(fm->yaml_line == 2);
        CHECK(fm->body == "# Body\n");
        CHECK(fm->body_line == 5);
        CHECK_FALSE(sink.has_errors());
    }

    TEST_CASE("CRLF line endings and a byte order mark are accepted") {
        DiagnosticSink sink;
        auto fm = split_front_matter("\xEF\xBB\xBF---\r\nid: A\r\n---\r\nbody", "a.md", sink);
        REQUIRE(fm);
        CHECK(fm->body == "body");
    }

    TEST_CASE("empty, missing and unterminated front matter are errors at line 1") {
        for (auto [text, rule] : {std::pair{"", "frontmatter.empty"},
                                  {"  \n\n", "frontmatter.empty"},
                                  {"# Just markdown\n", "frontmatter.missing"},
                                  {"---\nid: A\ntitle: T\n", "frontmatter.unterminated"}}) {
            DiagnosticSink sink;
            CHECK_FALSE(split_front_matter(text, "a.md", sink));
            auto d = sink.sorted();
            REQUIRE(d.size() == 1);
            CHECK(d[0].rule == rule);
            CHECK(d[0].pos == SourcePos{"a.md", 1, 1});
            CHECK_FALSE(d[0].hint.empty());
        }
    }
}
