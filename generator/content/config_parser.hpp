#pragma once
// hindsight.yaml and content/services.yaml → model, with positioned errors.
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace hs {

// Fills `config` from the text of hindsight.yaml; fields left out keep their defaults.
void parse_config(const std::string& path, std::string_view text, Config& config,
                  DiagnosticSink& sink);

std::vector<Service> parse_services(const std::string& path, std::string_view text,
                                    DiagnosticSink& sink);

}  // namespace hs
