#pragma once
// Waits for changes to files under some folders (inotify), for `serve`.
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hs {

namespace fs = std::filesystem;

// What a watcher saw change: paths of files, or that it cannot say.
struct FileChanges {
    std::set<fs::path> paths;  // files under the watched folders, written, made, moved or removed
    // Something no list of files says: a folder came, went or moved; a watched name outside
    // the folders (the config) changed; or events were lost (the kernel's queue overflowed).
    bool unknown = false;
};

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
    // What changed since the last call, as the events waited for said; unknown while some
    // folder could not be watched (its files change unseen).
    FileChanges take_changes() {
        FileChanges out = std::exchange(m_changes, {});
        out.unknown = out.unknown || m_incomplete;
        return out;
    }

  private:
    void add_tree(const fs::path& path);
    int m_fd = -1;
    std::map<int, fs::path> m_folders;             // watch descriptor → folder
    std::set<int> m_trees;                         // folders where every event is a change
    std::map<int, std::set<std::string>> m_names;  // parents, where only these names are
    FileChanges m_changes;
    bool m_incomplete = false;  // some folder is not watched
};

}  // namespace hs
