#pragma once
// Whole-file reads and atomic writes.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hs {

namespace fs = std::filesystem;

// The file's bytes, or nullopt when it cannot be opened or read.
std::optional<std::string> read_file(const fs::path& path);
// Writes to a temporary file beside `path` and renames it over `path`, so a reader sees either
// the old or the new bytes, never a partial file. Creates parent folders. Throws on failure.
void write_file_atomic(const fs::path& path, std::string_view bytes);
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
