#pragma once
// Waits for changes to files under some folders (inotify), for `serve`.
#include <chrono>
#include <filesystem>
#include <vector>

namespace hs {

namespace fs = std::filesystem;

class Watcher {
  public:
    // Watches each folder (recursively; new subfolders are added as they appear) and each file.
    explicit Watcher(const std::vector<fs::path>& paths);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // True when something changed within `timeout`; waits a little longer for the burst of
    // events an editor's save makes to end.
    bool wait(std::chrono::milliseconds timeout);

  private:
    void add(const fs::path& path);
    int m_fd = -1;
    std::vector<fs::path> m_roots;
};

}  // namespace hs
