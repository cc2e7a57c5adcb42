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

// An incident that happened although an action item of an earlier post-mortem on the same
// category and a shared service had been verified (within `fix_window_days` before it): the one
// figure that tells whether post-mortems change anything. Only the latest such post-mortem
// counts for each incident.
struct Recurrence {
    size_t incident;    // the later post-mortem
    size_t postmortem;  // the earlier one
    size_t item;        // its verified action item
};

// An incident of the same kind as an earlier one (same category, a shared service: the latest
// such), with how much faster it was detected, mitigated and resolved: the seeds' test of whether
// the team is better equipped when the same kind of incident comes back. Deltas are in minutes,
// negative when faster; absent when either incident does not give that time.
struct Repeat {
    size_t incident;
    size_t earlier;
    std::optional<long> detect, mitigate, resolve;
};

// How many repeats were faster, of those where the time is known.
struct RepeatOutcome {
    size_t repeats = 0;
    size_t detect_known = 0, detect_faster = 0;
    size_t mitigate_known = 0, mitigate_faster = 0;
    size_t resolve_known = 0, resolve_faster = 0;
};

struct DurationStats {
    size_t count = 0;
    std::optional<long> median_minutes, p90_minutes;
};

struct Insights {
    std::vector<RecurringPattern> patterns;
    std::vector<Recurrence> recurrences;           // by incident, then earlier post-mortem and item
    std::vector<std::vector<size_t>> by_incident;  // post-mortem → its recurrences
    std::vector<std::vector<size_t>> by_earlier;   // post-mortem → recurrences of its fixes
    DurationStats detect, mitigate, resolve;
    std::vector<Repeat> repeats;                   // oldest incident first
    std::vector<std::optional<size_t>> repeat_of;  // post-mortem → its entry in `repeats`
};

RepeatOutcome repeat_outcome(const Insights& insights, const std::vector<size_t>& repeats);

struct InsightOptions {
    size_t count = 3;
    int window_days = 180;
    int fix_window_days = 365;  // a fix verified longer ago than this is not counted
};

Insights find_insights(const Site& site, const Taxonomies& taxonomies,
                       const InsightOptions& options);

// Detect / mitigate / resolve statistics over some post-mortems (those with times of day).
DurationStats duration_stats(const Site& site, const std::vector<size_t>& members,
                             const std::optional<Timestamp> PostMortem::*end);

}  // namespace hs
