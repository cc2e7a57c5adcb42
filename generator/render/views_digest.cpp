// The digest pages (digest/, digest/2026-Q3/, digest/2026-09/) and the same content as Markdown
// for `hindsight digest`: what went wrong in a period and what changed, for readers outside the
// team.
#include <algorithm>

#include "render/view_helpers.hpp"
#include "render/views.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

// The first paragraph of the post-mortem's "Surprise" section: what the team believed that
// turned out to be wrong, the learning a reader outside the team needs.
std::string surprise_of(const Analysis& analysis, size_t index) {
    for (const auto& section : analysis.bodies[index]->sections)
        if (is_surprise(section.title)) return section.lead;
    return {};
}

std::string impact_text(const PeriodDigest& d) {
    if (!d.impact_known) return "not given";
    return format_duration(std::chrono::minutes{d.impact_minutes}) + " over " +
           count_of(long(d.impact_known), "incident", "incidents");
}

std::string item_state_text(const ActionItem& item, Days as_of) {
    if (item.status == "verified" && item.verified_on)
        return "verified " + format_date(*item.verified_on);
    if ((item.status == "done" || item.status == "verified") && item.closed_on)
        return "closed " + format_date(*item.closed_on);
    if (item.status == "wont-do") return "won't do";
    if (item.due && *item.due < as_of) return "open, overdue";
    return item.status == "in-progress" ? "in progress" : "open";
}

// The severities that occur, in the config's order.
json severity_view(const ViewContext& ctx, const PeriodDigest& d) {
    json severities = json::array();
    for (const auto& [severity, count] : d.by_severity)
        severities.push_back({{"severity", severity},
                              {"class", severity_class(ctx.site.config, severity)},
                              {"count", count}});
    return severities;
}

}  // namespace

void PeriodDigests::plan(const std::vector<Period>& periods) {
    for (const Period& period : periods)
        m_entries.emplace(period.key, std::make_unique<Entry>());
}

const PeriodDigest& PeriodDigests::get(const Site& site, const Insights& insights,
                                       const Period& period, Days as_of) const {
    Entry& entry = *m_entries.at(period.key);
    std::call_once(entry.once, [&] { entry.digest = digest_for(site, insights, period, as_of); });
    return entry.digest;
}

json digest_page(const ViewContext& ctx, const Period& period, const Linker& link) {
    const PeriodDigest& d = ctx.period_digest(period);
    json incidents = json::array();
    auto listed = listed_incidents(ctx.site, d);
    for (size_t i : listed) {
        json row = postmortem_row(ctx, ctx.site.postmortems[i], link);
        std::string surprise = surprise_of(ctx.analysis, i);
        if (!surprise.empty()) row["surprise"] = {{"text", surprise}};
        incidents.push_back(std::move(row));
    }
    json severities = severity_view(ctx, d);
    json services = json::array();
    for (const auto& [id, count] : d.by_service) {
        const Service* s = find_service(ctx.site, id);
        services.push_back({{"name", s ? s->name : id},
                            {"href", link.to(paths::term("services", id))},
                            {"count", count}});
    }
    json patterns = json::array();
    for (size_t p : d.patterns)
        patterns.push_back(pattern_view(ctx, ctx.analysis.insights.patterns[p], link));
    json due = json::array();
    auto listed_due = listed_items(ctx.site, d);
    for (const auto& ref : listed_due) {
        const PostMortem& pm = ctx.site.postmortems[ref.postmortem];
        const ActionItem& item = pm.action_items[ref.item];
        due.push_back({{"title", item.title},
                       {"due", format_date(*item.due)},
                       {"owner", item.owner.empty() ? "(no owner)" : item.owner},
                       {"state", item_state_text(item, ctx.as_of)},
                       {"id", pm.id},
                       {"href", link.to(paths::postmortem(pm.id))}});
    }
    json follow = follow_through_view(ctx, d.incidents);
    follow["items_text"] = count_of(long(d.follow.items), "action item", "action items");
    follow["overdue_at_end_text"] = count_of(long(d.overdue_at_end), "item", "items") +
                                    " of any post-mortem " +
                                    (d.overdue_at_end == 1 ? "was" : "were");
    json view = {{"label", period.label},
                 {"key", period.key},
                 {"kind", period.quarter ? "quarter" : "month"},
                 {"count_text", count_of(long(d.incidents.size()), "incident", "incidents")},
                 {"incidents", incidents},
                 {"by_severity", severities},
                 {"by_service", services},
                 {"impact", impact_text(d)},
                 {"patterns", patterns},
                 {"follow", follow},
                 {"came_due", due},
                 {"index_href", link.to(paths::digest_index)}};
    if (size_t more = d.incidents.size() - listed.size())
        view["more_incidents"] = {{"text", count_of(long(more), "more incident", "more incidents")},
                                  {"href", link.to(paths::postmortems)}};
    if (size_t more = d.came_due.size() - listed_due.size())
        view["more_items"] = {{"text", count_of(long(more), "more item", "more items")}};
    return view;
}

