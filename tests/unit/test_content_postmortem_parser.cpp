#include <doctest/doctest.h>

#include "content/postmortem_parser.hpp"

using namespace hs;

namespace {

const Vocabulary k_vocabulary{
    {"SEV1", "SEV2", "SEV3", "SEV4"}, {"deployment", "capacity"}, {"api", "db"}};

const char* const k_valid = R"(---
id: PM-001
title: API outage
date: 2026-03-01T10:00:00Z
status: published
severity: SEV2
services: [api, db]
category: deployment
tags: [timeouts, retries]
summary: The API timed out.
detected: 2026-03-01T10:05:00Z
mitigated: 2026-03-01T10:30:00Z
resolved: 2026-03-01T12:00:00Z
related: [PM-000]
action_items:
  - title: Alert on p99 latency over 800 ms
    owner: ana
    due: 2026-03-10
    status: verified
    type: detect
    ticket: NW-1
    done_when: [alert fires in staging]
    verify: fire drill
    closed_on: 2026-03-08
    verified_on: 2026-03-09
---
## Summary

Body.
)";

struct Parsed {
    std::optional<PostMortem> pm;
    std::vector<Diagnostic> diagnostics;
};

Parsed parse(const std::string& text) {
    DiagnosticSink sink;
    auto pm = parse_postmortem("pm.md", text, k_vocabulary, sink);
    return {std::move(pm), sink.sorted()};
}

// `text` with the first occurrence of `from` replaced by `to`.
std::string with(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_SUITE("content::postmortem_parser") {
    TEST_CASE("a valid post-mortem is read completely") {
        auto r = parse(k_valid);
        REQUIRE(r.pm);
        CHECK(r.diagnostics.empty());
        const auto& pm = *r.pm;
        CHECK(pm.id == "PM-001");
        CHECK(pm.services == std::vector<std::string>{"api", "db"});
        CHECK(pm.tags.size() == 2);
        CHECK(pm.related.at(0).id == "PM-000");
        CHECK(pm.related.at(0).pos == SourcePos{"pm.md", 14, 11});
        CHECK(pm.body_line == 27);
        REQUIRE(pm.action_items.size() == 1);
        const auto& item = pm.action_items[0];
        CHECK(item.status == "verified");
        CHECK(item.done_when == std::vector<std::string>{"alert fires in staging"});
        CHECK(item.pos == SourcePos{"pm.md", 16, 5});
        CHECK(format_date(*item.verified_on) == "2026-03-09");
    }

    // Each broken input gives one error with this rule at this line:column of the .md file.
    struct Case {
        const char* name;
        std::string text;
        const char* rule;
        int line, col;
    };

    // A post-mortem with errors is still returned (for checks across files); the errors stop
    // the build.
    TEST_CASE("every schema error points at its line and column in the .md file") {
        std::vector<Case> cases = {
            {"invalid YAML", with(k_valid, "title: API outage", "title: [unclosed"), "yaml.syntax",
             4, 5},
            {"missing title", with(k_valid, "title: API outage\n", ""), "schema.required", 2, 1},
            {"list where a string belongs", with(k_valid, "title: API outage", "title: [a, b]"),
             "schema.type", 3, 8},
            {"string where a list belongs", with(k_valid, "services: [api, db]", "services: api"),
             "schema.type", 7, 11},
            {"bad date", with(k_valid, "date: 2026-03-01T10:00:00Z", "date: 2026-02-30"),
             "schema.date", 4, 7},
            {"unknown severity", with(k_valid, "severity: SEV2", "severity: SEV9"),
             "schema.severity", 6, 11},
            {"unknown category", with(k_valid, "category: deployment", "category: deploy"),
             "schema.category", 8, 11},
            {"unknown service", with(k_valid, "services: [api, db]", "services: [api, dbb]"),
             "schema.service", 7, 17},
            {"unsafe id", with(k_valid, "id: PM-001", "id: ../../etc"), "schema.id", 2, 5},
            {"bad status", with(k_valid, "status: published", "status: done"), "schema.status", 5,
             9},
            {"tag not a slug", with(k_valid, "[timeouts, retries]", "[timeouts, Retry Storm]"),
             "schema.tag", 9, 18},
            {"time going backwards",
             with(k_valid, "mitigated: 2026-03-01T10:30:00Z", "mitigated: 2026-03-01T10:01:00Z"),
             "schema.time-order", 12, 12},
            {"bad item date", with(k_valid, "due: 2026-03-10", "due: soon"), "schema.date", 18, 10},
            {"bad item status", with(k_valid, "status: verified", "status: finished"),
             "item.status", 19, 13},
            {"item not a mapping",
             with(k_valid, "  - title: Alert on p99 latency over 800 ms\n",
                  "  - just words\n  - title: x\n"),
             "schema.type", 16, 5},
            {"published without action items", with(k_valid, "action_items:", "x_items:"),
             "schema.required", 2, 1},
            {"published with an empty list",
             with(k_valid, "related: [PM-000]\naction_items:", "action_items: []\nx:"),
             "schema.required", 2, 1},
            {"empty title", with(k_valid, "title: API outage", "title: \"  \""), "schema.required",
             3, 8},
            {"reserved id", with(k_valid, "id: PM-001", "id: index.html"), "schema.id", 2, 5},
            {"duplicate key", with(k_valid, "severity: SEV2", "severity: SEV2\nseverity: SEV9"),
             "yaml.duplicate-key", 7, 1},
        };
        for (const auto& c : cases) {
            std::string name = c.name;
            CAPTURE(name);
            auto r = parse(c.text);
            std::vector<Diagnostic> errors;
            for (auto& d : r.diagnostics)
                if (d.severity == Severity::error) errors.push_back(d);
            REQUIRE(errors.size() >= 1);
            CHECK(errors[0].rule == c.rule);
            CHECK(errors[0].pos.line == c.line);
            CHECK(errors[0].pos.col == c.col);
        }
    }

    TEST_CASE("unknown keys are warnings that suggest the closest known key") {
        auto r = parse(with(k_valid, "summary: The API timed out.", "sumary: The API timed out."));
        CHECK(r.pm);
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].severity == Severity::warning);
        CHECK(r.diagnostics[0].pos == SourcePos{"pm.md", 10, 1});
        CHECK(r.diagnostics[0].hint == "did you mean `summary`?");
    }

    TEST_CASE("all problems of a file are reported in one run") {
        std::string text = with(with(with(k_valid, "severity: SEV2", "severity: SEV7"),
                                     "category: deployment", "category: nope"),
                                "due: 2026-03-10", "due: 2026-13-10");
        auto r = parse(text);
        CHECK(r.diagnostics.size() == 3);
    }

    TEST_CASE("a file that is not UTF-8 is refused at the first bad byte") {
        auto r = parse(with(k_valid, "The API timed out.", "caf\xe9 closed."));
        CHECK_FALSE(r.pm);
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].rule == "file.encoding");
        CHECK(r.diagnostics[0].pos == SourcePos{"pm.md", 10, 13});
    }

    TEST_CASE("front matter that is not a mapping is refused") {
        auto r = parse("---\n- a\n- b\n---\nbody\n");
        CHECK_FALSE(r.pm);
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].rule == "frontmatter.type");
    }
}

