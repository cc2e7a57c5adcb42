#include <doctest/doctest.h>

#include "analysis/lint.hpp"

using namespace hs;

namespace {

std::vector<Diagnostic> blameless(const std::string& text,
                                  std::vector<std::string> people = {"ana"}) {
    DiagnosticSink sink;
    lint_blameless("pm.md", 10, text, people, sink);
    return sink.sorted();
}

}  // namespace

TEST_SUITE("analysis::lint") {
    TEST_CASE("blaming phrases are found at their line and column, with a suggestion") {
        auto d = blameless("Fine line.\nThis was Human Error, plainly.\nIt was Bob's fault.\n");
        REQUIRE(d.size() == 2);
        CHECK(d[0].pos == SourcePos{"pm.md", 11, 10});
        CHECK(d[0].rule == "blameless.human-error");
        CHECK_FALSE(d[0].hint.empty());
        CHECK(d[1].pos == SourcePos{"pm.md", 12, 8});
        CHECK(d[1].message.find("Bob's fault") != std::string::npos);
    }

    TEST_CASE("code, word boundaries and ordinary causes are left alone") {
        CHECK(blameless("`human error` in code\n```\nblame = careless()\n```\n").empty());
        CHECK(blameless("the blameless format; a fault-tolerant queue; faultless\n").empty());
        CHECK(blameless("The outage was caused by a retry storm.\n").empty());
        auto person = blameless("The outage was caused by Ana, again.\n");
        REQUIRE(person.size() == 1);
        CHECK(person[0].rule == "blameless.person-cause");
    }

    TEST_CASE("a person named as the cause: any case, whole names, not in code or inside words") {
        auto d = blameless(
            "Broken by ANA and triggered by Bo.\n"
            "uncaused by ana; caused by anabel; `caused by ana`\n"
            "Again: mistake by Ana-Maria.\n",
            {"ana", "Bo", "Ana-Maria"});
        REQUIRE(d.size() == 4);
        CHECK(d[0].pos == SourcePos{"pm.md", 10, 1});
        CHECK(d[0].message == "names a person as the cause: \"Broken by ANA\"");
        CHECK(d[1].pos == SourcePos{"pm.md", 10, 19});
        CHECK(d[1].message == "names a person as the cause: \"triggered by Bo\"");
        // "ana" ends at a hyphen, a word boundary, so both names match there.
        CHECK(d[2].pos == SourcePos{"pm.md", 12, 8});
        CHECK(d[3].pos == SourcePos{"pm.md", 12, 8});
        CHECK(d[2].message != d[3].message);
        CHECK(blameless("caused by\n ana\n").empty());
        // CRLF lines, and fences of either kind, indented or not.
        auto crlf = blameless(
            "ok\r\n  ```\r\ncaused by ana\r\n  ```\r\nCaused by Ana\r\n"
            "~~~\nblame\n~~~\nblame");
        REQUIRE(crlf.size() == 2);
        CHECK(crlf[0].pos == SourcePos{"pm.md", 14, 1});
        CHECK(crlf[0].message == "names a person as the cause: \"Caused by Ana\"");
        CHECK(crlf[1].pos == SourcePos{"pm.md", 18, 1});
        CHECK(crlf[1].rule == "blameless.blame");
    }

    TEST_CASE("required sections follow the severity, with a default") {
        Config config;
        CHECK(required_sections(config, "SEV1").size() == 8);
        CHECK(required_sections(config, "SEV4") ==
              std::vector<std::string>{"Summary", "Impact", "Timeline", "Conditions",
                                       "Action items"});
        config.required_sections = {{"default", {"Summary"}}};
        CHECK(required_sections(config, "SEV1") == std::vector<std::string>{"Summary"});
    }

    TEST_CASE("missing and empty sections of published post-mortems; comments are not content") {
        Site site;
        PostMortem pm;
        pm.status = "published";
        pm.severity = "SEV4";
        pm.pos = {"pm.md", 1, 1};
        pm.body_line = 8;
        pm.body = std::string(
            "## Summary\n\nText.\n\n## Impact\n\n<!-- prompt -->\n\n## Timeline\n\n| a |\n|---|\n");
        site.postmortems.push_back(pm);
        Bodies bodies = {
            std::make_shared<const RenderedMarkdown>(render_markdown(pm.body.str(), {}))};
        DiagnosticSink sink;
        lint_postmortems(site, bodies, sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 2);
        CHECK(d[0].rule == "sections.missing");
        CHECK(d[0].message == "missing sections: Conditions, Action items");
        CHECK(d[1].rule == "sections.empty");
        CHECK(d[1].pos == SourcePos{"pm.md", 12, 1});

        site.postmortems[0].lint_ignore = {"sections", "blameles"};
        DiagnosticSink typo;
        lint_postmortems(site, bodies, typo);
        auto t = typo.sorted();
        REQUIRE_FALSE(t.empty());
        CHECK(t[0].rule == "lint.unknown-rule");
        CHECK(t[0].hint == "did you mean `blameless`?");

        site.postmortems[0].lint_ignore.clear();
        site.postmortems[0].status = "draft";
        DiagnosticSink draft;
        lint_postmortems(site, bodies, draft);
        CHECK(draft.sorted().empty());
    }
}
