#include "cli/watcher.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <map>

namespace hs {

namespace {
constexpr uint32_t k_events = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                              IN_MODIFY | IN_DELETE_SELF;
}

Watcher::Watcher(const std::vector<fs::path>& paths)
    : m_fd(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)), m_roots(paths) {
    for (const auto& p : m_roots)
        add(p);
}

Watcher::~Watcher() {
    if (m_fd >= 0) ::close(m_fd);
}

void Watcher::add(const fs::path& path) {
    std::error_code ec;
    if (m_fd < 0 || !fs::exists(path, ec)) return;
    inotify_add_watch(m_fd, path.c_str(), k_events);
    if (!fs::is_directory(path, ec)) return;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec))
        // With error codes: a symlink loop in content/ must not end the server.
        if (it->is_directory(ec) && !it->is_symlink(ec))
            inotify_add_watch(m_fd, it->path().c_str(), k_events);
}

bool Watcher::wait(std::chrono::milliseconds timeout) {
    if (m_fd < 0) return false;
    // Folders made since the last wait (say content/postmortems/2027/) are watched from now on;
    // adding a watch twice is harmless.
    for (const auto& p : m_roots)
        add(p);
    bool changed = false;
    std::array<char, 64 * 1024> buffer{};
    for (auto wait_for = timeout;; wait_for = std::chrono::milliseconds{150}) {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, int(wait_for.count())) <= 0) return changed;
        ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
        if (n <= 0) return changed;
        for (ssize_t at = 0; at < n;) {
            auto* event = reinterpret_cast<inotify_event*>(buffer.data() + at);
            changed = true;
            at += ssize_t(sizeof(inotify_event) + event->len);
        }
    }
}

}  // namespace hs
