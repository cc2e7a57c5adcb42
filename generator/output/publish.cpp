#include "output/publish.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "util/files.hpp"

namespace hs {
namespace {

constexpr const char* k_manifest_header = "# Files written by hindsight; it removes only these.";
constexpr const char* k_journal_header = "# hindsight publish journal: a committed site to finish";
constexpr const char* k_staging_name = ".hindsight-staging";
constexpr const char* k_journal_name = ".hindsight-journal";

// A relative path read back from a file hindsight wrote, or nullopt if it could leave `out`.
std::optional<std::string> safe_relative(const std::string& line) {
    fs::path p(line);
    if (line.empty() || p.is_absolute()) return std::nullopt;
    for (const auto& part : p)
        if (part == "..") return std::nullopt;
    return line;
}

// Paths listed in a previous manifest; anything that could leave `out` is ignored.
std::set<std::string> read_manifest(const fs::path& out) {
    std::set<std::string> paths;
    auto text = read_file(out / k_manifest_name);
    if (!text) return paths;
    std::istringstream in(*text);
    for (std::string line; std::getline(in, line);)
        if (line[0] != '#')
            if (auto path = safe_relative(line)) paths.insert(*path);
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

// What a committed publish does to the output folder. `put` files wait in the staging folder;
// the new manifest is put ∪ keep.
struct Journal {
    std::set<std::string> put, keep, remove;

    std::string text() const {
        std::string out = std::string(k_journal_header) + "\n";
        for (const auto& [verb, paths] :
             {std::pair{"put ", &put}, {"keep ", &keep}, {"remove ", &remove}})
            for (const auto& path : *paths)
                out += verb + path + "\n";
        return out;
    }

    static Journal parse(const std::string& text) {
        Journal j;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            auto space = line.find(' ');
            if (line.empty() || line[0] == '#' || space == std::string::npos) continue;
            auto path = safe_relative(line.substr(space + 1));
            if (!path) continue;
            std::string verb = line.substr(0, space);
            if (verb == "put") j.put.insert(*path);
            if (verb == "keep") j.keep.insert(*path);
            if (verb == "remove") j.remove.insert(*path);  // anything else is not ours: ignored
        }
        return j;
    }
};

void step(const std::function<void()>& on_step) {
    if (on_step) on_step();
}

// Carries out a committed journal. Every move is a rename within the output folder, and each is
// skipped if already done, so running it again after a kill finishes the same site.
void apply(const Journal& journal, const fs::path& out, const fs::path& real_out,
           const std::function<void()>& on_step, PublishStats& stats) {
    fs::path staging = out / k_staging_name;
    for (const auto& path : journal.put) {
        fs::path from = staging / path, to = out / path;
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(from, ec))) continue;  // moved before a kill
        if (!stays_inside(real_out, out, path))
            throw std::runtime_error("refusing to write " + to.string() +
                                     ": a symlink in the output folder leads outside it");
        fs::create_directories(to.parent_path());
        if (::rename(from.c_str(), to.c_str()) != 0)
            throw std::runtime_error("cannot move " + from.string() + " to " + to.string() + ": " +
                                     std::strerror(errno));
        ++stats.written;
        step(on_step);
    }
    for (const auto& path : journal.remove) {
        if (!stays_inside(real_out, out, path)) continue;
        std::error_code ec;
        if (fs::remove(out / path, ec)) ++stats.removed;
        remove_empty_parents((out / path).parent_path(), out);
        step(on_step);
    }
    std::set<std::string> now = journal.put;
    now.insert(journal.keep.begin(), journal.keep.end());
    std::string manifest = manifest_text(now);
    if (manifest != read_file(out / k_manifest_name)) {
        write_file_atomic(out / k_manifest_name, manifest);
        step(on_step);
    }
    fs::remove(out / k_journal_name);
    step(on_step);
    fs::remove_all(staging);
}

// Finishes or undoes a publish that was cut short: a committed journal is carried out (the
// site it describes was complete in staging); staged files without one are thrown away.
void recover(const fs::path& out, const fs::path& real_out, const std::function<void()>& on_step) {
    fs::path staging = out / k_staging_name;
    std::error_code ec;
    auto status = fs::symlink_status(staging, ec);
    if (fs::exists(status) && !fs::is_directory(status))
        throw std::runtime_error(staging.string() +
                                 " is not a folder hindsight made; remove it and build again");
    if (auto text = read_file(out / k_journal_name)) {
        PublishStats ignored;
        apply(Journal::parse(*text), out, real_out, on_step, ignored);
    } else if (fs::exists(status)) {
        fs::remove_all(staging);
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
                     const std::function<void()>& on_wait, const std::function<void()>& on_step) {
    for (const auto& [path, bytes] : site.files) {
        for (const auto& part : fs::path(path))
            if (part.native().size() > 255)
                throw std::runtime_error("cannot write " + path.substr(0, 80) +
                                         "...: a name in its path is longer than 255 bytes");
        if (path.rfind(".hindsight-", 0) == 0)
            throw std::runtime_error("cannot write " + path + ": the name is hindsight's own");
    }
    fs::create_directories(out);
    FolderLock lock(out, on_wait);
    fs::path real_out = fs::canonical(out);
    recover(out, real_out, on_step);

    std::set<std::string> previous = read_manifest(out);
    for (const auto& [path, bytes] : site.files)
        if (!stays_inside(real_out, out, path))
            throw std::runtime_error("refusing to write " + (out / path).string() +
                                     ": a symlink in the output folder leads outside it");

    // Stage every new or changed file; until the journal is written, the previous site is
    // untouched and a failure (disk full, read-only, killed) only leaves staging to clean up.
    Journal journal;
    PublishStats stats;
    fs::path staging = out / k_staging_name;
    try {
        for (const auto& [path, bytes] : site.files) {
            if (auto existing = read_file(out / path); existing && *existing == bytes) {
                journal.keep.insert(path);
                ++stats.unchanged;
                continue;
            }
            write_file_atomic(staging / path, bytes);
            journal.put.insert(path);
            step(on_step);
        }
        for (const auto& path : previous)
            if (!site.files.count(path) && stays_inside(real_out, out, path))
                journal.remove.insert(path);
        if (!journal.put.empty() || !journal.remove.empty())  // else only the manifest can change
            write_file_atomic(out / k_journal_name, journal.text());  // the commit point
    } catch (...) {
        std::error_code ec;
        fs::remove_all(staging, ec);
        throw;
    }
    step(on_step);
    apply(journal, out, real_out, on_step, stats);
    return stats;
}

}  // namespace hs
