// Views of what the knowledge base says as a whole: patterns, trends, durations, whether fixes
// hold; and the pieces of it that service, category and post-mortem pages show.
#include <algorithm>
#include <map>

#include "render/charts.hpp"
#include "render/view_helpers.hpp"
#include "render/views.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

std::string minutes_text(const std::optional<long>& m) {
    return m ? format_duration(std::chrono::minutes{*m}) : "–";
}

std::string quarter(Days d) {
    std::chrono::year_month_day ymd{d};
    return quarter_of(int(ymd.year()), unsigned(ymd.month()));
}

// Every quarter from the oldest incident's to the as-of date's.
std::vector<std::string> quarters(const ViewContext& ctx) {
    std::vector<std::string> out;
    if (ctx.site.postmortems.empty()) return out;
    Days oldest = ctx.site.postmortems.back().date.day();
    std::chrono::year_month_day from{oldest},
        to{std::max(ctx.as_of, ctx.site.postmortems.front().date.day())};
    for (int y = int(from.year()); y <= int(to.year()); ++y)
        for (unsigned m = 1; m <= 12; m += 3) {
            std::string q = quarter_of(y, m);
            if (q >= quarter(oldest) && q <= quarter(Days{to})) out.push_back(q);
        }
    return out;
}

// "12m faster", "1h 5m slower", "as fast"; "–" when a time is missing.
json delta_view(const char* label, const std::optional<long>& minutes) {
    std::string text = "–", cls = "";
    if (minutes) {
        long m = *minutes;
        text = m == 0 ? "as fast"
                      : format_duration(std::chrono::minutes{m < 0 ? -m : m}) +
                            (m < 0 ? " faster" : " slower");
        cls = m < 0 ? "better" : m > 0 ? "worse" : "";
    }
    return {{"label", label}, {"text", text}, {"class", cls}};
}

json repeat_view(const ViewContext& ctx, size_t r, const Linker& link) {
    const Repeat& rep = ctx.analysis.insights.repeats[r];
    return {{"incident", postmortem_row(ctx, ctx.site.postmortems[rep.incident], link)},
            {"earlier", postmortem_row(ctx, ctx.site.postmortems[rep.earlier], link)},
            {"deltas",
             json::array({delta_view("detected", rep.detect), delta_view("mitigated", rep.mitigate),
                          delta_view("resolved", rep.resolve)})}};
}

// The share of repeats detected, mitigated and resolved faster than the incident before them.
json outcome_view(const ViewContext& ctx, const std::vector<size_t>& repeats) {
    RepeatOutcome o = repeat_outcome(ctx.analysis.insights, repeats);
    auto share = [](size_t faster, size_t known) {
        return known ? std::to_string((faster * 100 + known / 2) / known) + "% (" +
                           std::to_string(faster) + " of " + std::to_string(known) + ")"
                     : std::string("–");
    };
    return {{"repeats", o.repeats},
            {"detect", share(o.detect_faster, o.detect_known)},
            {"mitigate", share(o.mitigate_faster, o.mitigate_known)},
            {"resolve", share(o.resolve_faster, o.resolve_known)}};
}

// The repeats among `members`, newest first, at most `limit` listed.
json repeats_view(const ViewContext& ctx, const std::vector<size_t>& members, const Linker& link,
                  size_t limit) {
    std::vector<size_t> which;
    for (size_t i : members)
        if (auto r = ctx.analysis.insights.repeat_of[i]) which.push_back(*r);
    std::sort(which.rbegin(), which.rend());  // repeats are oldest first
    json list = json::array();
    for (size_t k = 0; k < which.size() && k < limit; ++k)
        list.push_back(repeat_view(ctx, which[k], link));
    json view = outcome_view(ctx, which);
    view["list"] = list;
    view["any"] = !which.empty();
    return view;
}

}  // namespace

