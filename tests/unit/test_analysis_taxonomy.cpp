#include <doctest/doctest.h>

#include "analysis/references.hpp"
#include "analysis/taxonomy.hpp"

using namespace hs;

namespace {

PostMortem pm(std::string id, std::string severity, std::vector<std::string> services,
              std::string category, std::vector<std::string> tags = {}) {
    PostMortem p;
    p.id = std::move(id);
    p.severity = std::move(severity);
    p.services = std::move(services);
    p.category = std::move(category);
    p.tags = std::move(tags);
    return p;
}

}  // namespace

TEST_SUITE("analysis::taxonomy") {
    TEST_CASE("every service and category gets a term, even without incidents") {
        Site site;
        site.services = {{"api", "API", "", 0, "", {}}, {"db", "DB", "", 0, "", {}}};
        site.config.categories = {"deployment", "capacity"};
        site.postmortems = {pm("B", "SEV1", {"api"}, "capacity", {"x"}),
                            pm("A", "SEV3", {"api", "db"}, "capacity", {"x", "y"})};
        auto t = build_taxonomies(site);
        CHECK(t.services.at("api") == std::vector<size_t>{0, 1});
        CHECK(t.services.at("db") == std::vector<size_t>{1});
        CHECK(t.categories.at("deployment").empty());
        CHECK(t.tags.at("y") == std::vector<size_t>{1});
        CHECK(t.by_id.at("A") == 1);
        auto counts = severity_counts(site, t.services.at("api"));
        REQUIRE(counts.size() == 4);
        CHECK(counts[0] == std::pair<std::string, size_t>{"SEV1", 1});
        CHECK(counts[1].second == 0);
        CHECK(counts[2].second == 1);
    }

    TEST_CASE("a related id that does not exist is an error at its position, with a suggestion") {
        Site site;
        site.postmortems = {pm("PM-001", "SEV1", {}, "x"), pm("PM-002", "SEV1", {}, "x")};
        site.postmortems[1].related = {{"PM-001", {"b.md", 9, 11}}, {"PM-01", {"b.md", 9, 19}}};
        DiagnosticSink sink;
        check_references(site, build_taxonomies(site), sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 1);
        CHECK(d[0].pos == SourcePos{"b.md", 9, 19});
        CHECK(d[0].hint == "did you mean `PM-001`?");
    }

    TEST_CASE("a post-mortem related to itself or to one twice gets a warning") {
        Site site;
        site.postmortems = {pm("PM-001", "SEV1", {}, "x"), pm("PM-002", "SEV1", {}, "x")};
        site.postmortems[1].related = {
            {"PM-002", {"b.md", 9, 11}}, {"PM-001", {"b.md", 9, 19}}, {"PM-001", {"b.md", 9, 27}}};
        DiagnosticSink sink;
        check_references(site, build_taxonomies(site), sink);
        auto d = sink.sorted();
        REQUIRE(d.size() == 2);
        CHECK(d[0].rule == "link.self");
        CHECK(d[1].rule == "link.duplicate");
        CHECK_FALSE(sink.has_errors());
    }
}
