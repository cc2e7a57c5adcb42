#pragma once
// The digest: what went wrong in a month or a quarter and what changed, for readers outside the
// team (leadership, other teams). Built from the same model as the rest of the site; the pages
// (digest/2026-Q3/, digest/2026-09/) and `hindsight digest --format markdown` show the same.
#include <string>
#include <utility>
#include <vector>

#include "analysis/action_items.hpp"
#include "analysis/insights.hpp"
#include "model/model.hpp"

namespace hs {

struct Period {
    std::string key;       // "2026-09", "2026-Q3"
    std::string label;     // "September 2026", "2026 Q3 (July to September)"
    Days first{}, last{};  // both inclusive
    bool quarter = false;
};

// "2026-09" or "2026-Q3"; nullopt for anything else (or a month 13, a quarter 5).
std::optional<Period> parse_period(const std::string& key);
// Every quarter and every month from the oldest incident's to the as-of date's, newest first
// (quarters, then months), with or without incidents (items come due in quiet months too);
// none before the first incident.
std::vector<Period> digest_periods(const Site& site, Days as_of);

struct DigestItem {
    size_t postmortem = 0, item = 0;
};

struct PeriodDigest {
    Period period;
    std::vector<size_t> incidents;                            // started in it, newest first
    std::vector<std::pair<std::string, size_t>> by_severity;  // the config's order; none at 0
    std::vector<std::pair<std::string, size_t>> by_service;   // most first, then by id
    // Customer-facing time: from each incident's start to its mitigation (its resolution when
    // it gives no mitigation), summed over the incidents that give one.
    long impact_minutes = 0;
    size_t impact_known = 0;
    std::vector<size_t> patterns;  // Insights::patterns whose first..last meets the period
    // The period's incidents' items, judged as of the as-of date (as on service pages).
    FollowThrough follow;
    // Items of any post-mortem due on or before the period's last day and not closed by then
    // (wont-do and projects aside): what was overdue when the period ended.
    size_t overdue_at_end = 0;
    std::vector<DigestItem> came_due;  // due within the period, by due date then post-mortem
};

PeriodDigest digest_for(const Site& site, const Insights& insights, const Period& period,
                        Days as_of);

// A digest is read in one sitting, and no page may grow with the knowledge base: it lists at
// most this many incidents, the most severe (then the newest), and this many items that came
// due, the ones still open first (then by due date); the figures count them all.
inline constexpr size_t k_digest_incidents = 40;
inline constexpr size_t k_digest_items = 60;
// The incidents a digest lists, newest first.
std::vector<size_t> listed_incidents(const Site& site, const PeriodDigest& digest);
// The items that came due a digest lists, by due date.
std::vector<DigestItem> listed_items(const Site& site, const PeriodDigest& digest);

}  // namespace hs
