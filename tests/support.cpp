#include "support.hpp"

#include <atomic>
#include <random>
#include <regex>

namespace hs::test {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    m_path = fs::temp_directory_path() /
             ("hindsight-test-" + std::to_string(rd()) + "-" + std::to_string(counter++));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

void TempDir::write(const std::string& rel, const std::string& bytes) const {
    write_file_atomic(m_path / rel, bytes);
}

void copy_tree(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(from, to,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing |
                 fs::copy_options::copy_symlinks);
}

std::map<std::string, std::string> read_tree(const fs::path& root) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files[entry.path().lexically_relative(root).generic_string()] =
                *read_file(entry.path());
    return files;
}

fs::path tests_dir() {
    return HS_TESTS_DIR;
}
fs::path source_dir() {
    return HS_SOURCE_DIR;
}

std::string postmortem_text(const std::string& id, const std::string& extra,
                            const std::string& body) {
    return "---\nid: " + id + "\ntitle: Incident " + id +
           "\ndate: 2026-03-01T10:00:00Z\nstatus: published\nseverity: SEV3\nservices: [api]\n"
           "category: deployment\n" +
           extra +
           "action_items:\n  - title: Add a canary stage\n    owner: ana\n"
           "    due: 2026-03-10\n    status: open\n    done_when: [canary runs on every deploy]\n"
           "    verify: a bad build stops at the canary in staging\n---\n" +
           body;
}

void write_minimal_kb(const TempDir& dir) {
    write_minimal_kb_at(dir.path());
}

void write_minimal_kb_at(const fs::path& dir) {
    fs::create_directories(dir / "content/postmortems");
    write_file_atomic(dir / "hindsight.yaml", "title: Test KB\nas_of: 2026-03-05\n");
    write_file_atomic(
        dir / "content/services.yaml",
        "- { id: api, name: API, team: web, tier: 1 }\n- { id: db, name: Database, team: data }\n");
}

bool replace_first(const TempDir& dir, const std::string& rel, const std::string& pattern,
                   const std::string& replacement) {
    std::string before = read_file(dir / rel).value_or("");
    std::string after = std::regex_replace(before, std::regex(pattern), replacement,
                                           std::regex_constants::format_first_only);
    if (after == before) return false;
    dir.write(rel, after);
    return true;
}

std::string first_difference(const std::map<std::string, std::string>& a,
                             const std::map<std::string, std::string>& b) {
    for (const auto& [path, bytes] : a)
        if (auto it = b.find(path); it == b.end() || it->second != bytes) return path;
    for (const auto& [path, bytes] : b)
        if (!a.count(path)) return path;
    return "";
}

}  // namespace hs::test
