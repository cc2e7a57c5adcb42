#include "analysis/action_items.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "util/strings.hpp"

namespace hs {
namespace {

int days_between(Days from, Days to) {
    return int((to - from).count());
}

// Words that promise activity rather than an outcome; with no done_when nobody can tell when
// such an item is finished.
const std::vector<std::string> k_vague_starts = {"improve", "investigate", "look into", "monitor",
                                                 "review",  "consider",    "explore",   "revisit"};

bool vague_title(const std::string& title) {
    std::string lower = to_lower(trim(title));
    for (const auto& word : k_vague_starts)
        if (lower.rfind(word, 0) == 0) return true;
    return false;
}

void check_item(const Site& site, const PostMortem& pm, const ActionItem& item,
                DiagnosticSink& sink) {
    const Policy& policy = site.config.policy;
    bool published = pm.status == "published";
    const SourcePos& at = item.pos;
    if (published && is_open(item) && item.owner.empty())
        sink.error(at, "action item `" + item.title + "` has no owner", "item.owner",
                   "name one person who will drive it: `owner: jane.doe`");
    if (published && is_open(item) && !item.due)
        sink.error(at, "action item `" + item.title + "` has no due date", "item.due",
                   "add `due: YYYY-MM-DD`; an item without a date is never late, so never done");
    if ((item.status == "done" || item.status == "verified") && !item.closed_on)
        sink.error(at, "a " + item.status + " item needs `closed_on`", "item.closed-on",
                   "add the date it was finished: `closed_on: YYYY-MM-DD`");
    if (item.status == "verified" && !item.verified_on)
        sink.error(at, "a verified item needs `verified_on`", "item.verified-on",
                   "add the date the fix was shown to work: `verified_on: YYYY-MM-DD`");
    if (item.status == "wont-do" && item.reason.empty())
        sink.error(at, "a wont-do item needs a `reason`", "item.reason",
                   "say why it will not be done, so readers know the risk was accepted");
    if (item.closed_on && item.verified_on && *item.verified_on < *item.closed_on)
        sink.error(at, "`verified_on` is before `closed_on`", "item.dates",
                   "an item is verified after it is closed");
    if (item.due && !item.project) {
        int after = days_between(pm.date.day(), *item.due);
        if (after > policy.max_due_days)
            sink.error(at,
                       "due " + std::to_string(after) + " days after the incident, more than " +
                           std::to_string(policy.max_due_days) + " (the two-week rule)",
                       "item.two-week-rule",
                       "split it into a first step due within " +
                           std::to_string(policy.max_due_days) +
                           " days, or mark it `project: true` and track it as a project");
    }

    if (item.status == "wont-do") return;
    if (vague_title(item.title) && item.done_when.empty())
        sink.warning(at, "vague action item `" + item.title + "`", "item.vague",
                     "say what will be true when it is done, e.g. \"Alert when p99 > 800 ms for "
                     "5 min\", or add `done_when`");
    for (const auto& service : site.services)
        if (!item.owner.empty() && to_lower(item.owner) == to_lower(service.team))
            sink.warning(at, "owner `" + item.owner + "` is a team, not a person",
                         "item.owner-team",
                         "name one person of team " + service.team + " who will drive it");
    if (item.done_when.empty())
        sink.warning(at, "action item `" + item.title + "` has no `done_when`", "item.done-when",
                     "list concrete, checkable conditions: `done_when: [alert fires in staging]`");
    if (item.verify.empty())
        sink.warning(at, "action item `" + item.title + "` has no `verify`", "item.verify",
                     "say how completion will be demonstrated, e.g. a game day or a load test");
}

std::string responsible(const PostMortem& pm) {
    if (!pm.facilitator.empty()) return pm.facilitator.front();
    if (!pm.authors.empty()) return pm.authors.front();
    return "(nobody)";
}

}  // namespace

bool is_open(const ActionItem& item) {
    return item.status == "open" || item.status == "in-progress";
}

void check_action_items(const Site& site, DiagnosticSink& sink) {
    // Owner pages are named by slug: `jane.doe` and `Jane Doe` would share one.
    std::map<std::string, std::string> spelled;  // slug → first spelling
    for (const auto& pm : site.postmortems)
        for (const auto& item : pm.action_items) {
            if (item.owner.empty()) continue;
            auto [it, inserted] = spelled.emplace(slugify(item.owner), item.owner);
            if (!inserted && it->second != item.owner)
                sink.warning(
                    item.pos,
                    "owner `" + item.owner + "` and `" + it->second +
                        "` look like one person written two ways; they share one owner page",
                    "item.owner-slug", "write the owner the same way everywhere");
        }
    for (const auto& pm : site.postmortems) {
        for (const auto& item : pm.action_items)
            check_item(site, pm, item, sink);
    }
}

ItemState item_state(const ActionItem& item, Days as_of, const Policy& policy) {
    ItemState s;
    s.open = is_open(item);
    if (s.open && item.due) {
        int late = days_between(*item.due, as_of);  // 0 on the due day itself
        if (late > policy.grace_days)
            s.days_overdue = late;
        else if (late > 0)
            s.days_in_grace = late;
        else
            s.days_left = -late;
    }
    if (item.status == "done" && item.closed_on)
        s.unverified = days_between(*item.closed_on, as_of) > policy.verify_within_days;
    return s;
}

std::vector<ItemRef> all_items(const Site& site, Days as_of) {
    std::vector<ItemRef> out;
    for (size_t p = 0; p < site.postmortems.size(); ++p)
        for (size_t i = 0; i < site.postmortems[p].action_items.size(); ++i)
            out.push_back(
                {p, i, item_state(site.postmortems[p].action_items[i], as_of, site.config.policy)});
    auto key = [&](const ItemRef& r) {
        const auto& item = site.postmortems[r.postmortem].action_items[r.item];
        return std::tuple(!item.due.has_value(), item.due.value_or(Days{}),
                          site.postmortems[r.postmortem].id, r.item);
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const ItemRef& a, const ItemRef& b) { return key(a) < key(b); });
    return out;
}

