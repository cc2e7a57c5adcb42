#include "output/publish.hpp"

#include <set>
#include <sstream>

#include "util/files.hpp"

namespace hs {
namespace {

constexpr const char* k_manifest_header = "# Files written by hindsight; it removes only these.";

// Paths listed in a previous manifest; anything that could leave `out` is ignored.
std::set<std::string> read_manifest(const fs::path& out) {
    std::set<std::string> paths;
    auto text = read_file(out / k_manifest_name);
    if (!text) return paths;
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        fs::path p(line);
        if (p.is_absolute() || line.find("..") != std::string::npos) continue;
        paths.insert(line);
    }
    return paths;
}

void remove_empty_parents(fs::path dir, const fs::path& out) {
    std::error_code ec;
    while (dir != out && path_inside(dir, out) && fs::is_empty(dir, ec) && !ec) {
        fs::remove(dir, ec);
        dir = dir.parent_path();
    }
}

}  // namespace

std::optional<std::string> refuse_output_dir(const fs::path& out) {
    std::error_code ec;
    if (!fs::exists(out, ec)) return std::nullopt;
    if (!fs::is_directory(out, ec)) return out.string() + " exists and is not a folder";
    if (fs::is_empty(out, ec) || fs::exists(out / k_manifest_name, ec)) return std::nullopt;
    return out.string() + " is not empty and was not written by hindsight (it has no " +
           k_manifest_name + "); refusing to write into it so nothing of yours is overwritten";
}

PublishStats publish(const SiteFiles& site, const fs::path& out) {
    PublishStats stats;
    std::set<std::string> previous = read_manifest(out);
    for (const auto& [path, bytes] : site.files) {
        fs::path target = out / path;
        if (auto existing = read_file(target); existing && *existing == bytes) {
            ++stats.unchanged;
            continue;
        }
        write_file_atomic(target, bytes);
        ++stats.written;
    }
    for (const auto& path : previous) {
        if (site.files.count(path)) continue;
        std::error_code ec;
        if (fs::remove(out / path, ec)) ++stats.removed;
        remove_empty_parents((out / path).parent_path(), out);
    }
    std::string manifest = std::string(k_manifest_header) + "\n";
    for (const auto& [path, bytes] : site.files)
        manifest += path + "\n";
    write_file_atomic(out / k_manifest_name, manifest);
    return stats;
}

}  // namespace hs
