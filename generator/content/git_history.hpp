#pragma once
// When each post-mortem last changed, from the git history of the knowledge base: one `git log`
// over content/, not a process per file. Outside a git checkout, or without git, nothing is
// known and pages say nothing about it.
#include <filesystem>
#include <map>
#include <string>

#include "diag/diagnostic.hpp"
#include "util/dates.hpp"

namespace hs {

struct GitHistory {
    std::string head;  // the commit checked out; "" when the knowledge base is not in a checkout
    // File (relative to the knowledge base, `content/...`) → the day (UTC) of the newest commit
    // that changed it. A file never committed is not in it.
    std::map<std::string, Days> changed;
    bool shallow = false;  // a shallow clone: nothing is known
};

// The commit checked out in the knowledge base's repository, or "" (not a checkout, no git).
std::string git_head(const std::filesystem::path& root);

// The history of content/ at `head` (git_head's answer). A shallow clone's history is cut
// short, so every file would seem changed by its newest commit: then nothing is known.
GitHistory read_git_history(const std::filesystem::path& root, const std::string& head);
// The warning a shallow clone gets.
void warn_shallow(DiagnosticSink& sink);

// `git log -z --format=%x01%ct --name-only` output → the newest day per file.
std::map<std::string, Days> parse_git_log(const std::string& log);

}  // namespace hs