const char* to_string(StaleKind kind) {
    switch (kind) {
        case StaleKind::overdue:
            return "overdue";
        case StaleKind::unverified:
            return "unverified";
        case StaleKind::stuck_review:
            return "stuck in review";
        case StaleKind::unreviewed:
            return "unreviewed";
    }
    return "";
}

std::vector<Stale> find_stale(const Site& site, Days as_of) {
    const Policy& policy = site.config.policy;
    std::vector<Stale> out;
    for (size_t p = 0; p < site.postmortems.size(); ++p) {
        const auto& pm = site.postmortems[p];
        if (pm.status != "published") {
            int age = days_between(pm.date.day(), as_of);
            if (age > policy.review_within_days)
                out.push_back({StaleKind::stuck_review, p, std::nullopt,
                               age - policy.review_within_days, responsible(pm),
                               pm.date.day() + std::chrono::days{policy.review_within_days}, pm.pos,
                               "post-mortem " + pm.id + " is still " + pm.status + " " +
                                   count_of(age, "day", "days") + " after the incident (limit " +
                                   std::to_string(policy.review_within_days) + ")"});
        }
        for (size_t i = 0; i < pm.action_items.size(); ++i) {
            const auto& item = pm.action_items[i];
            auto state = item_state(item, as_of, policy);
            std::string owner = item.owner.empty() ? responsible(pm) : item.owner;
            if (state.days_overdue)
                out.push_back(
                    {StaleKind::overdue, p, i, *state.days_overdue, owner, item.due, item.pos,
                     "`" + item.title + "` is " + count_of(*state.days_overdue, "day", "days") +
                         " overdue (due " + format_date(*item.due) + ")"});
            if (state.unverified) {
                Days deadline = *item.closed_on + std::chrono::days{policy.verify_within_days};
                out.push_back({StaleKind::unverified, p, i, days_between(deadline, as_of), owner,
                               deadline, item.pos,
                               "`" + item.title + "` was closed on " +
                                   format_date(*item.closed_on) +
                                   " and is not verified yet (limit " +
                                   std::to_string(policy.verify_within_days) + " days)"});
            }
            if (policy.review_every_days && state.open) {
                Days last = item.last_reviewed ? *item.last_reviewed : pm.date.day();
                int since = days_between(last, as_of);
                if (since > *policy.review_every_days)
                    out.push_back({StaleKind::unreviewed, p, i, since - *policy.review_every_days,
                                   owner, last + std::chrono::days{*policy.review_every_days},
                                   item.pos,
                                   "`" + item.title + "` was last reviewed " +
                                       count_of(since, "day", "days") + " ago (every " +
                                       std::to_string(*policy.review_every_days) + " days)"});
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Stale& a, const Stale& b) {
        if (a.owner != b.owner) return a.owner < b.owner;
        if (a.days != b.days) return a.days > b.days;
        return a.pos < b.pos;
    });
    return out;
}

FollowThrough follow_through(const Site& site, const std::vector<size_t>& postmortems, Days as_of) {
    FollowThrough f;
    std::vector<int> days_to_close;
    for (size_t p : postmortems) {
        const auto& pm = site.postmortems[p];
        for (const auto& item : pm.action_items) {
            if (item.status == "wont-do") continue;
            ++f.items;
            auto state = item_state(item, as_of, site.config.policy);
            f.open += state.open;
            f.overdue += state.days_overdue.has_value();
            f.verified += item.status == "verified";
            if ((item.status == "done" || item.status == "verified") && item.closed_on) {
                int d = std::max(0, days_between(pm.date.day(), *item.closed_on));
                days_to_close.push_back(d);
                f.closed_within_14 += d <= 14;
            }
        }
    }
    if (!days_to_close.empty()) {
        std::sort(days_to_close.begin(), days_to_close.end());
        size_t n = days_to_close.size();
        f.median_days_to_close = n % 2 ? double(days_to_close[n / 2])
                                       : (days_to_close[n / 2 - 1] + days_to_close[n / 2]) / 2.0;
    }
    return f;
}

}  // namespace hs
