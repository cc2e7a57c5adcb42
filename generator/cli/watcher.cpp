#include "cli/watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <string_view>

namespace hs {

namespace {
// IN_ATTRIB: a file made unreadable, or its times set back, is a change too.
constexpr uint32_t k_events = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                              IN_MODIFY | IN_DELETE_SELF | IN_ATTRIB;
// An editor's save is a burst of events (write a temporary file, rename it over the old one)
// within a few milliseconds; a change is reported once this long has passed without another.
constexpr std::chrono::milliseconds k_quiet{40};
// A burst whose last event so far finishes a file (closed after writing, or renamed into place)
// is most likely a whole save: only a short wait for a trailing event (an editor deleting its
// backup). Waiting the whole quiet time was a seventh of what a save took to show at 10,000
// post-mortems. Were a save to go on after it, the next event starts a rebuild of its own: one
// more rebuild, never a page left stale.
constexpr std::chrono::milliseconds k_settle{8};

// Names editors give their temporary and backup files (`.x.md.swp`, `#x.md#`, `x.md~`,
// `x.md___jb_tmp___`): a file finished under one of these is the middle of a save, not its end.
bool is_editor_scratch(std::string_view name) {
    return name.empty() || name.front() == '.' || name.front() == '#' || name.back() == '~' ||
           name.ends_with(".tmp") || name.ends_with(".swp") ||
           name.find("___jb_") != std::string_view::npos;
}
}  // namespace

Watcher::Watcher(const std::vector<fs::path>& paths)
    : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (m_fd < 0) return;
    for (const auto& p : paths) {
        // The parent is watched for the name, so a file replaced by a rename (as editors save)
        // or a folder made later is still seen.
        fs::path parent = p.parent_path().empty() ? fs::path(".") : p.parent_path();
        int wd = inotify_add_watch(m_fd, parent.c_str(), k_events);
        if (wd < 0) {
            m_incomplete = true;
            continue;
        }
        m_names[wd].insert(p.filename().string());
        m_folders.emplace(wd, parent);
        add_tree(p);
    }
}

Watcher::~Watcher() {
    if (m_fd >= 0) ::close(m_fd);
}

void Watcher::add_tree(const fs::path& path) {
    std::error_code ec;
    if (m_fd < 0 || !fs::is_directory(path, ec) || fs::is_symlink(path, ec)) return;
    auto watch = [&](const fs::path& folder) {
        int wd = inotify_add_watch(m_fd, folder.c_str(), k_events);
        if (wd < 0) {  // out of watches (fs.inotify.max_user_watches), or gone meanwhile
            m_incomplete = true;
            return;
        }
        m_folders[wd] = folder;
        m_trees.insert(wd);
    };
    watch(path);
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec))
        // With error codes: a symlink loop in content/ must not end the server.
        if (it->is_directory(ec) && !it->is_symlink(ec)) watch(it->path());
    if (ec) m_incomplete = true;  // a folder that could not be read to its end
}

bool Watcher::wait(std::chrono::milliseconds timeout) {
    if (m_fd < 0) return false;
    bool changed = false;
    alignas(inotify_event) std::array<char, 64 * 1024> buffer{};
    for (auto wait_for = timeout;;) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, int(wait_for.count())) <= 0) return changed;
        ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
        if (n <= 0) return changed;
        bool finished = false;  // the last change read finishes a file
        for (ssize_t at = 0; at < n;) {
            auto* event = reinterpret_cast<inotify_event*>(buffer.data() + at);
            at += ssize_t(sizeof(inotify_event) + event->len);
            if (event->mask & IN_Q_OVERFLOW) {  // events were lost: anything may have changed
                changed = true;
                m_changes.unknown = true;
                continue;
            }
            std::string name = event->len ? std::string(event->name) : std::string();
            auto folder = m_folders.find(event->wd);
            if (event->mask & IN_IGNORED) {  // the folder is gone
                m_names.erase(event->wd);
                m_trees.erase(event->wd);
                if (folder != m_folders.end()) m_folders.erase(folder);
                continue;
            }
            // In a parent watched for some names, other entries (the output folder) are not
            // changes; in a watched tree, everything is.
            auto names = m_names.find(event->wd);
            bool in_tree = m_trees.count(event->wd) > 0;
            if (!in_tree && (names == m_names.end() || !names->second.count(name))) continue;
            changed = true;
            if (!in_tree || (event->mask & (IN_ISDIR | IN_DELETE_SELF)) || name.empty() ||
                folder == m_folders.end())
                m_changes.unknown = true;
            else
                m_changes.paths.insert(folder->second / name);
            finished = (event->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) &&
                       !(event->mask & IN_ISDIR) && !is_editor_scratch(name);
            // A new folder (content/postmortems/2027/) is watched from now on.
            if ((event->mask & IN_ISDIR) && (event->mask & (IN_CREATE | IN_MOVED_TO)) &&
                folder != m_folders.end() && !name.empty())
                add_tree(folder->second / name);
        }
        wait_for = changed && finished ? k_settle : k_quiet;
    }
}

}  // namespace hs