json quarterly_chart(const ViewContext& ctx, const std::vector<size_t>& members,
                     const std::string& title, bool by_category) {
    auto labels = quarters(ctx);
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < labels.size(); ++i)
        column[labels[i]] = i;
    const auto& keys = by_category ? ctx.site.config.categories : ctx.site.config.severities;
    BarChart chart{title, "", labels, {}};
    for (size_t k = 0; k < keys.size(); ++k)
        chart.series.push_back({keys[k],
                                by_category ? "cat-" + std::to_string(k % 8 + 1)
                                            : severity_class(ctx.site.config, keys[k]),
                                std::vector<double>(labels.size(), 0)});
    for (size_t i : members) {
        const auto& pm = ctx.site.postmortems[i];
        const std::string& key = by_category ? pm.category : pm.severity;
        auto it = std::find(keys.begin(), keys.end(), key);
        auto col = column.find(quarter(pm.date.day()));
        if (it != keys.end() && col != column.end())
            chart.series[size_t(it - keys.begin())].values[col->second] += 1;
    }
    chart.description = std::to_string(members.size()) + " post-mortems per quarter from " +
                        (labels.empty() ? "" : labels.front() + " to " + labels.back()) + ", by " +
                        (by_category ? "category" : "severity") +
                        "; the table below has the numbers.";
    json head = json::array(), rows = json::array();
    for (const auto& s : chart.series)
        head.push_back(s.name);
    for (size_t q = 0; q < labels.size(); ++q) {
        json cells = json::array();
        int total = 0;
        for (const auto& s : chart.series) {
            cells.push_back({{"value", int(s.values[q])}, {"label", s.name}});
            total += int(s.values[q]);
        }
        rows.push_back({{"quarter", labels[q]}, {"cells", cells}, {"total", total}});
    }
    return {{"svg", render_bar_chart(chart)}, {"caption", title}, {"head", head}, {"rows", rows}};
}

// The last `n` of a list that is oldest first, newest first.
std::vector<size_t> latest(const std::vector<size_t>& oldest_first, size_t n) {
    std::vector<size_t> out(oldest_first.rbegin(),
                            oldest_first.rbegin() + long(std::min(n, oldest_first.size())));
    return out;
}

json pattern_view(const ViewContext& ctx, const RecurringPattern& p, const Linker& link) {
    const Service* s = p.kind == "services" ? find_service(ctx.site, p.term) : nullptr;
    return {
        {"kind", p.kind == "services" ? "service" : "category"},
        {"name", s ? s->name : p.term},
        {"href", link.to(paths::term(p.kind, p.term))},
        {"count", p.postmortems.size()},
        {"first", format_date(p.first)},
        {"last", format_date(p.last)},
        {"days", (p.last - p.first).count()},
        // A streak can be longer than the window: every run of N within it qualifies.
        {"rule", std::to_string(p.postmortems.size()) + " incidents from " + format_date(p.first) +
                     " to " + format_date(p.last) + ", each among " +
                     std::to_string(ctx.site.config.recurrence_count) + " or more within " +
                     std::to_string(ctx.site.config.recurrence_window_days) + " days"},
        // The latest ten: a streak of a busy service can hold hundreds.
        {"postmortems", postmortem_rows(ctx, latest(p.postmortems, k_pattern_rows), link)},
        {"more", p.postmortems.size() > k_pattern_rows ? p.postmortems.size() - k_pattern_rows : 0},
        {"has_more", p.postmortems.size() > k_pattern_rows}};
}

namespace {

// Pairs [from, to) of `pairs`, one entry each: the incident, the earlier post-mortem, its fixes.
json recurrence_views(const ViewContext& ctx, const std::vector<std::vector<size_t>>& pairs,
                      const Linker& link, size_t from = 0, size_t to = SIZE_MAX) {
    json out = json::array();
    for (size_t p = from; p < pairs.size() && p < to; ++p) {
        const Recurrence& first = ctx.analysis.insights.recurrences[pairs[p].front()];
        json items = json::array();
        for (size_t index : pairs[p]) {
            const Recurrence& r = ctx.analysis.insights.recurrences[index];
            const auto& item = ctx.site.postmortems[r.postmortem].action_items[r.item];
            items.push_back(
                {{"title", item.title}, {"verified_on", format_date(*item.verified_on)}});
        }
        out.push_back(
            {{"incident", postmortem_row(ctx, ctx.site.postmortems[first.incident], link)},
             {"earlier", postmortem_row(ctx, ctx.site.postmortems[first.postmortem], link)},
             {"items", std::move(items)}});
    }
    return out;
}

// Where the pairs a page leaves out are listed: the pages of every recurrence when Insights
// cannot show them all, else Insights' own list.
std::string all_recurrences_href(const ViewContext& ctx, const Linker& link) {
    return ctx.recurrence_pairs.size() > k_recurrences_on_insights
               ? link.to(paths::recurrences)
               : link.to(paths::insights) + "#hs-recurrences";
}

// "and 12 more" with the link to them; null when the list is complete.
json more_recurrences(const ViewContext& ctx, size_t total, size_t shown, const Linker& link) {
    if (total <= shown) return nullptr;
    return {{"count", total - shown},
            {"shown", shown},
            {"total", total},
            {"href", all_recurrences_href(ctx, link)}};
}

// The table of recurrences (templates/recurrence_table.html).
json recurrence_table(json recurrences) {
    bool any = !recurrences.empty();
    return {{"recurrences", std::move(recurrences)}, {"any", any}, {">table", "recurrence_table"}};
}

}  // namespace

