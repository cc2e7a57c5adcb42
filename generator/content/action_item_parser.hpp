#pragma once
#include <yaml-cpp/yaml.h>

#include <vector>

#include "content/yaml_fields.hpp"
#include "model/model.hpp"

namespace hs {

inline const std::vector<std::string> k_item_statuses = {"open", "in-progress", "done", "verified",
                                                         "wont-do"};
inline const std::vector<std::string> k_item_types = {"detect", "contain", "resolve", "prevent",
                                                      "process"};

// The `action_items` list of a front matter; entries with errors are reported and skipped.
std::vector<ActionItem> parse_action_items(const YAML::Node& list, const YamlOrigin& origin,
                                           DiagnosticSink& sink);

}  // namespace hs
