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
// wont-do without reason, the two-week rule on the first plan, several owners, dates that cannot
// be true at `as_of`, ticket policy) and quality warnings (vague title, a team as owner, no
// done_when, no verify, a SEV1/SEV2 without a detect or contain item), each at the line of the
// value it is about.
void check_action_items(const Site& site, Days as_of, DiagnosticSink& sink);

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

enum class StaleKind { overdue, unverified, stuck_review, unreviewed, drift };
const char* to_string(StaleKind kind);
// "overdue", "unverified", "stuck-review", "unreviewed", "drift": for ids and CSS classes.
const char* slug_of(StaleKind kind);

// One thing that makes the build go red.
struct Stale {
    StaleKind kind;
    size_t postmortem;           // index into Site::postmortems
    std::optional<size_t> item;  // index into its action_items (none for stuck_review)
    int days = 0;                // days overdue / past the window
    std::string owner;  // who should act: the item's owner, else the facilitator or first author
                        // ("" when the post-mortem names nobody)
    std::optional<Days> due;  // the date that was missed
    SourcePos pos;
    std::string message;
    std::string fix;  // exactly what to write to resolve it
};

// "overdue by 3 days", "review late by 1 day", "tracker drift".
std::string describe(const Stale& s);
// What a finding is about, in a line: the item's title, the post-mortem's title for a stuck
// review, the whole message for drift (which names the ticket too).
std::string subject(const Site& site, const Stale& s);
// The person a finding is for, as reports print it: "(nobody)" when the post-mortem names none.
std::string addressee(const Stale& s);

// Every finding of the gate, sorted by owner, then most days first. Drift findings need the
// tracker snapshot (Site::tickets).
std::vector<Stale> find_stale(const Site& site, Days as_of);

// The tracker's view of an item's ticket, when a snapshot was given and the item has a ticket;
// nullptr when the snapshot does not know it.
const Ticket* find_ticket(const Site& site, const ActionItem& item);

// Follow-through of a set of post-mortems: how fast and how surely their items get closed.
// Projects (`project: true`) are exempt from the two-week rule, so they are counted apart.
struct FollowThrough {
    size_t items = 0;             // all items except wont-do and projects
    size_t judged_14 = 0;         // items whose 14 days are over, or that closed within them
    size_t pending_14 = 0;        // still open, and the incident is less than 14 days old
    size_t closed_within_14 = 0;  // done or verified, closed_on ≤ incident date + 14 days
    size_t verified = 0;
    std::optional<double> median_days_to_close;
    size_t open = 0;
    size_t overdue = 0;
    size_t projects = 0;
    size_t slips = 0;          // re-plans of all items, projects included
    size_t slipped_items = 0;  // items re-planned at least once
};
FollowThrough follow_through(const Site& site, const std::vector<size_t>& postmortems, Days as_of);

}  // namespace hs
