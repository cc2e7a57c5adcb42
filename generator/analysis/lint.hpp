#pragma once
// Lints for authors: the template's sections are there and filled in, and the language is
// blameless. Everything here is a warning: it shows in `check` and `build`, and fails only
// `check --strict`.
#include <vector>

#include "diag/diagnostic.hpp"
#include "markdown/markdown.hpp"
#include "model/model.hpp"
#include "util/file_memo.hpp"

namespace hs {

// The sections a published post-mortem of this severity must have, from config
// `required_sections` (severity → list, or `default`).
std::vector<std::string> required_sections(const Config& config, const std::string& severity);

// Missing or empty required sections of published post-mortems (sections.missing,
// sections.empty) and blaming language in every body (blameless.*).
// Each post-mortem's warnings, kept between compiles (serve): reused while the post-mortem's
// text, its sections, the config's required sections and the knowledge base's people are the same.
using LintMemo = FileMemo<std::vector<Diagnostic>>;

// On up to `jobs` threads.
void lint_postmortems(const Site& site, const Bodies& bodies, DiagnosticSink& sink,
                      unsigned jobs = 1, LintMemo* memo = nullptr);

// Blaming phrases in Markdown text, outside code; `people` are the knowledge base's handles, so
// "caused by priya.raman" can be told from "caused by a retry storm". Positions are relative
// to `first_line` of `path`.
void lint_blameless(const std::string& path, int first_line, std::string_view markdown,
                    const std::vector<std::string>& people, DiagnosticSink& sink);

}  // namespace hs
