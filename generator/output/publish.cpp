#include "output/publish.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
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
    // A folder the output does not have yet moves in one rename with everything staged in it
    // (staging holds only files to put): a first build moves a handful of folders, not every
    // file. `exists` caches what the output has, folder by folder.
    std::map<std::string, bool> exists;
    std::set<std::string> moved;
    auto new_folder = [&](const std::string& path) -> std::string {
        for (size_t slash = path.find('/'); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            std::string folder = path.substr(0, slash);
            auto [it, fresh] = exists.try_emplace(folder, false);
            if (fresh) {
                std::error_code ec;
                it->second = fs::exists(fs::symlink_status(out / folder, ec));
            }
            if (!it->second) return folder;
        }
        return {};
    };
    // Moves staging/rel (a file or a new folder) to out/rel; false if a kill came after it.
    auto move_in = [&](const std::string& rel) {
        fs::path from = staging / rel, to = out / rel;
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(from, ec))) return false;  // moved before a kill
        if (!stays_inside(real_out, out, rel))
            throw std::runtime_error("refusing to write " + to.string() +
                                     ": a symlink in the output folder leads outside it");
        fs::create_directories(to.parent_path());
        if (::rename(from.c_str(), to.c_str()) != 0)
            throw std::runtime_error("cannot move " + from.string() + " to " + to.string() + ": " +
                                     std::strerror(errno));
        step(on_step);
        return true;
    };
    for (const auto& path : journal.put) {
        if (std::string folder = new_folder(path); !folder.empty()) {
            if (moved.insert(folder).second) move_in(folder);
            ++stats.written;
        } else if (move_in(path)) {
            ++stats.written;
        }
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

struct Publication::Impl {
    bool created;  // the output folder did not exist: a failed build takes it away again
    fs::path out, real_out, staging;
    FolderLock lock;
    std::function<void()> on_step;
    std::set<std::string> previous;  // the last build's manifest
    Journal journal;
    PublishStats stats;
    std::mutex mutex;            // journal, stats, on_step, folders
    std::set<fs::path> folders;  // made in staging already
    bool committed = false;      // the journal is written: the staged files belong to it

    Impl(const fs::path& o, const std::function<void()>& on_wait, std::function<void()> step)
        : created(!fs::exists(o)),
          out((fs::create_directories(o), o)),
          staging(o / k_staging_name),
          lock(o, on_wait),
          on_step(std::move(step)) {
        real_out = fs::canonical(out);
        recover(out, real_out, on_step);
        previous = read_manifest(out);
    }
};

Publication::Publication(const fs::path& out, const std::function<void()>& on_wait,
                         const std::function<void()>& on_step)
    : m(std::make_unique<Impl>(out, on_wait, on_step)) {}

Publication::~Publication() {
    // Uncommitted, the previous site is untouched: only staging is left to clean up. Committed
    // but not finished (apply threw), the next publish finishes it from the journal and staging.
    if (m->committed) return;
    std::error_code ec;
    fs::remove_all(m->staging, ec);
    if (m->created) fs::remove(m->out, ec);  // only if empty
}

void Publication::stage(const std::string& path, std::string_view bytes) {
    for (const auto& part : fs::path(path))
        if (part.native().size() > 255)
            throw std::runtime_error("cannot write " + path.substr(0, 80) +
                                     "...: a name in its path is longer than 255 bytes");
    if (path.rfind(".hindsight-", 0) == 0)
        throw std::runtime_error("cannot write " + path + ": the name is hindsight's own");
    if (!stays_inside(m->real_out, m->out, path))
        throw std::runtime_error("refusing to write " + (m->out / path).string() +
                                 ": a symlink in the output folder leads outside it");
    // Until the journal is written, the previous site is untouched and a failure (disk full,
    // read-only, killed) only leaves staging to clean up.
    bool same = false;
    if (auto existing = read_file(m->out / path)) same = *existing == bytes;
    if (!same) {
        // Written in place: staging is only published once every file in it is whole.
        fs::path file = m->staging / path;
        {
            std::lock_guard lock(m->mutex);
            if (m->folders.insert(file.parent_path()).second)
                fs::create_directories(file.parent_path());
        }
        write_new_file(file, bytes);
    }
    std::lock_guard lock(m->mutex);
    if (same) {
        m->journal.keep.insert(path);
        ++m->stats.unchanged;
        return;
    }
    m->journal.put.insert(path);
    step(m->on_step);
}

void Publication::keep(const std::string& path) {
    if (!m->previous.count(path))
        throw std::runtime_error("cannot keep " + path + ": the last build did not write it");
    std::lock_guard lock(m->mutex);
    m->journal.keep.insert(path);
    ++m->stats.unchanged;
    ++m->stats.kept;
}

PublishStats Publication::commit() {
    std::set<std::string> site = m->journal.put;
    site.insert(m->journal.keep.begin(), m->journal.keep.end());
    for (const auto& path : m->previous)
        if (!site.count(path) && stays_inside(m->real_out, m->out, path))
            m->journal.remove.insert(path);
    if (!m->journal.put.empty() || !m->journal.remove.empty()) {        // else only the manifest
        write_file_atomic(m->out / k_journal_name, m->journal.text());  // the commit point
        m->committed = true;
    }
    step(m->on_step);
    apply(m->journal, m->out, m->real_out, m->on_step, m->stats);
    m->committed = true;
    return m->stats;
}

PublishStats publish(const SiteFiles& site, const fs::path& out,
                     const std::function<void()>& on_wait, const std::function<void()>& on_step) {
    Publication publication(out, on_wait, on_step);
    for (const auto& [path, bytes] : site.files)
        publication.stage(path, bytes);
    return publication.commit();
}

}  // namespace hs
