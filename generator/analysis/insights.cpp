#include "analysis/insights.hpp"

#include <tuple>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

namespace hs {
namespace {

// (category, service), as views into the site: a lookup makes no string. Hashed: looked up for
// every post-mortem and service, which an ordered map made a fifth of the insights' time.
using Pair = std::pair<std::string_view, std::string_view>;
struct PairHash {
    size_t operator()(const Pair& p) const {
        size_t a = std::hash<std::string_view>()(p.first);
        return a ^ (std::hash<std::string_view>()(p.second) + 0x9e3779b97f4a7c15ULL + (a << 6) +
                    (a >> 2));
    }
};

// Every maximal run of `count` or more incidents whose first and last lie within the window.
// Runs that share incidents are merged, so one long streak is one pattern.
// `days` holds each post-mortem's day, worked out once for every term.
void find_runs(const std::vector<Days>& days, const std::string& kind, const std::string& term,
               std::vector<size_t> members, const InsightOptions& options,
               std::vector<RecurringPattern>& out) {
    auto day = [&](size_t i) { return days[i]; };
    std::sort(members.begin(), members.end(),
              [&](size_t a, size_t b) { return day(a) != day(b) ? day(a) < day(b) : a > b; });
    std::optional<RecurringPattern> current;
    size_t start = 0;
    for (size_t end = 0; end < members.size(); ++end) {
        while ((day(members[end]) - day(members[start])).count() > options.window_days)
            ++start;
        if (end - start + 1 < options.count) continue;
        if (current && current->postmortems.back() == members[end - 1] &&
            std::find(current->postmortems.begin(), current->postmortems.end(), members[start]) !=
                current->postmortems.end()) {
            current->postmortems.push_back(members[end]);  // the run goes on
        } else {
            if (current) out.push_back(*current);
            current = RecurringPattern{kind, term, {}, {}, {}};
            for (size_t k = start; k <= end; ++k)
                current->postmortems.push_back(members[k]);
        }
        current->first = day(current->postmortems.front());
        current->last = day(current->postmortems.back());
    }
    if (current) out.push_back(*current);
}

}  // namespace

DurationStats duration_stats(const Site& site, const std::vector<size_t>& members,
                             const std::optional<Timestamp> PostMortem::*end) {
    std::vector<long> minutes;
    for (size_t i : members) {
        const auto& pm = site.postmortems[i];
        const auto& t = pm.*end;
        if (t && t->has_time && pm.date.has_time)
            minutes.push_back(long((t->instant - pm.date.instant).count() / 60));
    }
    DurationStats s;
    s.count = minutes.size();
    if (minutes.empty()) return s;
    std::sort(minutes.begin(), minutes.end());
    size_t n = minutes.size();
    s.median_minutes = n % 2 ? minutes[n / 2] : (minutes[n / 2 - 1] + minutes[n / 2]) / 2;
    // Nearest rank: the smallest value with at least 90% of the values at or below it.
    s.p90_minutes = minutes[size_t(std::ceil(0.9 * double(n))) - 1];
    return s;
}

namespace {

// Minutes from the incident's start to `end`, when both carry a time of day.
std::optional<long> minutes_to(const PostMortem& pm, const std::optional<Timestamp>& end) {
    if (!end || !pm.date.has_time || !end->has_time) return std::nullopt;
    return long(
        std::chrono::duration_cast<std::chrono::minutes>(end->instant - pm.date.instant).count());
}

std::optional<long> delta(const PostMortem& now, const PostMortem& before,
                          const std::optional<Timestamp> PostMortem::*end) {
    auto a = minutes_to(now, now.*end), b = minutes_to(before, before.*end);
    if (!a || !b) return std::nullopt;
    return *a - *b;
}

// Oldest first, remembering the latest incident of each (category, service): linear in the
// knowledge base.
void find_repeats(const Site& site, Insights& in) {
    const auto& pms = site.postmortems;
    in.repeat_of.assign(pms.size(), std::nullopt);
    std::unordered_map<Pair, size_t, PairHash> latest;  // (category, service) → post-mortem
    for (size_t n = pms.size(); n-- > 0;) {             // post-mortems are sorted newest first
        const auto& pm = pms[n];
        std::optional<size_t> earlier;
        for (const auto& s : pm.services)
            if (auto it = latest.find(Pair(pm.category, s)); it != latest.end())
                if (!earlier || pms[it->second].date.instant > pms[*earlier].date.instant)
                    earlier = it->second;
        if (earlier) {
            const auto& before = pms[*earlier];
            in.repeat_of[n] = in.repeats.size();
            in.repeats.push_back({n, *earlier, delta(pm, before, &PostMortem::detected),
                                  delta(pm, before, &PostMortem::mitigated),
                                  delta(pm, before, &PostMortem::resolved)});
        }
        for (const auto& s : pm.services)
            latest[Pair(pm.category, s)] = n;
    }
}

}  // namespace

RepeatOutcome repeat_outcome(const Insights& insights, const std::vector<size_t>& repeats) {
    RepeatOutcome o;
    for (size_t r : repeats) {
        const Repeat& rep = insights.repeats[r];
        ++o.repeats;
        for (auto [value, known, faster] :
             {std::tuple{&rep.detect, &o.detect_known, &o.detect_faster},
              {&rep.mitigate, &o.mitigate_known, &o.mitigate_faster},
              {&rep.resolve, &o.resolve_known, &o.resolve_faster}})
            if (*value) {
                ++*known;
                *faster += **value < 0;
            }
    }
    return o;
}

Insights find_insights(const Site& site, const Taxonomies& taxonomies,
                       const InsightOptions& options) {
    Insights in;
    std::vector<Days> days(site.postmortems.size());
    for (size_t i = 0; i < days.size(); ++i)
        days[i] = site.postmortems[i].date.day();
    for (const auto& [kind, index] :
         {std::pair<std::string, const TermIndex*>{"categories", &taxonomies.categories},
          {"services", &taxonomies.services}})
        for (const auto& [term, members] : *index)
            find_runs(days, kind, term, members, options, in.patterns);

    in.by_incident.resize(site.postmortems.size());
    in.by_earlier.resize(site.postmortems.size());
    // Verified items indexed by (category, service), so each incident looks only at its own,
    // each list by the day the fix was verified, so it looks only at the fixes verified in the
    // window before it. What the scan compares is kept in the list, not looked up.
    const auto& pms = site.postmortems;
    struct Fix {
        Days verified;    // before the incident, and no more than fix_window_days before
        Seconds instant;  // of its post-mortem
        size_t postmortem, item;
    };
    std::unordered_map<Pair, std::vector<Fix>, PairHash> fixes;
    for (size_t a = 0; a < pms.size(); ++a)
        for (size_t k = 0; k < pms[a].action_items.size(); ++k) {
            const auto& item = pms[a].action_items[k];
            if (item.status == "verified" && item.verified_on)
                for (const auto& s : pms[a].services)
                    fixes[{std::string_view(pms[a].category), std::string_view(s)}].push_back(
                        {*item.verified_on, pms[a].date.instant, a, k});
        }
    for (auto& [key, list] : fixes)
        std::sort(list.begin(), list.end(), [](const Fix& x, const Fix& y) {
            return std::tie(x.verified, x.postmortem, x.item) <
                   std::tie(y.verified, y.postmortem, y.item);
        });
    std::vector<std::pair<size_t, size_t>> found;
    for (size_t b = 0; b < pms.size(); ++b) {
        // Only the latest earlier post-mortem whose fix was verified counts: the fix that most
        // recently should have prevented this (newest date; on a tie, first in site order). All
        // of them would flag nearly every incident of a busy service, and grow with the square
        // of the knowledge base.
        const Fix* latest = nullptr;
        found.clear();
        Days day = days[b];
        for (const auto& s : pms[b].services) {
            auto it = fixes.find({std::string_view(pms[b].category), std::string_view(s)});
            if (it == fixes.end()) continue;
            const auto& list = it->second;
            auto from = std::partition_point(list.begin(), list.end(), [&](const Fix& fix) {
                return (day - fix.verified).count() > options.fix_window_days;
            });
            for (auto at = from; at != list.end() && at->verified < day; ++at) {
                if (at->postmortem == b) continue;
                if (!latest || at->instant > latest->instant ||
                    (at->instant == latest->instant && at->postmortem < latest->postmortem)) {
                    latest = &*at;
                    found.clear();
                }
                if (at->postmortem == latest->postmortem)
                    found.emplace_back(at->postmortem, at->item);
            }
        }
        // Its items, each once (a fix shared by two services is listed under both), in order.
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        for (auto [a, k] : found)
            in.recurrences.push_back({b, a, k});
    }
    for (size_t r = 0; r < in.recurrences.size(); ++r) {
        in.by_incident[in.recurrences[r].incident].push_back(r);
        in.by_earlier[in.recurrences[r].postmortem].push_back(r);
    }

    find_repeats(site, in);
    std::vector<size_t> all(pms.size());
    for (size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    in.detect = duration_stats(site, all, &PostMortem::detected);
    in.mitigate = duration_stats(site, all, &PostMortem::mitigated);
    in.resolve = duration_stats(site, all, &PostMortem::resolved);
    return in;
}

}  // namespace hs
