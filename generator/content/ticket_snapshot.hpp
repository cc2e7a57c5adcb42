#pragma once
// A tracker snapshot → model. Two formats, told apart by their shape:
// - GitHub: the array `gh issue list --state all --json number,state,closedAt,url` prints;
// - Jira: a search response, `{"issues": [{"key", "fields": {"status": {"statusCategory":
//   {"key"}}, "resolutiondate"}}]}`.
#include <optional>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace hs {

std::optional<TicketSnapshot> parse_ticket_snapshot(const std::string& path, std::string_view text,
                                                    DiagnosticSink& sink);

// The key an item's `ticket` has in a snapshot: `#123` and `owner/repo#123` are GitHub issue
// 123; anything else is looked up as written (a Jira key).
std::string ticket_key(const TicketSnapshot& snapshot, const std::string& ticket);

}  // namespace hs
