// Custom fields: `fields:` in hindsight.yaml declares extra front-matter keys with a type.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "pipeline/build.hpp"
#include "support.hpp"
#include "util/files.hpp"

using namespace hs;
using hs::test::postmortem_text;
using hs::test::TempDir;

namespace {

const char* const k_config =
    "title: T\nas_of: 2026-03-05\n"
    "fields:\n"
    "  customer_impact: { type: enum, label: Customer impact, values: [none, degraded, outage] }\n"
    "  revenue_lost: { type: number, label: Revenue lost (EUR) }\n"
    "  review_meeting: { type: date, label: Review meeting }\n"
    "  regions: { type: list, label: Regions }\n"
    "  doc: { type: url, label: Incident doc }\n"
    "  vendor: { type: string, label: Vendor, required: true }\n";

BuildOptions options_for(const TempDir& kb) {
    BuildOptions options;
    options.root = kb.path();
    options.out = kb / "site";
    return options;
}

}  // namespace

TEST_SUITE("pipeline::fields") {
    TEST_CASE("declared fields are checked, shown on the page, typed in the JSON, enum facets") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml", k_config);
        kb.write("content/postmortems/a.md",
                 postmortem_text("PM-1",
                                 "customer_impact: outage\nrevenue_lost: 1250.5\n"
                                 "review_meeting: 2026-03-04\nregions: [eu-west, us-east]\n"
                                 "doc: https://docs.example.com/pm-1\nvendor: Acme Pay\n"));
        DiagnosticSink sink;
        REQUIRE(build_site(options_for(kb), sink).status == k_exit_ok);
        CHECK(sink.sorted().empty());
        std::string page = *read_file(kb / "site/postmortems/PM-1/index.html");
        for (const char* shown :
             {"<dt>Customer impact</dt><dd>outage</dd>",
              "<dt>Revenue lost (EUR)</dt><dd>1250.5</dd>",
              "<dt>Review meeting</dt><dd>2026-03-04</dd>",
              "<dt>Regions</dt><dd>eu-west, us-east</dd>",
              "<dt>Incident doc</dt><dd><a href=\"https://docs.example.com/pm-1\">",
              "<dt>Vendor</dt><dd>Acme Pay</dd>"})
            CHECK_MESSAGE(page.find(shown) != std::string::npos, shown);
        auto pm = nlohmann::json::parse(*read_file(kb / "site/api/postmortems.json"))[0];
        CHECK(pm["fields"]["revenue_lost"] == 1250.5);
        CHECK(pm["fields"]["regions"] == nlohmann::json::array({"eu-west", "us-east"}));
        CHECK(pm["fields"]["customer_impact"] == "outage");
        auto meta =
            nlohmann::json::parse(*read_file(kb / "site/search/meta.json"))["postmortems"][0];
        CHECK(meta["fields"] == nlohmann::json{{"customer_impact", "outage"}});  // enums only
        CHECK(read_file(kb / "site/search/index.html")
                  ->find("data-facet=\"field.customer_impact\"") != std::string::npos);
    }

    TEST_CASE("a value of the wrong type is an error at its place; undeclared keys still warn") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml", k_config);
        kb.write("content/postmortems/a.md",
                 postmortem_text("PM-1",
                                 "customer_impact: outgae\nrevenue_lost: lots\n"
                                 "review_meeting: 2026-02-30\nregions: eu-west\n"
                                 "doc: \"javascript:alert(1)\"\nsevirity_note: x\n"));
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_content);
        std::vector<std::string> found;
        for (const auto& d : sink.sorted())
            found.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + " " +
                            d.rule + " " + d.message.substr(0, 40));
        CAPTURE(found.size());
        REQUIRE(found.size() == 7);
        CHECK(found[0].rfind("2:1 schema.required a published post-mortem needs `vendor`", 0) == 0);
        CHECK(found[1].rfind("9:18 schema.field", 0) == 0);  // the enum, with its hint
        CHECK(sink.sorted()[1].hint.find("did you mean `outage`") != std::string::npos);
        CHECK(found[2].rfind("10:15 schema.field `revenue_lost` must be a number", 0) == 0);
        CHECK(found[3].rfind("11:17 ", 0) == 0);  // no 30 February
        CHECK(found[4].rfind("12:10 ", 0) == 0);  // a list, not one string
        CHECK(found[5].rfind("13:6 schema.field `doc` must be an http(s) URL", 0) == 0);
        CHECK(found[6].find("schema.unknown-key") != std::string::npos);
    }

    TEST_CASE(
        "a field that takes a built-in name, has no type, or an enum without values is a "
        "configuration error") {
        TempDir kb;
        hs::test::write_minimal_kb(kb);
        kb.write("hindsight.yaml",
                 "title: T\nfields:\n  severity: { type: string }\n  impact: { type: colour }\n"
                 "  tier: { type: enum }\n  Bad-Name: { type: string }\n");
        DiagnosticSink sink;
        CHECK(build_site(options_for(kb), sink).status == k_exit_usage);
        auto d = sink.sorted();
        REQUIRE(d.size() == 4);
        CHECK(d[0].message.find("`severity` is a field Hindsight defines") != std::string::npos);
        CHECK(d[1].pos.line == 4);  // colour: not a type
        CHECK(d[2].message.find("lists no `values`") != std::string::npos);
        CHECK(d[3].message.find("`Bad-Name`") != std::string::npos);
    }
}
