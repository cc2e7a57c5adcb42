#include "analysis/digest.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

namespace hs {
namespace {

using namespace std::chrono;

const char* const k_months[] = {"January",   "February", "March",    "April",
                                "May",       "June",     "July",     "August",
                                "September", "October",  "November", "December"};

Period month_period(int y, unsigned m) {
    Period p;
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02u", y, m);
    p.key = key;
    p.label = std::string(k_months[m - 1]) + " " + std::to_string(y);
    p.first = sys_days{year{y} / month{m} / 1};
    p.last = sys_days{year{y} / month{m} / last};
    return p;
}

Period quarter_period(int y, unsigned q) {
    Period p;
    p.key = std::to_string(y) + "-Q" + std::to_string(q);
    unsigned m = (q - 1) * 3 + 1;
    p.label = std::to_string(y) + " Q" + std::to_string(q) + " (" + k_months[m - 1] + " to " +
              k_months[m + 1] + ")";
    p.first = sys_days{year{y} / month{m} / 1};
    p.last = sys_days{year{y} / month{m + 2} / last};
    p.quarter = true;
    return p;
}

}  // namespace

std::optional<Period> parse_period(const std::string& key) {
    int y = 0;
    unsigned n = 0;
    char tail = 0;
    if (key.size() == 7 && std::sscanf(key.c_str(), "%4d-Q%1u%c", &y, &n, &tail) == 2 &&
        key[4] == '-' && key[5] == 'Q' && n >= 1 && n <= 4)
        return quarter_period(y, n);
    if (key.size() == 7 && std::sscanf(key.c_str(), "%4d-%2u%c", &y, &n, &tail) == 2 &&
        key[4] == '-' && std::isdigit(static_cast<unsigned char>(key[5])) && n >= 1 && n <= 12)
        return month_period(y, n);
    return std::nullopt;
}

std::vector<Period> digest_periods(const Site& site, Days as_of) {
    std::optional<Days> oldest;
    for (const auto& pm : site.postmortems)
        if (pm.date.day() <= as_of && (!oldest || pm.date.day() < *oldest)) oldest = pm.date.day();
    std::vector<Period> quarter_list, month_list;
    if (!oldest) return quarter_list;
    year_month_day from{*oldest}, to{as_of};
    for (year_month m = from.year() / from.month(); m <= to.year() / to.month();
         m += std::chrono::months{1}) {
        int y = int(m.year());
        unsigned mo = unsigned(m.month());
        month_list.insert(month_list.begin(), month_period(y, mo));
        if (mo % 3 == 1 || quarter_list.empty())
            quarter_list.insert(quarter_list.begin(), quarter_period(y, (mo - 1) / 3 + 1));
    }
    quarter_list.insert(quarter_list.end(), month_list.begin(), month_list.end());
    return quarter_list;
}

PeriodDigest digest_for(const Site& site, const Insights& insights, const Period& period,
                        Days as_of) {
    PeriodDigest d;
    d.period = period;
    std::map<std::string, size_t> severities, services;
    for (size_t i = 0; i < site.postmortems.size(); ++i) {
        const PostMortem& pm = site.postmortems[i];
        Days day = pm.date.day();
        if (day < period.first || day > period.last) continue;
        d.incidents.push_back(i);
        ++severities[pm.severity];
        for (const auto& s : pm.services)
            ++services[s];
        const auto& end = pm.mitigated ? pm.mitigated : pm.resolved;
        if (end && end->instant >= pm.date.instant) {
            d.impact_minutes +=
                long(duration_cast<minutes>(end->instant - pm.date.instant).count());
            ++d.impact_known;
        }
    }
    for (const auto& s : site.config.severities)
        if (auto it = severities.find(s); it != severities.end()) d.by_severity.emplace_back(*it);
    for (const auto& [s, n] : severities)  // a severity the config does not list, last
        if (std::find(site.config.severities.begin(), site.config.severities.end(), s) ==
            site.config.severities.end())
            d.by_severity.emplace_back(s, n);
    d.by_service.assign(services.begin(), services.end());
    std::stable_sort(d.by_service.begin(), d.by_service.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (size_t p = 0; p < insights.patterns.size(); ++p)
        if (insights.patterns[p].first <= period.last && insights.patterns[p].last >= period.first)
            d.patterns.push_back(p);
    d.follow = follow_through(site, d.incidents, as_of);
    Days cutoff = std::min(period.last, as_of);
    for (size_t p = 0; p < site.postmortems.size(); ++p) {
        const auto& items = site.postmortems[p].action_items;
        for (size_t k = 0; k < items.size(); ++k) {
            const ActionItem& item = items[k];
            if (!item.due) continue;
            if (*item.due >= period.first && *item.due <= period.last) d.came_due.push_back({p, k});
            if (item.status == "wont-do" || item.project) continue;
            // Overdue when the period ended (or today, for the period still running).
            bool closed_by_then = item.closed_on
                                      ? *item.closed_on <= cutoff
                                      : item.status == "done" || item.status == "verified";
            if (*item.due <= period.last && *item.due < as_of && !closed_by_then)
                ++d.overdue_at_end;
        }
    }
    std::stable_sort(d.came_due.begin(), d.came_due.end(), [&](const auto& a, const auto& b) {
        return *site.postmortems[a.postmortem].action_items[a.item].due <
               *site.postmortems[b.postmortem].action_items[b.item].due;
    });
    return d;
}

std::vector<size_t> listed_incidents(const Site& site, const PeriodDigest& digest) {
    std::vector<size_t> listed = digest.incidents;  // newest first
    if (listed.size() <= k_digest_incidents) return listed;
    const auto& severities = site.config.severities;
    auto rank = [&](size_t i) {
        auto at = std::find(severities.begin(), severities.end(), site.postmortems[i].severity);
        return size_t(at - severities.begin());  // one not configured ranks last
    };
    std::stable_sort(listed.begin(), listed.end(),
                     [&](size_t a, size_t b) { return rank(a) < rank(b); });
    listed.resize(k_digest_incidents);
    std::sort(listed.begin(), listed.end());  // site order: newest first
    return listed;
}

std::vector<DigestItem> listed_items(const Site& site, const PeriodDigest& digest) {
    std::vector<DigestItem> listed = digest.came_due;  // by due date
    if (listed.size() <= k_digest_items) return listed;
    auto closed = [&](const DigestItem& ref) {
        const std::string& status = site.postmortems[ref.postmortem].action_items[ref.item].status;
        return status == "done" || status == "verified" || status == "wont-do";
    };
    std::stable_partition(listed.begin(), listed.end(),
                          [&](const DigestItem& ref) { return !closed(ref); });
    listed.resize(k_digest_items);
    std::stable_sort(listed.begin(), listed.end(), [&](const auto& a, const auto& b) {
        return *site.postmortems[a.postmortem].action_items[a.item].due <
               *site.postmortems[b.postmortem].action_items[b.item].due;
    });
    return listed;
}

}  // namespace hs
