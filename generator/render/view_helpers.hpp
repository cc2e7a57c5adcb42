#pragma once
// Pieces shared by the views of several pages.
#include <string>
#include <utility>
#include <vector>

#include "analysis/action_items.hpp"
#include "render/views.hpp"

namespace hs {

// Severity badges are colored by rank, so any list of severities in the config gets colors.
std::string severity_class(const Config& config, const std::string& severity);
const Service* find_service(const Site& site, const std::string& id);
json severity_counts_view(const ViewContext& ctx, const std::vector<size_t>& members);
json postmortem_rows(const ViewContext& ctx, const std::vector<size_t>& members,
                     const Linker& link);
// Which page of a long list a page is (README › Configuration, `per_page`).
struct PageOf {
    size_t page = 1, pages = 1;
    std::string first;  // the path of the list's first page
};
// How many pages `count` post-mortems fill.
size_t pages_for(const Config& config, size_t count);
// The [from, to) part of a list of `count` entries that page shows.
std::pair<size_t, size_t> page_range(const Config& config, size_t count, const PageOf& at);
// The part of `members` that page shows.
std::vector<size_t> page_slice(const Config& config, const std::vector<size_t>& members,
                               const PageOf& at);
// Links to the other pages of the list (absent when there is one page): previous, next, and
// numbers for the first, the last and the two on either side of this one.
void add_pager(json& view, const PageOf& at, const Linker& link);
// The tracker link of a ticket, from config `tracker.url`; "" without one.
std::string ticket_href(const Config& config, const std::string& ticket);

// One action item, with its post-mortem, owner page and due-date label.
json action_item_view(const ViewContext& ctx, const ItemRef& ref, const Linker& link);
// "closed in the tracker 2026-06-11", "open in the tracker", "not in the tracker"; "" without a
// snapshot or a ticket.
std::string ticket_state(const Site& site, const ActionItem& item);
// Owner handles become URL slugs; two handles that differ only in case share a page.
std::string owner_slug(const std::string& owner);
// ("3 days overdue", "state-overdue"), ("due today", "state-soon"), ...
std::pair<std::string, std::string> due_label(const ItemState& state, const ActionItem& item);
// Open and overdue counts and the follow-through figures of a set of post-mortems.
json follow_through_view(const ViewContext& ctx, const std::vector<size_t>& members);

}  // namespace hs
