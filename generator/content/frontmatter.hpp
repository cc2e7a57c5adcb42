#pragma once
// Splitting a post-mortem file into its YAML front matter and Markdown body.
#include <optional>
#include <string>
#include <string_view>

#include "diag/diagnostic.hpp"

namespace hs {

struct FrontMatter {
    std::string yaml;
    int yaml_line = 2;  // line of the file where `yaml` starts
    std::string body;
    int body_line = 1;  // line of the file where `body` starts
};

// Pure: text in, parts out. Reports an empty file, a missing `---` opening line and an
// unterminated block to `sink` at `path`.
std::optional<FrontMatter> split_front_matter(std::string_view text, const std::string& path,
                                              DiagnosticSink& sink);

}  // namespace hs
