#include <doctest/doctest.h>

#include "analysis/action_items.hpp"

using namespace hs;

namespace {

Days day(const char* s) {
    return *parse_date(s);
}

ActionItem item(std::string status, std::optional<Days> due = std::nullopt) {
    ActionItem i;
    i.title = "Alert when checkout p99 exceeds 800 ms";
    i.owner = "ana";
    i.status = std::move(status);
    i.due = due;
    i.done_when = {"alert fires in staging"};
    i.verify = "fire drill";
    i.pos = {"pm.md", 20, 5};
    return i;
}

Site site_with(std::vector<ActionItem> items, std::string status = "published",
               const char* date = "2024-02-20") {
    Site site;
    site.services = {{"api", "API", "payments", 1, "", {}}};
    PostMortem pm;
    pm.id = "PM-1";
    pm.title = "Outage";
    pm.status = std::move(status);
    pm.date = {Seconds{day(date)}, false};
    pm.facilitator = {"fac"};
    pm.pos = {"pm.md", 1, 1};
    pm.action_items = std::move(items);
    site.postmortems.push_back(pm);
    return site;
}

std::vector<std::string> rules(const Site& site) {
    DiagnosticSink sink;
    check_action_items(site, sink);
    std::vector<std::string> out;
    for (auto& d : sink.sorted())
        out.push_back(d.rule);
    return out;
}

}  // namespace

