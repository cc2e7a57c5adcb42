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

std::vector<Diagnostic> diagnostics(const Site& site, const char* as_of = "2024-03-01") {
    DiagnosticSink sink;
    check_action_items(site, day(as_of), sink);
    return sink.sorted();
}

std::vector<std::string> rules(const Site& site, const char* as_of = "2024-03-01") {
    std::vector<std::string> out;
    for (auto& d : diagnostics(site, as_of))
        out.push_back(d.rule);
    return out;
}

Ticket ticket(bool closed, const char* closed_on = nullptr) {
    Ticket t;
    t.closed = closed;
    if (closed_on) t.closed_on = day(closed_on);
    return t;
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

TEST_SUITE("analysis::action_items") {
    TEST_CASE("dates that cannot be true are errors at the value's own line") {
        auto closed_early = item("done", day("2024-03-01"));
        closed_early.closed_on = day("2024-01-19");  // a month before the incident
        closed_early.closed_on_pos = {"pm.md", 24, 16};
        auto found = diagnostics(site_with({closed_early}));
        REQUIRE(found.size() == 1);
        CHECK(found[0].rule == "item.dates");
        CHECK(found[0].pos == SourcePos{"pm.md", 24, 16});
        CHECK(found[0].message.find("before the incident") != std::string::npos);

        auto closed_ahead = item("done", day("2024-03-01"));
        closed_ahead.closed_on = day("2024-03-02");  // tomorrow
        CHECK(rules(site_with({closed_ahead})) == std::vector<std::string>{"item.dates"});
        closed_ahead.closed_on = day("2024-03-01");  // today is fine
        CHECK(rules(site_with({closed_ahead})).empty());

        auto verified_ahead = item("verified", day("2024-03-01"));
        verified_ahead.closed_on = day("2024-02-25");
        verified_ahead.verified_on = day("2024-03-05");
        CHECK(rules(site_with({verified_ahead})) == std::vector<std::string>{"item.dates"});

        auto due_early = item("open", day("2024-02-19"));
        due_early.due_pos = {"pm.md", 22, 10};
        found = diagnostics(site_with({due_early}));
        REQUIRE(found.size() == 1);
        CHECK(found[0].pos == SourcePos{"pm.md", 22, 10});

        // A published incident after the as-of date; a draft may be written ahead.
        Site future = site_with({item("open", day("2024-03-10"))}, "published", "2024-03-05");
        future.postmortems[0].date_pos = {"pm.md", 3, 7};
        found = diagnostics(future);
        REQUIRE(found.size() == 1);
        CHECK(found[0].rule == "schema.date-future");
        CHECK(found[0].pos == SourcePos{"pm.md", 3, 7});
        future.postmortems[0].status = "draft";
        CHECK(rules(future).empty());
    }

    TEST_CASE("several owners are an error, a team-like owner a warning") {
        for (const char* several : {"ana, ben", "ana and ben", "ana & ben", "ana/ben", "ana;ben"}) {
            CAPTURE(several);
            auto shared = item("open", day("2024-03-01"));
            shared.owner = several;
            CHECK(rules(site_with({shared})) == std::vector<std::string>{"item.owner-one"});
        }
        for (const char* team : {"sre-team", "Team Checkout", "payments squad", "@acme/sre",
                                 "db-oncall", "platform_group"}) {
            CAPTURE(team);
            auto grouped = item("open", day("2024-03-01"));
            grouped.owner = team;
            CHECK(rules(site_with({grouped})) == std::vector<std::string>{"item.owner-team"});
        }
        for (const char* person : {"ana", "Jane Doe", "steam.engineer", "tallulah", "alliyah"}) {
            CAPTURE(person);
            auto one = item("open", day("2024-03-01"));
            one.owner = person;
            CHECK(rules(site_with({one})).empty());
        }
    }

    TEST_CASE("re-plans: the two-week rule judges the first plan; the new date may be later") {
        auto moved = item("open", day("2024-03-20"));  // 29 days after the incident
        moved.replanned = {
            {day("2024-02-28"), day("2024-03-01"), "waiting for a vendor fix", {"pm.md", 30, 9}}};
        CHECK(rules(site_with({moved})).empty());
        CHECK(moved.planned_due() == day("2024-03-01"));

        moved.replanned[0].from = day("2024-03-10");  // the first plan broke the rule already
        auto found = diagnostics(site_with({moved}));
        REQUIRE(found.size() == 1);
        CHECK(found[0].rule == "item.two-week-rule");
        CHECK(found[0].pos == SourcePos{"pm.md", 30, 9});

        moved.replanned[0] = {day("2024-03-02"), day("2024-03-01"), "later", {"pm.md", 30, 9}};
        CHECK(rules(site_with({moved})) == std::vector<std::string>{"item.dates"});  // tomorrow
    }

    TEST_CASE("ticket policy: required on open published items, and matching the pattern") {
        Site site = site_with({item("open", day("2024-03-01"))});
        site.config.policy.require_ticket = true;
        CHECK(rules(site) == std::vector<std::string>{"item.ticket"});
        site.postmortems[0].action_items[0].ticket = "nw 12";
        CHECK(rules(site).empty());
        site.config.tracker_pattern = "[A-Z]+-[0-9]+";
        CHECK(rules(site) == std::vector<std::string>{"item.ticket-pattern"});
        site.postmortems[0].action_items[0].ticket = "NW-12";
        CHECK(rules(site).empty());
        site.postmortems[0].status = "draft";
        site.postmortems[0].action_items[0].ticket = "";
        CHECK(rules(site).empty());  // drafts may wait for their tickets
    }

    TEST_CASE("a severe post-mortem asks what would detect and contain it sooner") {
        auto prevent = item("open", day("2024-03-01"));
        prevent.type = "prevent";
        Site site = site_with({prevent});
        site.postmortems[0].severity = "SEV1";
        CHECK(rules(site) == std::vector<std::string>{"item.contain", "item.detect"});
        auto detect = prevent;
        detect.type = "detect";
        auto resolve = prevent;
        resolve.type = "resolve";
        site.postmortems[0].action_items = {prevent, detect, resolve};
        CHECK(rules(site).empty());
        site.postmortems[0].action_items = {prevent};
        site.postmortems[0].severity = "SEV3";
        CHECK(rules(site).empty());
    }

    TEST_CASE("tracker drift against a snapshot, with the fix to write") {
        auto open_closed = item("open", day("2024-03-05"));
        open_closed.ticket = "#12";
        auto done_open = item("done", day("2024-02-25"));
        done_open.closed_on = day("2024-02-29");
        done_open.ticket = "acme/kb#13";
        auto unknown = item("in-progress", day("2024-03-05"));
        unknown.ticket = "#99";
        auto agreeing = item("verified", day("2024-02-25"));
        agreeing.closed_on = day("2024-02-24");
        agreeing.verified_on = day("2024-02-25");
        agreeing.ticket = "#14";
        Site site = site_with({open_closed, done_open, unknown, agreeing});
        CHECK(find_stale(site, day("2024-03-01")).empty());  // no snapshot, no drift

        site.tickets = TicketSnapshot{"tickets.json", "github", {}};
        site.tickets->tickets = {
            {"12", ticket(true, "2024-02-27")}, {"13", ticket(false)}, {"14", ticket(true)}};
        auto stale = find_stale(site, day("2024-03-01"));
        REQUIRE(stale.size() == 3);
        for (const auto& s : stale) {
            CHECK(s.kind == StaleKind::drift);
            CHECK_FALSE(s.fix.empty());
        }
        CHECK(stale[0].item == 0);  // closed 3 days ago (2024 has a 29 February): most days first
        CHECK(stale[0].days == 3);
        CHECK(stale[0].fix.find("closed_on: 2024-02-27") != std::string::npos);
        CHECK(stale[1].item == 1);
        CHECK(stale[1].message.find("still open") != std::string::npos);
        CHECK(stale[2].item == 2);
        CHECK(stale[2].message.find("not in the tracker") != std::string::npos);
    }

    TEST_CASE("every finding says exactly what to write") {
        auto overdue = item("open", day("2024-02-27"));
        auto done = item("done", day("2024-02-25"));
        done.closed_on = day("2024-02-21");
        Site site = site_with({overdue, done}, "in-review", "2024-02-15");
        auto stale = find_stale(site, day("2024-03-01"));
        REQUIRE(stale.size() == 3);
        CHECK(stale[0].fix.find("replanned: [{ on: 2024-03-01, from: 2024-02-27") !=
              std::string::npos);
        CHECK(stale[1].fix.find("verified_on: 2024-03-01") != std::string::npos);
        CHECK(stale[1].fix.find("verified_by") != std::string::npos);
        CHECK(stale[2].fix.find("status: published") != std::string::npos);
    }

    TEST_CASE("honest figures: young incidents are pending, projects and slips apart") {
        auto open = item("open", day("2024-03-01"));
        auto quick = item("done", day("2024-02-26"));
        quick.closed_on = day("2024-02-25");
        auto project = item("open", day("2024-06-01"));
        project.project = true;
        auto slipped = item("open", day("2024-03-04"));
        slipped.replanned = {{day("2024-02-28"), day("2024-02-27"), "x", {}},
                             {day("2024-03-01"), day("2024-03-01"), "y", {}}};
        // A 4-day-old incident: nothing can have missed its 14 days yet.
        Site site = site_with({open, quick, project, slipped}, "published", "2024-02-22");
        auto young = follow_through(site, {0}, day("2024-02-26"));
        CHECK(young.items == 3);
        CHECK(young.projects == 1);
        CHECK(young.judged_14 == 1);  // the quick one
        CHECK(young.closed_within_14 == 1);
        CHECK(young.pending_14 == 2);
        CHECK(young.slips == 2);
        CHECK(young.slipped_items == 1);
        auto later = follow_through(site, {0}, day("2024-03-08"));
        CHECK(later.judged_14 == 3);
        CHECK(later.pending_14 == 0);
        CHECK(later.closed_within_14 == 1);
    }
}
