// The gate's findings: what makes a build go red, who should act, and what to write.
#include <algorithm>

#include "analysis/action_items.hpp"
#include "content/ticket_snapshot.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

std::string responsible(const PostMortem& pm) {
    if (!pm.facilitator.empty()) return pm.facilitator.front();
    if (!pm.authors.empty()) return pm.authors.front();
    return "";
}

std::string code(const std::string& s) {
    return "`" + s + "`";
}

// Drift between an item and its ticket in the tracker snapshot.
std::optional<Stale> drift(const Site& site, size_t p, size_t i, Days as_of,
                           const std::string& owner) {
    const auto& item = site.postmortems[p].action_items[i];
    if (!site.tickets || item.ticket.empty() || item.status == "wont-do") return std::nullopt;
    Stale s{StaleKind::drift, p, i, 0, owner, std::nullopt, item.ticket_pos, {}, {}};
    const Ticket* ticket = find_ticket(site, item);
    if (!ticket) {
        s.message = "ticket " + item.ticket + " of `" + item.title + "` is not in the tracker (" +
                    site.tickets->path + ")";
        s.fix = "correct " + code("ticket: " + item.ticket) +
                " to the key of the tracker issue where the work is tracked";
        return s;
    }
    if (ticket->closed && is_open(item)) {
        std::string when = ticket->closed_on ? " on " + format_date(*ticket->closed_on) : "";
        if (ticket->closed_on) s.days = std::max(0, days_between(*ticket->closed_on, as_of));
        s.message = "ticket " + item.ticket + " was closed" + when + " but `" + item.title +
                    "` is still " + item.status;
        s.fix = "if the work is done, write " + code("status: done") + " and " +
                code("closed_on: " + format_date(ticket->closed_on.value_or(as_of))) +
                "; if it is not, reopen " + item.ticket;
        return s;
    }
    if (!ticket->closed && (item.status == "done" || item.status == "verified")) {
        if (item.closed_on) s.days = std::max(0, days_between(*item.closed_on, as_of));
        s.message = "`" + item.title + "` is " + item.status + " but ticket " + item.ticket +
                    " is still open";
        s.fix = "close " + item.ticket + " in the tracker, or set the item back to " +
                code("status: in-progress");
        return s;
    }
    return std::nullopt;
}

}  // namespace

// Each kind's name in reports, and its slug for ids and CSS classes.
struct KindNames {
    StaleKind kind;
    const char* text;
    const char* slug;
};
constexpr KindNames k_kind_names[] = {{StaleKind::overdue, "overdue", "overdue"},
                                      {StaleKind::unverified, "unverified", "unverified"},
                                      {StaleKind::stuck_review, "stuck in review", "stuck-review"},
                                      {StaleKind::unreviewed, "unreviewed", "unreviewed"},
                                      {StaleKind::drift, "tracker drift", "drift"}};

const char* to_string(StaleKind kind) {
    for (const auto& names : k_kind_names)
        if (names.kind == kind) return names.text;
    return "";
}

const char* slug_of(StaleKind kind) {
    for (const auto& names : k_kind_names)
        if (names.kind == kind) return names.slug;
    return "";
}

std::string describe(const Stale& s) {
    auto days = [](int n) { return count_of(n, "day", "days"); };
    switch (s.kind) {
        case StaleKind::overdue:
            return "overdue by " + days(s.days);
        case StaleKind::unverified:
            return "unverified, " + days(s.days) + " past the window";
        case StaleKind::stuck_review:
            return "review late by " + days(s.days);
        case StaleKind::unreviewed:
            return "not reviewed, " + days(s.days) + " past the cadence";
        case StaleKind::drift:
            return "tracker drift";
    }
    return "";
}

std::string subject(const Site& site, const Stale& s) {
    const PostMortem& pm = site.postmortems[s.postmortem];
    if (s.kind == StaleKind::drift) return s.message;
    return s.item ? pm.action_items[*s.item].title : pm.title;
}

std::string addressee(const Stale& s) {
    return s.owner.empty() ? "(nobody)" : s.owner;
}

const Ticket* find_ticket(const Site& site, const ActionItem& item) {
    if (!site.tickets || item.ticket.empty()) return nullptr;
    auto it = site.tickets->tickets.find(ticket_key(*site.tickets, item.ticket));
    return it == site.tickets->tickets.end() ? nullptr : &it->second;
}

std::vector<Stale> find_stale(const Site& site, Days as_of) {
    const Policy& policy = site.config.policy;
    const std::string today = format_date(as_of);
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
                                   std::to_string(policy.review_within_days) + ")",
                               "finish the review and write " + code("status: published")});
        }
        for (size_t i = 0; i < pm.action_items.size(); ++i) {
            const auto& item = pm.action_items[i];
            auto state = item_state(item, as_of, policy);
            std::string owner = item.owner.empty() ? responsible(pm) : item.owner;
            if (state.days_overdue)
                out.push_back(
                    {StaleKind::overdue, p, i, *state.days_overdue, owner, item.due, item.pos,
                     "`" + item.title + "` is " + count_of(*state.days_overdue, "day", "days") +
                         " overdue (due " + format_date(*item.due) + ")",
                     "finish it (" + code("status: done") + ", " + code("closed_on: " + today) +
                         "), or re-plan it: a new " + code("due") + " and " +
                         code("replanned: [{ on: " + today + ", from: " + format_date(*item.due) +
                              ", reason: ... }]")});
            if (state.unverified) {
                Days deadline = *item.closed_on + std::chrono::days{policy.verify_within_days};
                out.push_back({StaleKind::unverified, p, i, days_between(deadline, as_of), owner,
                               deadline, item.pos,
                               "`" + item.title + "` was closed on " +
                                   format_date(*item.closed_on) +
                                   " and is not verified yet (limit " +
                                   std::to_string(policy.verify_within_days) + " days)",
                               "show that it works, then write " + code("status: verified") + ", " +
                                   code("verified_on: " + today) + " and " +
                                   code("verified_by: <who saw it>")});
            }
            if (policy.review_every_days && state.open) {
                Days last = item.last_reviewed ? *item.last_reviewed : pm.date.day();
                int since = days_between(last, as_of);
                if (since > *policy.review_every_days)
                    out.push_back(
                        {StaleKind::unreviewed, p, i, since - *policy.review_every_days, owner,
                         last + std::chrono::days{*policy.review_every_days}, item.pos,
                         "`" + item.title + "` was last reviewed " +
                             count_of(since, "day", "days") + " ago (every " +
                             std::to_string(*policy.review_every_days) + " days)",
                         "review it with its owner and write " + code("last_reviewed: " + today)});
            }
            if (auto d = drift(site, p, i, as_of, owner)) out.push_back(std::move(*d));
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Stale& a, const Stale& b) {
        if (a.owner != b.owner) return a.owner < b.owner;
        if (a.days != b.days) return a.days > b.days;
        return a.pos < b.pos;
    });
    return out;
}

}  // namespace hs