std::vector<std::vector<size_t>> group_recurrences(const Insights& in,
                                                   const std::vector<size_t>& which) {
    std::vector<std::vector<size_t>> pairs;
    const Recurrence* previous = nullptr;
    for (size_t index : which) {
        const Recurrence& r = in.recurrences[index];
        if (!previous || previous->incident != r.incident || previous->postmortem != r.postmortem)
            pairs.emplace_back();
        pairs.back().push_back(index);
        previous = &r;
    }
    return pairs;
}

json recurrences_page(const ViewContext& ctx, const Linker& link, size_t page) {
    const auto& pairs = ctx.recurrence_pairs;
    PageOf at{page, pages_for(ctx.site.config, pairs.size()), paths::recurrences};
    auto [from, to] = page_range(ctx.site.config, pairs.size(), at);
    json view = {
        {"recurrence_table", recurrence_table(recurrence_views(ctx, pairs, link, from, to))},
        {"count", pairs.size()},
        {"insights_href", link.to(paths::insights)}};
    add_pager(view, at, link);
    return view;
}

json insights_page(const ViewContext& ctx, const Linker& link) {
    const Insights& in = ctx.analysis.insights;
    json patterns = json::array();
    for (const auto& p : in.patterns)
        patterns.push_back(pattern_view(ctx, p, link));
    const auto& pairs = ctx.recurrence_pairs;
    json recurrences = recurrence_views(ctx, pairs, link, 0, k_recurrences_on_insights);
    json durations = json::array();
    for (auto [label, stats] : {std::pair{"Time to detect", &in.detect},
                                {"Time to mitigate", &in.mitigate},
                                {"Time to resolve", &in.resolve}})
        durations.push_back({{"label", label},
                             {"median", minutes_text(stats->median_minutes)},
                             {"p90", minutes_text(stats->p90_minutes)},
                             {"count", stats->count}});
    json follow = json::array();
    for (const auto& [id, members] : ctx.taxonomies.services) {
        const Service* s = find_service(ctx.site, id);
        json f = follow_through_view(ctx, members);
        f["name"] = s ? s->name : id;
        f["href"] = link.to(paths::term("services", id));
        follow.push_back(f);
    }
    std::vector<size_t> all(ctx.site.postmortems.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    return {
        {"window_days", ctx.site.config.recurrence_window_days},
        {"threshold", ctx.site.config.recurrence_count},
        {"patterns", patterns},
        {"recurrence_table", recurrence_table(std::move(recurrences))},
        {"recurrences_more", more_recurrences(ctx, pairs.size(), k_recurrences_on_insights, link)},
        {"durations", durations},
        {"follow_through", follow},
        {"outcomes", repeats_view(ctx, all, link, 20)},
        {"charts",
         json::array({quarterly_chart(ctx, all, "Post-mortems per quarter by severity", false),
                      quarterly_chart(ctx, all, "Post-mortems per quarter by category", true)})}};
}

json term_insights(const ViewContext& ctx, const std::string& kind, const std::string& term,
                   const std::vector<size_t>& members, const Linker& link) {
    json patterns = json::array();
    for (const auto& p : ctx.analysis.insights.patterns)
        if (p.kind == kind && p.term == term) patterns.push_back(pattern_view(ctx, p, link));
    std::vector<size_t> which;  // recurrences of this term's incidents, in their global order
    for (size_t i : members) {
        const auto& mine = ctx.analysis.insights.by_incident[i];
        which.insert(which.end(), mine.begin(), mine.end());
    }
    std::sort(which.begin(), which.end());
    auto pairs = group_recurrences(ctx.analysis.insights, which);
    json recurrences = recurrence_views(ctx, pairs, link, 0, k_recurrences_on_term);
    json durations = json::array();
    for (auto [label, end] : {std::pair{"Time to detect", &PostMortem::detected},
                              {"Time to mitigate", &PostMortem::mitigated},
                              {"Time to resolve", &PostMortem::resolved}}) {
        auto stats = duration_stats(ctx.site, members, end);
        durations.push_back({{"label", label},
                             {"median", minutes_text(stats.median_minutes)},
                             {"p90", minutes_text(stats.p90_minutes)}});
    }
    return {{"patterns", patterns},
            {"has_patterns", !patterns.empty()},
            {"recurrences", recurrences},
            {"has_recurrences", !recurrences.empty()},
            {"recurrences_more", more_recurrences(ctx, pairs.size(), k_recurrences_on_term, link)},
            {"durations", durations},
            {"outcomes", repeats_view(ctx, members, link, 10)},
            {"chart", quarterly_chart(ctx, members, "Post-mortems per quarter", false)}};
}

json postmortem_connections(const ViewContext& ctx, size_t index, const Linker& link) {
    json similar = json::array();
    const PostMortem& me = ctx.site.postmortems[index];
    for (const auto& s : ctx.analysis.similar[index]) {
        const PostMortem& other = ctx.site.postmortems[s.postmortem];
        json row = postmortem_row(ctx, other, link);
        // Why it is listed, in words a reader can check (the score itself means nothing to
        // them): what the two have in common, else the wording they share.
        std::vector<std::string> shared;
        for (const auto& service : me.services) {
            if (std::find(other.services.begin(), other.services.end(), service) ==
                other.services.end())
                continue;
            const Service* known = find_service(ctx.site, service);
            shared.push_back(known ? known->name : service);
        }
        if (!me.category.empty() && me.category == other.category) shared.push_back(me.category);
        for (const auto& tag : me.tags)
            if (std::find(other.tags.begin(), other.tags.end(), tag) != other.tags.end())
                shared.push_back("#" + tag);
        row["shared"] =
            shared.empty() ? std::string("similar wording") : "shares " + join(shared, ", ");
        similar.push_back(std::move(row));
    }
    json after_fix = recurrence_views(
        ctx, group_recurrences(ctx.analysis.insights, ctx.analysis.insights.by_incident[index]),
        link);
    json view = json::object();
    view["has_similar"] = !similar.empty();
    view["similar"] = std::move(similar);
    view["has_after_fix"] = !after_fix.empty();
    view["after_fix"] = std::move(after_fix);
    if (auto r = ctx.analysis.insights.repeat_of[index])
        view["repeat"] = repeat_view(ctx, *r, link);
    return view;
}

json home_insights(const ViewContext& ctx, const Linker& link) {
    json patterns = json::array();
    for (const auto& p : ctx.analysis.insights.patterns)
        if ((ctx.as_of - p.last).count() <= ctx.site.config.recurrence_window_days)
            patterns.push_back(pattern_view(ctx, p, link));  // still within the window
    std::chrono::year_month_day today{ctx.as_of};
    std::vector<size_t> on_this_day;
    for (size_t i = 0; i < ctx.site.postmortems.size(); ++i) {
        std::chrono::year_month_day d{ctx.site.postmortems[i].date.day()};
        if (d.month() == today.month() && d.day() == today.day() && d.year() < today.year())
            on_this_day.push_back(i);
    }
    return {{"current_patterns", patterns},
            {"has_current_patterns", !patterns.empty()},
            {"on_this_day", postmortem_rows(ctx, on_this_day, link)},
            {"has_on_this_day", !on_this_day.empty()},
            {"insights_href", link.to(paths::insights)}};
}

}  // namespace hs
