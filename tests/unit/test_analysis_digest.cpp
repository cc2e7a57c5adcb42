#include <doctest/doctest.h>

#include <algorithm>

#include "analysis/digest.hpp"
#include "analysis/taxonomy.hpp"

using namespace hs;

namespace {

PostMortem incident(std::string id, const char* start, std::string severity,
                    std::vector<std::string> services, std::string category) {
    PostMortem p;
    p.id = std::move(id);
    p.date = *parse_timestamp(start);
    p.severity = std::move(severity);
    p.services = std::move(services);
    p.category = std::move(category);
    p.status = "published";
    return p;
}

ActionItem item(std::string title, const char* due, std::string status,
                const char* closed_on = nullptr, const char* verified_on = nullptr) {
    ActionItem i;
    i.title = std::move(title);
    i.owner = "ana";
    i.due = parse_date(due);
    i.status = std::move(status);
    if (closed_on) i.closed_on = parse_date(closed_on);
    if (verified_on) i.verified_on = parse_date(verified_on);
    return i;
}

// A knowledge base whose 2026-Q3 figures are worked out by hand below.
Site fixture() {
    // Q3: A (SEV1, api+db, 90 min to mitigation), B (SEV2, api, no mitigation: 3 h to
    // resolution), C (SEV2, web, no times). Outside: D in June, E in October.
    PostMortem a = incident("A", "2026-07-10T10:00:00Z", "SEV1", {"api", "db"}, "capacity");
    a.mitigated = parse_timestamp("2026-07-10T11:30:00Z");
    a.resolved = parse_timestamp("2026-07-10T15:00:00Z");
    a.action_items = {
        item("A1 closed in 5 days, verified", "2026-07-20", "verified", "2026-07-15", "2026-07-16"),
        item("A2 closed after 20 days", "2026-07-24", "done", "2026-07-30"),
        item("A3 still open, due in Q3", "2026-07-24", "open"),
        item("A4 won't do", "2026-07-24", "wont-do")};
    a.action_items[2].replanned = {{*parse_date("2026-07-20"), *parse_date("2026-07-18"), "", {}}};
    PostMortem b = incident("B", "2026-08-01T08:00:00Z", "SEV2", {"api"}, "capacity");
    b.resolved = parse_timestamp("2026-08-01T11:00:00Z");
    b.action_items = {item("B1 open, due after Q3", "2026-10-05", "open"),
                      item("B2 closed on the last day of Q3", "2026-08-10", "done", "2026-09-30")};
    PostMortem c = incident("C", "2026-09-30T23:00:00Z", "SEV2", {"web"}, "deployment");
    PostMortem d = incident("D", "2026-06-15T10:00:00Z", "SEV3", {"api"}, "capacity");
    d.action_items = {item("D1 due in Q3, closed in Q4", "2026-07-01", "done", "2026-10-02"),
                      item("D2 due in June, closed in July", "2026-06-20", "done", "2026-07-03")};
    PostMortem e = incident("E", "2026-10-01T00:30:00Z", "SEV1", {"api"}, "capacity");
    Site site;
    site.services = {{"api", "API", "", 0, "", {}},
                     {"db", "Database", "", 0, "", {}},
                     {"web", "Web", "", 0, "", {}}};
    site.config.categories = {"capacity", "deployment"};
    site.postmortems = {e, c, b, a, d};  // newest first, as the loader sorts them
    return site;
}

}  // namespace

