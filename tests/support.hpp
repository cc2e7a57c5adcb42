#pragma once
// Helpers shared by the tests: temporary folders and small knowledge bases written on the fly.
#include <filesystem>
#include <map>
#include <string>

#include "util/files.hpp"

namespace hs::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed when the object goes.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& rel) const { return m_path / rel; }
    void write(const std::string& rel, const std::string& bytes) const;

  private:
    fs::path m_path;
};

// Copies a folder of the repository (e.g. tests/golden/basic) into a TempDir.
void copy_tree(const fs::path& from, const fs::path& to);

// All regular files under `root`, relative path → bytes.
std::map<std::string, std::string> read_tree(const fs::path& root);

fs::path tests_dir();   // tests/ of the source tree
fs::path source_dir();  // the repository root

// Every section of the house template, each with a line of text.
inline const std::string k_full_body =
    "## Summary\n\nText.\n\n## Impact\n\nText.\n\n## Timeline\n\nText.\n\n## Surprise\n\nText.\n\n"
    "## Conditions\n\nText.\n\n## Response\n\nText.\n\n## Systemic\n\nText.\n\n"
    "## Action items\n\nBelow.\n";

// A minimal valid post-mortem; `extra` is appended inside the front matter, `body` after it.
std::string postmortem_text(const std::string& id, const std::string& extra = "",
                            const std::string& body = k_full_body);
// A small valid knowledge base: config, two services, no post-mortems.
void write_minimal_kb(const TempDir& dir);
void write_minimal_kb_at(const fs::path& dir);

// Replaces the first match of the regex `pattern` in the file `rel` of `dir`; false if nothing
// changed (tests REQUIRE an edit to change something).
bool replace_first(const TempDir& dir, const std::string& rel, const std::string& pattern,
                   const std::string& replacement);
// The first file whose bytes differ between two sites, "" if none: for a readable failure.
std::string first_difference(const std::map<std::string, std::string>& a,
                             const std::map<std::string, std::string>& b);

}  // namespace hs::test
