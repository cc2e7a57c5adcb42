#pragma once
// Waits for changes to files under some folders (inotify), for `serve`.
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hs {

namespace fs = std::filesystem;

class Watcher {
  public:
    // Watches each folder (recursively; new subfolders are added as they appear, from their
    // events: nothing is rescanned while idle) and each file, also when made later.
    explicit Watcher(const std::vector<fs::path>& paths);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    // True when something changed within `timeout`; waits a little longer for the burst of
    // events an editor's save makes to end.
    bool wait(std::chrono::milliseconds timeout);

  private:
    void add_tree(const fs::path& path);
    int m_fd = -1;
    std::map<int, fs::path> m_folders;             // watch descriptor → folder
    std::set<int> m_trees;                         // folders where every event is a change
    std::map<int, std::set<std::string>> m_names;  // parents, where only these names are
};

}  // namespace hs
