// Hostile Markdown, one generated input per class that used to take seconds to minutes (or a
// gigabyte) for a few hundred kilobytes: each renders, or is refused with a line to fix. How the
// time grows with the size is measured by bench/pathological.py, not asserted here.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "markdown/markdown.hpp"

using namespace hs;

namespace {

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

}  // namespace

TEST_SUITE("markdown::hostile") {
    TEST_CASE("pathological inputs render, with their structure intact") {
        const size_t k = 40000;
        struct Case {
            const char* name;
            std::string text;
            std::function<void(const RenderedMarkdown&)> check;
        };
        std::string links;
        for (size_t i = 0; i < k; ++i)
            links += "[x](../nowhere-" + std::to_string(i) + "/)\n";
        std::vector<Case> cases = {
            {"nested strong emphasis", repeat("**", k) + "x" + repeat("**", k) + "\n",
             [](auto& r) { CHECK(r.html.str().find("<strong>") != std::string::npos); }},
            {"runs of ![ and [", repeat("![", k) + repeat("[", k) + "\n",
             [](auto& r) { CHECK(r.html.str().find("![[") != std::string::npos); }},
            {"duplicate headings", repeat("## Same\n\n", k),
             [&](auto& r) {
                 REQUIRE(r.toc.size() == k);
                 CHECK(r.toc.back().anchor == "same-" + std::to_string(k - 1));
             }},
            {"many links", links, [&](auto& r) { CHECK(r.links.size() == k); }},
            {"wiki links", repeat("[[PM-1]] and [see [[PM-1]]](x)\n", k),
             [&](auto& r) { CHECK(r.wiki_links.size() == k); }},
            {"CDATA runs", repeat("<![CDATA[", k) + "\n", [](auto&) {}},
            {"a line of pipes", repeat("|", 10 * k) + "\n", [](auto&) {}},
            {"autolink candidates", repeat("www.a.", k) + "\n", [](auto&) {}},
        };
        for (const auto& c : cases) {
            CAPTURE(c.name);
            CHECK_FALSE(exceeds_limits(c.text));
            c.check(render_markdown(c.text, {}));
        }
    }

    TEST_CASE("a table that would grow to more cells than the limit is refused at its header") {
        std::string wide = "intro\n\n" + repeat("|a", 1500) + "|\n" + repeat("|-", 1500) + "|\n" +
                           repeat("|x\n", 1500);
        auto limit = exceeds_limits(wide);
        REQUIRE(limit);
        CHECK(limit->line == 3);
        CHECK(limit->message.find("1500 columns and 1500 rows") != std::string::npos);
        // An ordinary table is fine, and so is the same width with a few rows.
        CHECK_FALSE(exceeds_limits("|a|b|\n|-|-|\n|1|2|\n"));
        CHECK_FALSE(exceeds_limits(repeat("|a", 1500) + "|\n" + repeat("|-", 1500) + "|\n|x\n"));
        CHECK(exceeds_limits(std::string(k_max_body_bytes + 1, 'x')));
    }
}
