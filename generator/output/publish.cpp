#include "output/publish.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <sstream>
#include <stdexcept>

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
        bool escapes = p.is_absolute();
        for (const auto& part : p)
            escapes = escapes || part == "..";
        if (!escapes) paths.insert(line);
    }
    return paths;
}

// The folder `rel` would be written in must really be inside `out`: a symlink in the output
// (say site/tags -> /home/me) must not make hindsight write or delete anywhere else.
bool stays_inside(const fs::path& real_out, const fs::path& out, const std::string& rel) {
    std::error_code ec;
    fs::path parent = fs::weakly_canonical((out / rel).parent_path(), ec);
    return !ec && (parent == real_out || path_inside(parent, real_out));
}

std::string manifest_text(const std::set<std::string>& paths) {
    std::string text = std::string(k_manifest_header) + "\n";
    for (const auto& path : paths)
        text += path + "\n";
    return text;
}

void remove_empty_parents(fs::path dir, const fs::path& out) {
    std::error_code ec;
    while (dir != out && path_inside(dir, out) && fs::is_empty(dir, ec) && !ec) {
        fs::remove(dir, ec);
        dir = dir.parent_path();
    }
}

// An exclusive flock on the output folder for as long as it lives; waits for another holder.
class FolderLock {
  public:
    FolderLock(const fs::path& dir, const std::function<void()>& on_wait)
        : m_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
        if (m_fd < 0) throw std::runtime_error("cannot open " + dir.string() + " to lock it");
        if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) return;
        if (on_wait) on_wait();
        while (::flock(m_fd, LOCK_EX) != 0)
            if (errno != EINTR) throw std::runtime_error("cannot lock " + dir.string());
    }
    ~FolderLock() { ::close(m_fd); }  // closing releases the lock
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int m_fd;
};

}  // namespace

std::optional<std::string> refuse_output_dir(const fs::path& out) {
    std::error_code ec;
    if (!fs::exists(out, ec)) return std::nullopt;
    if (!fs::is_directory(out, ec)) return out.string() + " exists and is not a folder";
    if (fs::is_empty(out, ec) || fs::exists(out / k_manifest_name, ec)) return std::nullopt;
    return out.string() + " is not empty and was not written by hindsight (it has no " +
           k_manifest_name + "); refusing to write into it so nothing of yours is overwritten";
}

PublishStats publish(const SiteFiles& site, const fs::path& out,
                     const std::function<void()>& on_wait) {
    PublishStats stats;
    for (const auto& [path, bytes] : site.files)
        for (const auto& part : fs::path(path))
            if (part.native().size() > 255)
                throw std::runtime_error("cannot write " + path.substr(0, 80) +
                                         "...: a name in its path is longer than 255 bytes");
    fs::create_directories(out);
    FolderLock lock(out, on_wait);
    std::set<std::string> previous = read_manifest(out);
    std::set<std::string> current;
    for (const auto& [path, bytes] : site.files)
        current.insert(path);

    fs::path real_out = fs::canonical(out);
    for (const auto& path : current)
        if (!stays_inside(real_out, out, path))
            throw std::runtime_error("refusing to write " + (out / path).string() +
                                     ": a symlink in the output folder leads outside it");

    // Claim every file before touching any, so that a build cut short (disk full, killed) leaves
    // a manifest the next build trusts and cleans up after.
    std::set<std::string> claimed = previous;
    claimed.insert(current.begin(), current.end());
    if (claimed != previous || !fs::exists(out / k_manifest_name))
        write_file_atomic(out / k_manifest_name, manifest_text(claimed));

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
        if (site.files.count(path) || !stays_inside(real_out, out, path)) continue;
        std::error_code ec;
        if (fs::remove(out / path, ec)) ++stats.removed;
        remove_empty_parents((out / path).parent_path(), out);
    }
    std::string manifest = manifest_text(current);
    if (manifest != read_file(out / k_manifest_name))
        write_file_atomic(out / k_manifest_name, manifest);
    return stats;
}

}  // namespace hs
