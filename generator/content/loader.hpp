#pragma once
// Reading a knowledge base from disk: hindsight.yaml, content/services.yaml and every
// content/postmortems/**/*.md.
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "content/postmortem_parser.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"
#include "util/file_memo.hpp"

namespace hs {

namespace fs = std::filesystem;

// Reads hindsight.yaml. Errors here are configuration errors: nothing else can be checked
// without the vocabulary it defines.
Config load_config(const fs::path& root, DiagnosticSink& sink);

// Reads the tracker snapshot named by `given` (--tickets), else by `tracker.snapshot` in the
// config; nullopt when there is none or it has errors.
std::optional<TicketSnapshot> load_tickets(const fs::path& root,
                                           const std::optional<fs::path>& given,
                                           const Config& config, DiagnosticSink& sink);

// A parsed file and the problems parsing it found, kept so a file whose bytes and vocabulary
// are the same is not parsed again (parse_postmortem is pure: the result is what a parse gives).
struct ParsedFile {
    std::optional<PostMortem> parsed;
    std::vector<Diagnostic> problems;

    bool operator==(const ParsedFile&) const = default;
};
// What `serve`'s watcher (inotify) saw change between two loads. Told what changed, a load
// takes every other file as the last load found it, without asking the file system for its
// stamp (10,000 stats were a tenth of a save's wait). Until watch() is called, and after
// unknown(), a load checks every file. Used by one thread at a time.
class ChangeLog {
  public:
    void watch() { m_watched = true; }
    bool watched() const { return m_watched; }
    // A file or folder under `root` was written, made, moved or removed.
    void changed(const fs::path& root, const fs::path& path);
    // The watcher cannot say what changed (its queue overflowed, a folder came or went).
    void unknown() { m_files.reset(); }
    // What a watcher said: these paths, or (`unknown`) that it cannot say.
    void changed(const fs::path& root, const std::set<fs::path>& paths, bool unknown);
    // For a load: the files changed since the last load took them, by their paths from the
    // knowledge base's root (as diagnostics name them); nullopt when anything may have.
    std::optional<std::set<std::string>> take();

  private:
    bool m_watched = false;
    std::optional<std::set<std::string>> m_files;  // nullopt: unknown
};

struct LastLoad;  // what a load found (loader.cpp)

struct ParseMemo {
    FileMemo<ParsedFile> parsed;  // by file, under a digest of its bytes and the vocabulary
    // By file, under a digest of its stamp (util/files.hpp): the digest of its bytes. A file
    // whose stamp is unchanged and settled is not read again.
    FileMemo<Digest> stamps;
    ChangeLog changes;
    std::shared_ptr<const LastLoad> last;  // for the next load, when told what changed since

    // `serve`: the post-mortems of a site no longer served, given back so the next load writes
    // into them, leaving an entry that equals the memo's as it is, instead of copying every
    // post-mortem out of the memo on each save (that copy was most of a save's load).
    void give_back(std::vector<PostMortem> list) {
        std::lock_guard lock(m_spare_mutex);
        m_spare = std::move(list);
    }
    std::vector<PostMortem> take_spare() {
        std::lock_guard lock(m_spare_mutex);
        return std::exchange(m_spare, {});
    }

  private:
    std::mutex m_spare_mutex;
    std::vector<PostMortem> m_spare;
};

// Reads the services and post-mortems; post-mortems come sorted newest first (then by id).
// Post-mortems with errors are left out and reported.
Site load_content(const fs::path& root, Config config, unsigned jobs, DiagnosticSink& sink,
                  ParseMemo* memo = nullptr);

}  // namespace hs
