#pragma once
// The follow-through side: action-item rules, their state at an as-of date, and what is stale.
#include <optional>
#include <string>
#include <vector>

#include "analysis/taxonomy.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace hs {

// Errors (missing owner or due on a published post-mortem, a closed item without its date,
// wont-do without reason, the two-week rule) and quality warnings (vague title, a team as owner,
// no done_when, no verify), each at the item's own position.
void check_action_items(const Site& site, DiagnosticSink& sink);

bool is_open(const ActionItem& item);  // open or in-progress

// Where an item stands at the as-of date.
struct ItemState {
    bool open = false;
    std::optional<int> days_overdue;   // open and past due (after grace): how many days
    std::optional<int> days_left;      // open and not yet due: days until due (0 on the day)
    std::optional<int> days_in_grace;  // open, past due, but within grace_days: days late
    bool unverified = false;           // done, and not verified within verify_within_days
};
ItemState item_state(const ActionItem& item, Days as_of, const Policy& policy);

// An action item with where it belongs and where it stands.
struct ItemRef {
    size_t postmortem;  // index into Site::postmortems
    size_t item;        // index into its action_items
    ItemState state;
};

// Every item of the knowledge base, ordered for a to-do list: by due date (so overdue items come
// first), items without a date last, then by post-mortem and position.
std::vector<ItemRef> all_items(const Site& site, Days as_of);

enum class StaleKind { overdue, unverified, stuck_review, unreviewed };
const char* to_string(StaleKind kind);

// One thing that makes the build go red.
struct Stale {
    StaleKind kind;
    size_t postmortem;           // index into Site::postmortems
    std::optional<size_t> item;  // index into its action_items (none for stuck_review)
    int days = 0;                // days overdue / past the window
    std::string owner;           // who should act: the item's owner, else the facilitator
    std::optional<Days> due;     // the date that was missed
    SourcePos pos;
    std::string message;
};

// Sorted by owner, then most days first.
std::vector<Stale> find_stale(const Site& site, Days as_of);

// Follow-through of a set of post-mortems: how fast and how surely their items get closed.
struct FollowThrough {
    size_t items = 0;             // all items except wont-do
    size_t closed_within_14 = 0;  // done or verified, closed_on ≤ incident date + 14 days
    size_t verified = 0;
    std::optional<double> median_days_to_close;
    size_t open = 0;
    size_t overdue = 0;
};
FollowThrough follow_through(const Site& site, const std::vector<size_t>& postmortems, Days as_of);

}  // namespace hs
