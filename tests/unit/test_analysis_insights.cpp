#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/insights.hpp"

using namespace hs;

namespace {

PostMortem pm(std::string id, const char* date, std::string service, std::string category) {
    PostMortem p;
    p.id = std::move(id);
    p.date = *parse_timestamp(date);
    p.services = {std::move(service)};
    p.category = std::move(category);
    return p;
}

Site site_of(std::vector<PostMortem> pms) {
    Site site;
    site.services = {{"api", "API", "", 0, "", {}}, {"db", "DB", "", 0, "", {}}};
    site.config.categories = {"capacity", "deployment"};
    std::sort(pms.begin(), pms.end(),
              [](auto& a, auto& b) { return a.date.instant > b.date.instant; });
    site.postmortems = std::move(pms);
    return site;
}

}  // namespace

TEST_SUITE("analysis::insights") {
    TEST_CASE("three incidents within 180 days are a pattern; 181 days are not") {
        auto within = site_of({pm("A", "2026-01-01", "api", "capacity"),
                               pm("B", "2026-03-01", "api", "capacity"),
                               pm("C", "2026-06-30", "api", "capacity")});  // 180 days apart
        auto in = find_insights(within, build_taxonomies(within), {});
        REQUIRE(in.patterns.size() == 2);  // the category and the service
        CHECK(in.patterns[0].kind == "categories");
        CHECK(in.patterns[0].postmortems.size() == 3);
        CHECK(format_date(in.patterns[0].first) == "2026-01-01");

        auto beyond = site_of({pm("A", "2026-01-01", "api", "capacity"),
                               pm("B", "2026-03-01", "api", "capacity"),
                               pm("C", "2026-07-01", "api", "capacity")});  // 181 days
        CHECK(find_insights(beyond, build_taxonomies(beyond), {}).patterns.empty());
    }

    TEST_CASE("a long streak is one pattern, and the count and window are settings") {
        auto site = site_of(
            {pm("A", "2026-01-01", "db", "capacity"), pm("B", "2026-02-01", "db", "capacity"),
             pm("C", "2026-03-01", "db", "capacity"), pm("D", "2026-04-01", "db", "capacity")});
        auto in = find_insights(site, build_taxonomies(site), {});
        REQUIRE(in.patterns.size() == 2);
        CHECK(in.patterns[0].postmortems.size() == 4);
        CHECK(find_insights(site, build_taxonomies(site), {5, 180}).patterns.empty());
        CHECK(find_insights(site, build_taxonomies(site), {2, 20}).patterns.empty());
    }

    TEST_CASE("recurrence after a verified fix needs the same category and a shared service") {
        auto earlier = pm("A", "2026-01-01", "api", "capacity");
        ActionItem fix;
        fix.title = "Cap the pool";
        fix.status = "verified";
        fix.verified_on = parse_date("2026-01-10");
        earlier.action_items = {fix};
        auto site = site_of(
            {earlier, pm("B", "2026-01-10", "api", "capacity"),  // same day: not after
             pm("C", "2026-02-01", "api", "capacity"), pm("D", "2026-02-02", "db", "capacity"),
             pm("E", "2026-02-03", "api", "deployment")});
        auto in = find_insights(site, build_taxonomies(site), {});
        REQUIRE(in.recurrences.size() == 1);
        CHECK(site.postmortems[in.recurrences[0].incident].id == "C");
        CHECK(site.postmortems[in.recurrences[0].postmortem].id == "A");
    }

    TEST_CASE("only the latest earlier fix counts, and only within fix_window_days") {
        auto fixed = [](std::string id, const char* date, const char* verified) {
            auto p = pm(std::move(id), date, "api", "capacity");
            ActionItem item;
            item.title = "Fix in " + p.id;
            item.status = "verified";
            item.verified_on = parse_date(verified);
            p.action_items = {item};
            return p;
        };
        auto site =
            site_of({fixed("A", "2024-01-01", "2024-01-10"), fixed("B", "2025-06-01", "2025-06-10"),
                     pm("C", "2026-01-01", "api", "capacity")});
        auto in = find_insights(site, build_taxonomies(site), {});
        // C recurred after B's fix only; B itself recurred after A's fix, verified 507 days before.
        REQUIRE(in.recurrences.size() == 1);
        CHECK(site.postmortems[in.recurrences[0].incident].id == "C");
        CHECK(site.postmortems[in.recurrences[0].postmortem].id == "B");
        CHECK(find_insights(site, build_taxonomies(site), {3, 180, 600}).recurrences.size() == 2);
        CHECK(find_insights(site, build_taxonomies(site), {3, 180, 100}).recurrences.empty());
    }

    TEST_CASE("durations: median and nearest-rank p90 over post-mortems with times") {
        Site site;
        for (int m : {5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560}) {
            PostMortem p;
            p.date = *parse_timestamp("2026-01-01T00:00:00Z");
            p.detected = Timestamp{p.date.instant + std::chrono::minutes{m}, true};
            site.postmortems.push_back(p);
        }
        std::vector<size_t> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        auto s = duration_stats(site, all, &PostMortem::detected);
        CHECK(s.count == 10);
        CHECK(s.median_minutes == 120);
        CHECK(s.p90_minutes == 1280);
    }
}

TEST_SUITE("analysis::insights") {
    TEST_CASE(
        "a repeat compares detect, mitigate and resolve times with the latest incident alike") {
        auto first = pm("A", "2026-01-01T10:00:00Z", "api", "capacity");
        first.detected = parse_timestamp("2026-01-01T10:30:00Z");        // 30 min
        first.mitigated = parse_timestamp("2026-01-01T11:00:00Z");       // 60 min
        auto other = pm("B", "2026-02-01T10:00:00Z", "db", "capacity");  // no shared service
        auto again = pm("C", "2026-03-01T10:00:00Z", "api", "capacity");
        again.detected = parse_timestamp("2026-03-01T10:10:00Z");   // 10 min: 20 faster
        again.mitigated = parse_timestamp("2026-03-01T11:15:00Z");  // 75 min: 15 slower
        again.resolved = parse_timestamp("2026-03-01T12:00:00Z");   // A gives none
        auto third = pm("D", "2026-04-01", "api", "capacity");      // a date without times
        auto site = site_of({first, other, again, third});
        auto in = find_insights(site, build_taxonomies(site), {});
        REQUIRE(in.repeats.size() == 2);
        const auto& c = in.repeats[0];
        CHECK(site.postmortems[c.incident].id == "C");
        CHECK(site.postmortems[c.earlier].id == "A");  // B shares no service
        CHECK(c.detect == -20);
        CHECK(c.mitigate == 15);
        CHECK_FALSE(c.resolve);
        const auto& d = in.repeats[1];
        CHECK(site.postmortems[d.earlier].id == "C");  // the latest alike, not the first
        CHECK_FALSE(d.detect);
        for (size_t i = 0; i < site.postmortems.size(); ++i)
            CHECK(in.repeat_of[i].has_value() ==
                  (site.postmortems[i].id == "C" || site.postmortems[i].id == "D"));
        auto outcome = repeat_outcome(in, {0, 1});
        CHECK(outcome.repeats == 2);
        CHECK(outcome.detect_known == 1);
        CHECK(outcome.detect_faster == 1);
        CHECK(outcome.mitigate_known == 1);
        CHECK(outcome.mitigate_faster == 0);
        CHECK(outcome.resolve_known == 0);
    }
}