TEST_SUITE("analysis::digest") {
    TEST_CASE("periods: months and quarters by key, bad keys refused") {
        auto q = parse_period("2026-Q3");
        REQUIRE(q);
        CHECK(q->quarter);
        CHECK(format_date(q->first) == "2026-07-01");
        CHECK(format_date(q->last) == "2026-09-30");
        CHECK(q->label == "2026 Q3 (July to September)");
        auto m = parse_period("2024-02");
        REQUIRE(m);
        CHECK(format_date(m->last) == "2024-02-29");
        CHECK(m->label == "February 2024");
        for (const char* bad : {"2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-9", "Q3", ""})
            CHECK_MESSAGE(!parse_period(bad), bad);
    }

    TEST_CASE("every month and quarter from the first incident to the as-of date, newest first") {
        Site site = fixture();
        auto periods = digest_periods(site, *parse_date("2026-11-20"));
        std::vector<std::string> keys;
        for (const auto& p : periods)
            keys.push_back(p.key);
        CHECK(keys == std::vector<std::string>{"2026-Q4", "2026-Q3", "2026-Q2", "2026-11",
                                               "2026-10", "2026-09", "2026-08", "2026-07",
                                               "2026-06"});
        CHECK(digest_periods(Site{}, *parse_date("2026-11-20")).empty());
    }

    TEST_CASE("a quarter's figures, worked out by hand") {
        Site site = fixture();
        Insights insights = find_insights(site, build_taxonomies(site), {3, 180, 365});
        PeriodDigest d =
            digest_for(site, insights, *parse_period("2026-Q3"), *parse_date("2026-11-20"));
        // C (30 Sep 23:00), B, A: newest first; D (June) and E (October) are outside.
        REQUIRE(d.incidents.size() == 3);
        CHECK(site.postmortems[d.incidents[0]].id == "C");
        CHECK(site.postmortems[d.incidents[2]].id == "A");
        CHECK(d.by_severity ==
              std::vector<std::pair<std::string, size_t>>{{"SEV1", 1}, {"SEV2", 2}});
        CHECK(d.by_service ==
              std::vector<std::pair<std::string, size_t>>{{"api", 2}, {"db", 1}, {"web", 1}});
        // A: 90 minutes to mitigation; B: 180 minutes to resolution; C gives no times.
        CHECK(d.impact_minutes == 270);
        CHECK(d.impact_known == 2);
        // Items of A, B, C (wont-do aside): A1, A2, A3, B1, B2 = 5. Closed within 14 days of
        // their incident: A1 only (A2 after 20 days, B2 after 60). Verified: A1. One re-plan
        // (A3). Overdue today (20 Nov): A3 (due 24 Jul) and B1 (due 5 Oct).
        CHECK(d.follow.items == 5);
        CHECK(d.follow.closed_within_14 == 1);
        CHECK(d.follow.verified == 1);
        CHECK(d.follow.slips == 1);
        CHECK(d.follow.overdue == 2);
        // Overdue when Q3 ended (30 Sep), over every post-mortem: A3 (open), D1 (due 1 Jul,
        // closed 2 Oct). Not: A2 and D2 (closed in Q3), B2 (closed on the last day), B1 (due
        // in October), A4 (won't do).
        CHECK(d.overdue_at_end == 2);
        // Came due in Q3, by date: D1 (1 Jul), A1 (20 Jul), A2, A3, A4 (24 Jul), B2 (10 Aug).
        std::vector<std::string> due;
        for (const auto& ref : d.came_due)
            due.push_back(
                site.postmortems[ref.postmortem].action_items[ref.item].title.substr(0, 2));
        CHECK(due == std::vector<std::string>{"D1", "A1", "A2", "A3", "A4", "B2"});
    }

    TEST_CASE("a pattern counts in every period its incidents span") {
        Site site = fixture();
        // api: D (Jun 15), A (Jul 10), B (Aug 1), E (Oct 1) within 180 days: a pattern from
        // June to October, so active in Q2, Q3 and Q4, and in September, which has no api
        // incident of its own.
        Insights insights = find_insights(site, build_taxonomies(site), {3, 180, 365});
        Days as_of = *parse_date("2026-11-20");
        auto active = [&](const char* key) {
            size_t n = 0;
            for (size_t p : digest_for(site, insights, *parse_period(key), as_of).patterns)
                n += insights.patterns[p].kind == "services" && insights.patterns[p].term == "api";
            return n;
        };
        CHECK(active("2026-Q2") == 1);
        CHECK(active("2026-09") == 1);
        CHECK(active("2026-Q4") == 1);
        CHECK(active("2026-11") == 0);
    }

    TEST_CASE("a busy quarter lists its most severe incidents and its open items, and counts all") {
        // 50 incidents in Q3, one a day from 1 July, newest first: every fifth is SEV1, the
        // rest SEV3. Each has two items due in Q3: one open, one done.
        Site site;
        site.config.severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
        for (int n = 49; n >= 0; --n) {
            Days day = *parse_date("2026-07-01") + std::chrono::days{n};
            std::string date = format_date(day) + "T10:00:00Z";
            PostMortem p = incident("P" + std::to_string(n), date.c_str(),
                                    n % 5 == 0 ? "SEV1" : "SEV3", {"api"}, "capacity");
            std::string due = format_date(day + std::chrono::days{7});
            p.action_items = {item("open " + std::to_string(n), due.c_str(), "open"),
                              item("done " + std::to_string(n), due.c_str(), "done")};
            site.postmortems.push_back(std::move(p));
        }
        Period q3 = *parse_period("2026-Q3");
        PeriodDigest d = digest_for(site, Insights{}, q3, *parse_date("2026-11-01"));
        REQUIRE(d.incidents.size() == 50);
        CHECK(d.came_due.size() == 100);

        auto listed = listed_incidents(site, d);
        REQUIRE(listed.size() == k_digest_incidents);
        CHECK(std::is_sorted(listed.begin(), listed.end()));  // newest first, as in the site
        size_t sev1 = 0;
        for (size_t i : listed)
            sev1 += site.postmortems[i].severity == "SEV1";
        CHECK(sev1 == 10);  // every SEV1, then the newest 30 SEV3s: P13 and after
        auto has = [&](const char* id) {
            return std::any_of(listed.begin(), listed.end(),
                               [&](size_t i) { return site.postmortems[i].id == id; });
        };
        CHECK(has("P0"));  // the oldest, a SEV1
        CHECK(has("P13"));
        CHECK_FALSE(has("P12"));
        CHECK_FALSE(has("P1"));

        auto items = listed_items(site, d);
        REQUIRE(items.size() == k_digest_items);
        size_t open = 0;
        for (const auto& ref : items)
            open += site.postmortems[ref.postmortem].action_items[ref.item].status == "open";
        CHECK(open == 50);  // every open item, then the earliest closed ones
        CHECK(std::is_sorted(items.begin(), items.end(), [&](const auto& a, const auto& b) {
            return *site.postmortems[a.postmortem].action_items[a.item].due <
                   *site.postmortems[b.postmortem].action_items[b.item].due;
        }));
    }
}