json digest_index_page(const ViewContext& ctx, const Linker& link) {
    json quarters = json::array(), months = json::array();
    for (const Period& p : digest_periods(ctx.site, ctx.as_of)) {
        const PeriodDigest& d = ctx.period_digest(p);
        json entry = {{"label", p.label},
                      {"href", link.to(paths::digest(p.key))},
                      {"count", count_of(long(d.incidents.size()), "incident", "incidents")},
                      {"severity_counts", severity_view(ctx, d)}};
        (p.quarter ? quarters : months).push_back(std::move(entry));
    }
    return {{"quarters", quarters}, {"months", months}};
}

std::string digest_markdown(const Site& site, const Analysis& analysis, const Period& period,
                            Days as_of) {
    PeriodDigest d = digest_for(site, analysis.insights, period, as_of);
    const Config& config = site.config;
    std::string out = "# " + config.title + ": digest for " + period.label + "\n\n";
    out += count_of(long(d.incidents.size()), "incident", "incidents");
    std::vector<std::string> mix;
    for (const auto& [severity, count] : d.by_severity)
        mix.push_back(std::to_string(count) + " " + severity);
    if (!mix.empty()) out += " (" + join(mix, ", ") + ")";
    out += "; customer-facing time " + impact_text(d) + ".\n";
    if (!d.by_service.empty()) {
        std::vector<std::string> services;
        for (const auto& [id, count] : d.by_service) {
            const Service* s = find_service(site, id);
            services.push_back((s ? s->name : id) + " " + std::to_string(count));
        }
        out += "By service: " + join(services, ", ") + ".\n";
    }
    out += "\n## Incidents\n\n";
    if (d.incidents.empty()) out += "None.\n";
    auto listed = listed_incidents(site, d);
    for (size_t i : listed) {
        const PostMortem& pm = site.postmortems[i];
        out += "- **" + pm.id + "** (" + pm.severity + ", " + format_date(pm.date.day()) + ") " +
               pm.title + "." + (pm.summary.empty() ? "" : " " + pm.summary);
        if (auto surprise = surprise_of(analysis, i); !surprise.empty())
            out += "\n  *Surprise:* " + surprise;
        out += "\n";
    }
    if (size_t more = d.incidents.size() - listed.size())
        out += "\nAnd " + count_of(long(more), "more incident", "more incidents") +
               " (the most severe are listed).\n";
    out += "\n## Recurring patterns\n\n";
    if (d.patterns.empty()) out += "None active.\n";
    for (size_t p : d.patterns) {
        const RecurringPattern& pattern = analysis.insights.patterns[p];
        const Service* s = pattern.kind == "services" ? find_service(site, pattern.term) : nullptr;
        out += "- " + (s ? s->name : pattern.term) + " (" +
               (pattern.kind == "services" ? "service" : "category") +
               "): " + std::to_string(pattern.postmortems.size()) + " incidents from " +
               format_date(pattern.first) + " to " + format_date(pattern.last) + "\n";
    }
    const FollowThrough& f = d.follow;
    out += "\n## Follow-through\n\n";
    out += "Of this period's " + count_of(long(f.items), "action item", "action items") + ": " +
           std::to_string(f.closed_within_14) + " closed within 14 days, " +
           std::to_string(f.verified) + " verified, " + std::to_string(f.overdue) +
           " overdue today; " + count_of(long(f.slips), "re-plan", "re-plans") + ". " +
           count_of(long(d.overdue_at_end), "item was", "items were") +
           " overdue at the end of the period.\n";
    out += "\n## Items that came due\n\n";
    if (d.came_due.empty()) out += "None.\n";
    auto listed_due = listed_items(site, d);
    for (const auto& ref : listed_due) {
        const PostMortem& pm = site.postmortems[ref.postmortem];
        const ActionItem& item = pm.action_items[ref.item];
        out += "- " + format_date(*item.due) + " " + item.title + " (" +
               (item.owner.empty() ? "no owner" : item.owner) + ", " + pm.id +
               "): " + item_state_text(item, as_of) + "\n";
    }
    if (size_t more = d.came_due.size() - listed_due.size())
        out += "\nAnd " + count_of(long(more), "more item", "more items") +
               " (open items are listed first).\n";
    return out;
}

}  // namespace hs
