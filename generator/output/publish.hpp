#pragma once
// Putting a built site on disk without ever losing a reader's page or a user's file:
// only changed files are replaced, and only files a previous build wrote (listed in its manifest)
// are removed. A publish is all or nothing: new and changed files are first written to
// `.hindsight-staging/` inside the output folder, then a journal naming every move is written
// (the commit point), then the files are renamed into place. Killed before the commit, the
// previous site is intact and the next publish throws the staging away; killed after it, the next
// publish first finishes the committed site. Nothing is ever written outside the output folder.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "output/site_files.hpp"

namespace hs {

namespace fs = std::filesystem;

inline constexpr const char* k_manifest_name = ".hindsight-manifest";

struct PublishStats {
    size_t written = 0;
    size_t unchanged = 0;
    size_t kept = 0;  // of those unchanged, kept without being made again (Publication::keep)
    size_t removed = 0;
};

// Why `out` must not be written to, or nullopt if it is safe: it does not exist, is empty, or
// holds a previous Hindsight build (its manifest).
std::optional<std::string> refuse_output_dir(const fs::path& out);

// A publish made a file at a time, for a site too large to hold in memory. The constructor
// creates `out`, takes its lock (calling `on_wait` if another build holds it), and finishes or
// throws away a publish that was cut short. `stage` (from any thread) compares a file with the
// one on disk and writes it to staging if it is new or changed; `keep` leaves one of the last
// build's files as it is. `commit` writes the journal and
// moves the files into place, and removes what the last build wrote and this one did not stage.
// Destroyed without a commit, it leaves the previous site as it was. Throws on I/O errors.
class Publication {
  public:
    explicit Publication(const fs::path& out, const std::function<void()>& on_wait = {},
                         const std::function<void()>& on_step = {});
    ~Publication();
    Publication(const Publication&) = delete;
    Publication& operator=(const Publication&) = delete;

    void stage(const std::string& path, std::string_view bytes);
    // Keeps a file of the last build as it is, unread: the caller knows it would be the same.
    void keep(const std::string& path);
    PublishStats commit();

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// Writes `site` into `out` (checked with refuse_output_dir first). Throws on I/O errors.
// Two builds publishing into one folder at once take turns (an exclusive lock on the folder), so
// the manifest always lists what is on disk and no page mixes two builds. `on_wait` is called
// once if another build holds the folder. `on_step` is called after each change to the file
// system (tests end the process there to check every point a kill could hit).
PublishStats publish(const SiteFiles& site, const fs::path& out,
                     const std::function<void()>& on_wait = {},
                     const std::function<void()>& on_step = {});

}  // namespace hs
