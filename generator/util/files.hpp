#pragma once
// Whole-file reads and atomic writes.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hs {

namespace fs = std::filesystem;

// The file's bytes, or nullopt when it cannot be opened or read.
std::optional<std::string> read_file(const fs::path& path);

// What lstat says about a regular file. While all of it stays the same, so do the file's bytes
// (git's index relies on the same rule); a write within the timestamps' resolution of the
// moment the stamp was taken can still go unseen, so callers trust only settled stamps.
struct FileStamp {
    uint64_t device = 0, inode = 0;
    int64_t size = 0, modified_ns = 0, changed_ns = 0;
    bool operator==(const FileStamp&) const = default;
};
// The stamp of `path` itself (a symlink is not followed), or nullopt if it is not a regular
// file.
std::optional<FileStamp> stamp_file(const fs::path& path);
// The bytes of `path` and the stamp they were read under; nullopt if `path` is a symlink, not a
// regular file, or cannot be read.
struct StampedBytes {
    std::string bytes;
    FileStamp stamp;
};
std::optional<StampedBytes> read_file_no_follow(const fs::path& path);

// Writes to a temporary file beside `path` and renames it over `path`, so a reader sees either
// the old or the new bytes, never a partial file. Creates parent folders. Throws on failure.
void write_file_atomic(const fs::path& path, std::string_view bytes);
// Writes `path` in place, its folder already made: for a file nobody reads before it is whole
// (a staged file, which only a finished build publishes). Throws on failure, leaving no file.
void write_new_file(const fs::path& path, std::string_view bytes);
// `path` relative to `base` if it lies inside it, else nullopt (both are made absolute first).
std::optional<fs::path> path_inside(const fs::path& path, const fs::path& base);

// Reading a file only where it really lies inside a folder of the knowledge base.
struct FencedRead {
    std::optional<std::string> bytes;  // nullopt: outside the fence, missing, or unreadable
    bool outside = false;              // the file, or a folder on its way, links outside
    fs::path real;                     // where it really is (when it exists)
};
// Reads `path` if its real location, every symlink resolved, lies inside `area` of `root`, where
// the fence is the root's real location joined with `area` as written: a symlinked `content/` or
// theme folder leads outside it too.
FencedRead read_fenced(const fs::path& path, const fs::path& root, const fs::path& area);

}  // namespace hs
