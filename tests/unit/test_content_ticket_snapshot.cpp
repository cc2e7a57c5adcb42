#include <doctest/doctest.h>

#include "content/ticket_snapshot.hpp"

using namespace hs;

TEST_SUITE("content::ticket_snapshot") {
    TEST_CASE("GitHub: the JSON of gh issue list, numbers as keys") {
        DiagnosticSink sink;
        auto snap = parse_ticket_snapshot(
            "issues.json",
            R"([{"number": 12, "state": "CLOSED", "closedAt": "2026-06-11T10:22:33Z",
                 "url": "https://github.com/acme/kb/issues/12"},
                {"number": 13, "state": "OPEN", "closedAt": null, "url": "u"}])",
            sink);
        REQUIRE(snap);
        CHECK_FALSE(sink.has_errors());
        CHECK(snap->format == "github");
        REQUIRE(snap->tickets.count("12"));
        CHECK(snap->tickets["12"].closed);
        CHECK(snap->tickets["12"].closed_on == parse_date("2026-06-11"));
        CHECK(snap->tickets["12"].url == "https://github.com/acme/kb/issues/12");
        CHECK_FALSE(snap->tickets["13"].closed);
        CHECK_FALSE(snap->tickets["13"].closed_on);
        CHECK(ticket_key(*snap, "#12") == "12");
        CHECK(ticket_key(*snap, "acme/kb#12") == "12");
        CHECK(ticket_key(*snap, "12") == "12");
    }

    TEST_CASE("Jira: a search response, done status category means closed") {
        DiagnosticSink sink;
        auto snap = parse_ticket_snapshot("jira.json",
                                          R"({"issues": [
                 {"key": "NW-1", "fields": {"status": {"statusCategory": {"key": "done"}},
                                            "resolutiondate": "2026-06-11T10:22:33.000+0000"}},
                 {"key": "NW-2", "fields": {"status": {"statusCategory": {"key": "indeterminate"}},
                                            "resolutiondate": null}},
                 {"key": "NW-3", "fields": {}}]})",
                                          sink);
        REQUIRE(snap);
        CHECK(snap->format == "jira");
        CHECK(snap->tickets["NW-1"].closed);
        CHECK(snap->tickets["NW-1"].closed_on == parse_date("2026-06-11"));
        CHECK_FALSE(snap->tickets["NW-2"].closed);
        CHECK_FALSE(snap->tickets["NW-3"].closed);  // no status: not known to be closed
        CHECK(ticket_key(*snap, "NW-1") == "NW-1");
    }

    TEST_CASE("broken snapshots are errors with a position and the formats in the hint") {
        DiagnosticSink sink;
        CHECK_FALSE(parse_ticket_snapshot("t.json", "[\n  {\"number\": 1,\n  oops\n]", sink));
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "tickets.json");
        CHECK(d[0].pos.line == 3);
        CHECK(d[0].hint.find("gh issue list") != std::string::npos);

        DiagnosticSink shape;
        CHECK_FALSE(parse_ticket_snapshot("t.json", R"({"items": []})", shape));
        CHECK_FALSE(parse_ticket_snapshot("t.json", R"([{"key": "NW-1"}])", shape));
        CHECK_FALSE(parse_ticket_snapshot("t.json", R"("text")", shape));
        for (const auto& e : shape.sorted())
            CHECK(e.rule == "tickets.format");
        CHECK(shape.error_count() == 3);
    }

    TEST_CASE("a number too large for a double is an error at the number, not an abort") {
        // Found by fuzz_config: nlohmann throws out_of_range (406), not parse_error.
        DiagnosticSink sink;
        CHECK_FALSE(parse_ticket_snapshot("t.json", "[\n  {\"number\": 1e999999}\n]", sink));
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "tickets.json");
        CHECK(d[0].pos.line == 2);
        CHECK(d[0].pos.col == 14);
        CHECK(d[0].message.find("too large") != std::string::npos);
    }
}
