#include "analysis/action_items.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <tuple>

#include "util/strings.hpp"

namespace hs {
namespace {

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

// `ana, ben`, `ana and ben`, `ana & ben`, `ana/ben`: an item owned by several is owned by none.
bool several_owners(const std::string& owner) {
    if (owner.find_first_of(",;&+") != std::string::npos) return true;
    std::string lower = " " + to_lower(owner) + " ";
    if (lower.find(" and ") != std::string::npos) return true;
    // A slash joins two people, unless it names a GitHub team (`@acme/sre`), a team anyway.
    return owner.find('/') != std::string::npos && owner[0] != '@';
}

// Words that name a group rather than a person: `sre-team`, `payments squad`, `@acme/sre`.
bool team_like(const std::string& owner) {
    static const std::vector<std::string> k_group_words = {
        "team", "squad", "group", "guild", "crew", "oncall", "rotation", "everyone", "all"};
    if (owner.size() > 1 && owner[0] == '@' && owner.find('/') != std::string::npos) return true;
    std::string slug = slugify(owner);
    for (const auto& word : k_group_words)
        for (size_t at = slug.find(word); at != std::string::npos; at = slug.find(word, at + 1)) {
            bool starts = at == 0 || slug[at - 1] == '-';
            bool ends = at + word.size() == slug.size() || slug[at + word.size()] == '-';
            if (starts && ends) return true;
        }
    return false;
}

// The registry's teams by their lower-case name, each with its first service: an owner written
// as one is a team, not a person.
using Teams = std::map<std::string, const Service*>;
Teams teams_by_name(const Site& site) {
    Teams teams;
    for (const auto& service : site.services)
        if (!service.team.empty()) teams.emplace(to_lower(service.team), &service);
    return teams;
}

// Dates written on an item that cannot be true: before the incident, or later than today.
void check_dates(const PostMortem& pm, const ActionItem& item, Days as_of, DiagnosticSink& sink) {
    Days incident = pm.date.day();
    auto before_incident = [&](const char* key, const SourcePos& at, Days value) {
        if (value >= incident) return;
        sink.error(at,
                   std::string("`") + key + "` " + format_date(value) +
                       " is before the incident (" + format_date(incident) + ")",
                   "item.dates", "check the year and month; an item cannot predate its incident");
    };
    auto after_as_of = [&](const char* key, const SourcePos& at, Days value) {
        if (value <= as_of) return;
        sink.error(at,
                   std::string("`") + key + "` " + format_date(value) + " is after today (" +
                       format_date(as_of) + ")",
                   "item.dates",
                   std::string("write `") + key +
                       "` on the day it happens, not ahead of time; until then the item is not " +
                       (std::string(key) == "closed_on" ? "done" : "verified"));
    };
    if (item.due) before_incident("due", item.due_pos, *item.due);
    if (item.closed_on) {
        before_incident("closed_on", item.closed_on_pos, *item.closed_on);
        after_as_of("closed_on", item.closed_on_pos, *item.closed_on);
    }
    if (item.verified_on) {
        before_incident("verified_on", item.verified_on_pos, *item.verified_on);
        after_as_of("verified_on", item.verified_on_pos, *item.verified_on);
    }
    for (const auto& replan : item.replanned) {
        if (replan.on < incident)
            sink.error(replan.pos,
                       "re-planned on " + format_date(replan.on) + ", before the incident (" +
                           format_date(incident) + ")",
                       "item.dates", "`on` is the day the due date was changed");
        if (replan.on > as_of)
            sink.error(replan.pos,
                       "re-planned on " + format_date(replan.on) + ", after today (" +
                           format_date(as_of) + ")",
                       "item.dates", "`on` is the day the due date was changed");
    }
}

struct TicketPolicy {
    bool require = false;
    std::optional<std::regex> pattern;
    std::string pattern_text;
};

void check_ticket(const PostMortem& pm, const ActionItem& item, const TicketPolicy& policy,
                  DiagnosticSink& sink) {
    if (policy.require && pm.status == "published" && is_open(item) && item.ticket.empty())
        sink.error(item.pos, "action item `" + item.title + "` has no ticket", "item.ticket",
                   "the policy requires one (`policy.require_ticket`): add `ticket: KEY`, the "
                   "tracker issue where the work happens");
    if (policy.pattern && !item.ticket.empty() && !std::regex_match(item.ticket, *policy.pattern))
        sink.error(item.ticket_pos,
                   "ticket `" + item.ticket + "` does not look like a key of the tracker",
                   "item.ticket-pattern",
                   "tickets must match `" + policy.pattern_text + "` (`tracker.pattern`)");
}

void check_owner(const Teams& teams, const ActionItem& item, DiagnosticSink& sink) {
    if (item.owner.empty()) return;
    // An owner names a page (owners/<slug>/): a handle, not a sentence.
    if (item.owner.size() > 80) {
        sink.error(
            item.owner_pos,
            "owner is " + std::to_string(item.owner.size()) + " characters long, more than 80",
            "item.owner-long", "write the person's handle, e.g. `owner: jane.doe`");
        return;
    }
    if (several_owners(item.owner)) {
        sink.error(item.owner_pos, "owner `" + item.owner + "` names several people",
                   "item.owner-one",
                   "an item has one owner who drives it; split the item, or name the one person "
                   "and mention the others in `done_when`");
        return;
    }
    if (auto team = teams.find(to_lower(item.owner)); team != teams.end())
        sink.warning(item.owner_pos, "owner `" + item.owner + "` is a team, not a person",
                     "item.owner-team",
                     "name one person of team " + team->second->team + " who will drive it");
    else if (team_like(item.owner))
        sink.warning(item.owner_pos, "owner `" + item.owner + "` looks like a team, not a person",
                     "item.owner-team",
                     "name one person who will drive it; a team's item is nobody's item");
}

void check_item(const Site& site, const PostMortem& pm, const ActionItem& item, Days as_of,
                const TicketPolicy& tickets, const Teams& teams, DiagnosticSink& sink) {
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
        sink.error(item.verified_on_pos, "`verified_on` is before `closed_on`", "item.dates",
                   "an item is verified after it is closed");
    check_dates(pm, item, as_of, sink);
    check_owner(teams, item, sink);
    check_ticket(pm, item, tickets, sink);
    if (auto planned = item.planned_due(); planned && !item.project) {
        int after = days_between(pm.date.day(), *planned);
        bool first_plan = !item.replanned.empty();
        if (after > policy.max_due_days)
            sink.error(
                first_plan ? item.replanned.front().pos : item.due_pos,
                (first_plan ? "first planned for " : "due ") + std::to_string(after) +
                    " days after the incident, more than " + std::to_string(policy.max_due_days) +
                    " (the two-week rule)",
                "item.two-week-rule",
                "split it into a first step due within " + std::to_string(policy.max_due_days) +
                    " days, or mark it `project: true` and track it as a project (moving "
                    "`due` later is a re-plan: the first date goes in `replanned` as `from`)");
    }

    if (item.status == "wont-do") return;
    if (vague_title(item.title) && item.done_when.empty())
        sink.warning(at, "vague action item `" + item.title + "`", "item.vague",
                     "say what will be true when it is done, e.g. \"Alert when p99 > 800 ms for "
                     "5 min\", or add `done_when`");
    if (item.done_when.empty())
        sink.warning(at, "action item `" + item.title + "` has no `done_when`", "item.done-when",
                     "list concrete, checkable conditions: `done_when: [alert fires in staging]`");
    if (item.verify.empty())
        sink.warning(at, "action item `" + item.title + "` has no `verify`", "item.verify",
                     "say how completion will be demonstrated, e.g. a game day or a load test");
}

// The seeds' test of a post-mortem: will we detect it sooner, contain it faster next time?
void check_item_types(const Site& site, const PostMortem& pm, DiagnosticSink& sink) {
    const auto& severities = site.config.severities;
    auto rank = std::find(severities.begin(), severities.end(), pm.severity) - severities.begin();
    if (pm.status != "published" || rank >= 2 || pm.action_items.empty()) return;
    bool detect = false, contain = false;
    for (const auto& item : pm.action_items) {
        detect = detect || item.type == "detect";
        contain = contain || item.type == "contain" || item.type == "resolve";
    }
    if (!detect)
        sink.warning(pm.pos, "a " + pm.severity + " post-mortem without a `type: detect` item",
                     "item.detect", "what would have detected this sooner? Add that item");
    if (!contain)
        sink.warning(
            pm.pos, "a " + pm.severity + " post-mortem without a `type: contain` or `resolve` item",
            "item.contain", "what would have contained or resolved it faster? Add that item");
}

}  // namespace

bool is_open(const ActionItem& item) {
    return item.status == "open" || item.status == "in-progress";
}

void check_action_items(const Site& site, Days as_of, DiagnosticSink& sink) {
    // Owner pages are named by slug: `jane.doe` and `Jane Doe` would share one.
    std::map<std::string, std::string> spelled;  // slug → first spelling
    for (const auto& pm : site.postmortems)
        for (const auto& item : pm.action_items) {
            if (item.owner.empty()) continue;
            auto [it, inserted] = spelled.emplace(slugify(item.owner), item.owner);
            if (!inserted && it->second != item.owner)
                sink.warning(
                    item.owner_pos,
                    "owner `" + item.owner + "` and `" + it->second +
                        "` look like one person written two ways; they share one owner page",
                    "item.owner-slug", "write the owner the same way everywhere");
        }
    TicketPolicy tickets{site.config.policy.require_ticket, std::nullopt,
                         site.config.tracker_pattern};
    if (!tickets.pattern_text.empty()) tickets.pattern.emplace(tickets.pattern_text);
    Teams teams = teams_by_name(site);
    for (const auto& pm : site.postmortems) {
        if (pm.status == "published" && pm.date.day() > as_of)
            sink.error(pm.date_pos,
                       "a published post-mortem of an incident on " + format_date(pm.date.day()) +
                           ", after today (" + format_date(as_of) + ")",
                       "schema.date-future",
                       "check the date; an incident is written up after it happens");
        for (const auto& item : pm.action_items)
            check_item(site, pm, item, as_of, tickets, teams, sink);
        check_item_types(site, pm, sink);
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

FollowThrough follow_through(const Site& site, const std::vector<size_t>& postmortems, Days as_of) {
    FollowThrough f;
    std::vector<int> days_to_close;
    for (size_t p : postmortems) {
        const auto& pm = site.postmortems[p];
        bool window_over = days_between(pm.date.day(), as_of) > 14;
        for (const auto& item : pm.action_items) {
            if (item.status == "wont-do") continue;
            f.slips += item.replanned.size();
            f.slipped_items += !item.replanned.empty();
            if (item.project) {
                ++f.projects;
                continue;
            }
            ++f.items;
            auto state = item_state(item, as_of, site.config.policy);
            f.open += state.open;
            f.overdue += state.days_overdue.has_value();
            f.verified += item.status == "verified";
            bool closed = (item.status == "done" || item.status == "verified") && item.closed_on;
            int d = closed ? std::max(0, days_between(pm.date.day(), *item.closed_on)) : 0;
            if (closed) days_to_close.push_back(d);
            bool within = closed && d <= 14;
            f.closed_within_14 += within;
            if (within || window_over)
                ++f.judged_14;
            else
                ++f.pending_14;
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