TEST_SUITE("content::postmortem_parser") {
    TEST_CASE("control characters are refused, raw or escaped, at their position") {
        auto errors_of = [](const std::string& text) {
            DiagnosticSink sink;
            parse_postmortem("pm.md", text, k_vocabulary, sink);
            return sink.sorted();
        };
        auto raw = errors_of(
            with(k_valid, "title: API outage", std::string("title: API out\x01") + "age"));
        REQUIRE(raw.size() == 1);
        CHECK(raw[0].rule == "file.control");
        CHECK(raw[0].message.find("U+0001") != std::string::npos);
        CHECK(raw[0].pos.line == 3);
        auto nul = errors_of(k_valid + std::string("\nbody\0text", 10));
        REQUIRE(nul.size() == 1);
        CHECK(nul[0].rule == "file.control");
        auto escaped = errors_of(with(k_valid, "title: API outage", "title: \"API out\\x08age\""));
        REQUIRE(escaped.size() == 1);
        CHECK(escaped[0].rule == "schema.control");
        CHECK(escaped[0].pos.line == 3);
        auto listed = errors_of(
            with(k_valid, "status: published", "status: published\nauthors: [\"a\\0b\"]"));
        REQUIRE(listed.size() == 1);
        CHECK(listed[0].rule == "schema.control");
        // Tabs and CRLF line ends are ordinary.
        CHECK(errors_of(with(k_valid, "title: API outage", "title: \"API out\\tage\"")).empty());
    }

    TEST_CASE("a `...` or `---` inside the front matter is an error, not silently lost keys") {
        DiagnosticSink sink;
        parse_postmortem(
            "pm.md", with(k_valid, "status: published", "status: published\n...\nsummary: lost"),
            k_vocabulary, sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "yaml.documents");
    }

    TEST_CASE("what follows a root written in flow style is an error too, not silently lost") {
        // yaml-cpp's Load reads `{…}` and drops the lines after it; a block mapping is read once.
        DiagnosticSink sink;
        parse_postmortem("pm.md", "---\n{id: PM-1, title: T}\nsummary: lost\n---\nBody\n",
                         k_vocabulary, sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "yaml.documents");
        CHECK(d[0].pos.line == 3);
        // `---` inside an indented block scalar is text, not a document marker.
        DiagnosticSink fine;
        parse_postmortem("pm.md",
                         with(k_valid, "summary: The API timed out.", "summary: |\n  ---\n  kept"),
                         k_vocabulary, fine);
        CHECK_FALSE(fine.has_errors());
    }
}
