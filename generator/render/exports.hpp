#pragma once
// The knowledge base as data files: JSON for tools, CSV for spreadsheets, iCalendar for
// calendars. Each takes the items to export, so the `actions` command can filter first.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/action_items.hpp"
#include "model/model.hpp"

namespace hs {

// "overdue", "open", "unverified", "done", "verified" or "wont-do"
std::string item_state_name(const ActionItem& item, const ItemState& state);

nlohmann::json items_json(const Site& site, const std::vector<ItemRef>& items);
nlohmann::json postmortems_json(const Site& site);
// RFC 4180 with a UTF-8 byte order mark, so spreadsheets detect the encoding; cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe.
std::string items_csv(const Site& site, const std::vector<ItemRef>& items);
// RFC 5545: one all-day event per open item with a due date; CRLF, folded lines, stable UIDs.
std::string items_ics(const Site& site, const std::vector<ItemRef>& items, Days as_of);

// base_url + the post-mortem's folder: absolute when base_url is, else rooted at the site.
// JSON text for files and reports. File names need not be UTF-8: bytes that are not become
// U+FFFD instead of an exception.
std::string json_text(const nlohmann::json& value, int indent = -1);

std::string postmortem_url(const Config& config, const PostMortem& pm);

}  // namespace hs
