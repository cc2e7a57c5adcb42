#pragma once
// How a command tells the user what it found: text for people, GitHub annotations for pull
// requests, JSON for tools.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/action_items.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace hs {

enum class DiagnosticsFormat { text, github, json };

// The stale report, grouped by owner: item, post-mortem, due, days late, file:line.
void print_stale_report(std::ostream& out, const Site& site, const std::vector<Stale>& stale,
                        Days as_of, bool failing, const std::string& prefix);

// `::error file=…,line=…,col=…,title=…::message` for each diagnostic and stale item.
void print_github(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                  const std::vector<Stale>& stale, bool stale_fails, const std::string& prefix);

// 32 random hex digits, for `::stop-commands::` around text quoted from the content.
std::string unguessable_token();

nlohmann::json stale_json(const Site& site, const std::vector<Stale>& stale,
                          const std::string& prefix);
nlohmann::json diagnostics_json(const std::vector<Diagnostic>& diagnostics,
                                const std::string& prefix);

}  // namespace hs