TEST_SUITE("analysis::action_items") {
    TEST_CASE("a complete item passes every rule") {
        CHECK(rules(site_with({item("open", day("2024-03-01"))})).empty());
    }

    TEST_CASE("each broken rule is reported at the item's position") {
        auto no_owner = item("open", day("2024-03-01"));
        no_owner.owner = "";
        CHECK(rules(site_with({no_owner})) == std::vector<std::string>{"item.owner"});
        CHECK(rules(site_with({item("open")})) == std::vector<std::string>{"item.due"});
        CHECK(rules(site_with({item("done", day("2024-03-01"))})) ==
              std::vector<std::string>{"item.closed-on"});
        auto verified = item("verified", day("2024-03-01"));
        verified.closed_on = day("2024-02-28");
        CHECK(rules(site_with({verified})) == std::vector<std::string>{"item.verified-on"});
        CHECK(rules(site_with({item("wont-do", day("2024-03-01"))})) ==
              std::vector<std::string>{"item.reason"});
        // Due 15 days after the incident: the two-week rule; `project: true` lifts it.
        auto late = item("open", day("2024-03-06"));
        CHECK(rules(site_with({late})) == std::vector<std::string>{"item.two-week-rule"});
        late.project = true;
        CHECK(rules(site_with({late})).empty());
        CHECK(rules(site_with({item("open", day("2024-03-05"))})).empty());  // exactly 14 days
    }

    TEST_CASE("one person written two ways is flagged, since they would share an owner page") {
        auto a = item("open", day("2024-03-01"));
        auto b = item("open", day("2024-03-01"));
        b.owner = "Ana";
        CHECK(rules(site_with({a, b})) == std::vector<std::string>{"item.owner-slug"});
    }

    TEST_CASE("owner and due may wait until a post-mortem is published") {
        auto draft_item = item("open");
        draft_item.owner = "";
        CHECK(rules(site_with({draft_item}, "draft")).empty());
    }

    TEST_CASE("quality warnings: vague titles, team owners, no done_when, no verify") {
        auto vague = item("open", day("2024-03-01"));
        vague.title = "Improve monitoring";
        CHECK(rules(site_with({vague})).empty());  // done_when makes it checkable
        vague.done_when.clear();
        CHECK(rules(site_with({vague})) ==
              std::vector<std::string>{"item.done-when", "item.vague"});
        auto team = item("open", day("2024-03-01"));
        team.owner = "Payments";
        CHECK(rules(site_with({team})) == std::vector<std::string>{"item.owner-team"});
        auto unverifiable = item("open", day("2024-03-01"));
        unverifiable.verify = "";
        CHECK(rules(site_with({unverifiable})) == std::vector<std::string>{"item.verify"});
    }

    TEST_CASE("item state around the boundaries") {
        Policy policy;
        Days as_of = day("2024-03-01");
        auto due_today = item_state(item("open", day("2024-03-01")), as_of, policy);
        CHECK_FALSE(due_today.days_overdue);
        CHECK(due_today.days_left == 0);
        auto leap_day = item_state(item("in-progress", day("2024-02-29")), as_of, policy);
        CHECK(leap_day.days_overdue == 1);
        policy.grace_days = 1;
        auto in_grace = item_state(item("open", day("2024-02-29")), as_of, policy);
        CHECK_FALSE(in_grace.days_overdue);
        CHECK_FALSE(in_grace.days_left);
        CHECK(in_grace.days_in_grace == 1);
        policy.grace_days = 0;

        auto done = item("done", day("2024-02-20"));
        done.closed_on = day("2024-02-23");  // 7 days before: the last day of the window
        CHECK_FALSE(item_state(done, as_of, policy).unverified);
        done.closed_on = day("2024-02-22");
        CHECK(item_state(done, as_of, policy).unverified);
        CHECK_FALSE(item_state(item("verified", day("2024-01-01")), as_of, policy).open);
    }

    TEST_CASE("stale findings: overdue, unverified, stuck in review, unreviewed") {
        auto overdue = item("open", day("2024-02-27"));
        auto done = item("done", day("2024-02-25"));
        done.closed_on = day("2024-02-21");
        Site site = site_with({overdue, done}, "in-review", "2024-02-15");
        auto stale = find_stale(site, day("2024-03-01"));
        REQUIRE(stale.size() == 3);
        // Sorted by owner, then most days first.
        CHECK(stale[0].owner == "ana");
        CHECK(stale[0].kind == StaleKind::overdue);
        CHECK(stale[0].days == 3);
        CHECK(stale[1].kind == StaleKind::unverified);
        CHECK(stale[1].days == 2);
        CHECK(stale[2].kind == StaleKind::stuck_review);
        CHECK(stale[2].owner == "fac");
        CHECK(stale[2].days == 1);
        CHECK(find_stale(site, day("2024-02-26")).empty());

        site.config.policy.review_every_days = 7;
        auto reviewed = item("open", day("2024-03-20"));
        reviewed.project = true;
        reviewed.last_reviewed = day("2024-02-20");
        site = site_with({reviewed}, "published", "2024-02-15");
        site.config.policy.review_every_days = 7;
        auto unreviewed = find_stale(site, day("2024-03-01"));
        REQUIRE(unreviewed.size() == 1);
        CHECK(unreviewed[0].kind == StaleKind::unreviewed);
        CHECK(unreviewed[0].days == 3);
    }

    TEST_CASE("follow-through figures") {
        auto fast = item("verified", day("2024-02-25"));
        fast.closed_on = day("2024-02-24");  // 4 days after the incident
        fast.verified_on = day("2024-02-26");
        auto slow = item("done", day("2024-02-25"));
        slow.closed_on = day("2024-03-10");  // 19 days
        auto open = item("open", day("2024-02-25"));
        auto dropped = item("wont-do");
        Site site = site_with({fast, slow, open, dropped});
        auto f = follow_through(site, {0}, day("2024-03-01"));
        CHECK(f.items == 3);
        CHECK(f.closed_within_14 == 1);
        CHECK(f.verified == 1);
        CHECK(f.open == 1);
        CHECK(f.overdue == 1);
        CHECK(f.median_days_to_close == doctest::Approx(11.5));
    }

    TEST_CASE("all_items puts overdue first, then by due date, undated last") {
        Site site = site_with(
            {item("open", day("2024-03-05")), item("open"), item("open", day("2024-02-28"))},
            "draft");
        auto items = all_items(site, day("2024-03-01"));
        REQUIRE(items.size() == 3);
        CHECK(items[0].item == 2);
        CHECK(items[1].item == 0);
        CHECK(items[2].item == 1);
    }
}
