#pragma once
// A post-mortem file's text → `PostMortem`, every problem reported with its position.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.hpp"
#include "model/model.hpp"

namespace hs {

// The closed lists a post-mortem is checked against.
struct Vocabulary {
    std::vector<std::string> severities;
    std::vector<std::string> categories;
    std::vector<std::string> services;  // ids from services.yaml
    std::vector<FieldDef> fields;       // custom fields (`fields:` in hindsight.yaml)
};

// The front-matter keys Hindsight itself defines (a custom field may not take one).
const std::vector<std::string>& postmortem_keys();

// Pure: `path` is only used in positions. Returns nullopt when the file has errors.
std::optional<PostMortem> parse_postmortem(const std::string& path, std::string_view text,
                                           const Vocabulary& vocabulary, DiagnosticSink& sink);

}  // namespace hs
