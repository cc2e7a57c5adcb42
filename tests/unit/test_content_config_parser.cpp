#include <doctest/doctest.h>

#include "content/config_parser.hpp"

using namespace hs;

TEST_SUITE("content::config_parser") {
    TEST_CASE("an empty config keeps every default") {
        Config config;
        DiagnosticSink sink;
        parse_config("hindsight.yaml", "", config, sink);
        CHECK_FALSE(sink.has_errors());
        CHECK(config.severities.size() == 4);
        CHECK(config.policy.max_due_days == 14);
        CHECK(config.base_url == "/");
        CHECK_FALSE(config.raw_html);
    }

    TEST_CASE("settings are read, and base_url always ends with a slash") {
        Config config;
        DiagnosticSink sink;
        parse_config("hindsight.yaml",
                     "title: Acme\nbase_url: https://acme.github.io/pm\nseverities: [P0, P1]\n"
                     "policy: { verify_within_days: 3, review_every_days: 7 }\nas_of: 2026-11-30\n"
                     "markdown: { raw_html: true }\n",
                     config, sink);
        CHECK_FALSE(sink.has_errors());
        CHECK(config.base_url == "https://acme.github.io/pm/");
        CHECK(config.severities == std::vector<std::string>{"P0", "P1"});
        CHECK(config.policy.verify_within_days == 3);
        CHECK(config.policy.review_every_days == 7);
        CHECK(format_date(*config.as_of) == "2026-11-30");
        CHECK(config.raw_html);
    }

    TEST_CASE("base_url must be rooted or absolute, and keys may not repeat") {
        Config config;
        DiagnosticSink sink;
        parse_config("hindsight.yaml", "base_url: kb/\ntitle: A\ntitle: B\n", config, sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 2);
        CHECK(d[0].rule == "config.value");
        CHECK(d[1].pos == SourcePos{"hindsight.yaml", 3, 1});
        CHECK(d[1].rule == "yaml.duplicate-key");
    }

    TEST_CASE("services are read with positions; duplicates are refused") {
        DiagnosticSink sink;
        auto services = parse_services("services.yaml",
                                       "- { id: api, name: API, team: web, tier: 1 }\n"
                                       "- id: db\n  tier: two\n",
                                       sink);
        REQUIRE(services.size() == 1);
        CHECK(services[0].name == "API");
        CHECK(services[0].pos == SourcePos{"services.yaml", 1, 3});
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].pos == SourcePos{"services.yaml", 3, 9});
    }
}

TEST_SUITE("content::config_parser") {
    TEST_CASE(
        "input on which yaml-cpp's LoadAll never ends is an error, at once (found by fuzzing)") {
        DiagnosticSink sink;
        Config config;
        parse_config("hindsight.yaml", ", {id: db, eam: data}\n", config, sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].rule == "yaml.documents");
        DiagnosticSink registry;
        parse_services("content/services.yaml", ", {id: db, eam: data}\n", registry);
        CHECK(registry.has_errors());
    }
}
