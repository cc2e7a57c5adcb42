#pragma once
// What the knowledge base says as a whole: patterns that repeat, trends, how fast we detect and
// fix, and whether fixes hold.
#include <optional>
#include <string>
#include <vector>

#include "analysis/action_items.hpp"
#include "analysis/taxonomy.hpp"

namespace hs {

// N or more incidents of one service or category within a window of days.
struct RecurringPattern {
    std::string kind;  // "services" or "categories"
    std::string term;
    std::vector<size_t> postmortems;  // oldest first
    Days first{}, last{};
};

// An incident that happened although an earlier action item on the same service and category
// had been verified: the one figure that tells whether post-mortems change anything.
struct Recurrence {
    size_t incident;    // the later post-mortem
    size_t postmortem;  // the earlier one
    size_t item;        // its verified action item
};

struct DurationStats {
    size_t count = 0;
    std::optional<long> median_minutes, p90_minutes;
};

struct Insights {
    std::vector<RecurringPattern> patterns;
    std::vector<Recurrence> recurrences;
    DurationStats detect, mitigate, resolve;
};

struct InsightOptions {
    size_t count = 3;
    int window_days = 180;
};

Insights find_insights(const Site& site, const Taxonomies& taxonomies,
                       const InsightOptions& options);

// Detect / mitigate / resolve statistics over some post-mortems (those with times of day).
DurationStats duration_stats(const Site& site, const std::vector<size_t>& members,
                             const std::optional<Timestamp> PostMortem::*end);

}  // namespace hs
