#pragma once
// The build cache's binary files (records, input stamps, the memo's parts), kept with cereal
// (Debian's libcereal-dev). Each is: an optional first line, which a reader checks before
// anything else (a record's key: a build after an edit reads that line and no more), then the
// digest of the line and the archive, then the archive, which starts with what kind of file it
// is, its format and the program that wrote it. Written whole (atomically, under a temporary
// name of the writer's own) or not read: a file that is damaged, of another kind, format or
// program, is not read. Read from a mapping of the file, not copied (as git reads its packs: the
// program only ever replaces a file by renaming another over it, never writes into one).
#include <cereal/archives/binary.hpp>
#include <cereal/types/optional.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "diag/diagnostic.hpp"
#include "util/dates.hpp"
#include "util/files.hpp"
#include "util/hash.hpp"

// Days and instants are std::chrono types: cereal finds their functions in its own namespace.
namespace cereal {

template <class Archive>
void save(Archive& ar, const hs::Days& day) {
    ar(std::int64_t(day.time_since_epoch().count()));
}
template <class Archive>
void load(Archive& ar, hs::Days& day) {
    std::int64_t count = 0;
    ar(count);
    day = hs::Days(std::chrono::days(count));
}

template <class Archive>
void save(Archive& ar, const hs::Seconds& instant) {
    ar(std::int64_t(instant.time_since_epoch().count()));
}
template <class Archive>
void load(Archive& ar, hs::Seconds& instant) {
    std::int64_t count = 0;
    ar(count);
    instant = hs::Seconds(std::chrono::seconds(count));
}

}  // namespace cereal

namespace hs {

// What kind of file an archive is, and its format: a reader takes only its own.
struct ArchiveKind {
    const char* magic;
    int format;
};

// Writes `file` atomically: `first_line` (if not empty) and a newline, the digest, then the
// archive `fill` writes after the kind and this program's identity. Throws if it cannot.
void write_archive(const std::filesystem::path& file, std::string_view first_line, ArchiveKind kind,
                   const std::function<void(cereal::BinaryOutputArchive&)>& fill);

// Reads a file write_archive wrote with `first_line` (any line if nullopt; none if empty) and
// `kind` by this program; false if it is missing, damaged, of another kind or program, or
// `read` throws.
bool read_archive(const std::filesystem::path& file, std::optional<std::string_view> first_line,
                  ArchiveKind kind, const std::function<void(cereal::BinaryInputArchive&)>& read);

namespace archive_detail {
// The positions of one file share its path (SourcePath), as when it was parsed: the last path
// read is used again when the next is the same. Cleared after each file read_archive reads.
inline thread_local SourcePath t_last_path;
}  // namespace archive_detail

template <class Archive>
void save(Archive& ar, const SourcePath& path) {
    ar(path.str());
}
template <class Archive>
void load(Archive& ar, SourcePath& path) {
    std::string text;
    ar(text);
    auto& last = archive_detail::t_last_path;
    if (last.str() != text) last = SourcePath(std::move(text));
    path = last;
}

template <class Archive>
void serialize(Archive& ar, Digest& d) {
    ar(d.high, d.low);
}
template <class Archive>
void serialize(Archive& ar, SourcePos& p) {
    ar(p.path, p.line, p.col);
}
template <class Archive>
void serialize(Archive& ar, Diagnostic& d) {
    ar(d.severity, d.pos, d.message, d.rule, d.hint);
}
template <class Archive>
void serialize(Archive& ar, FileStamp& s) {
    ar(s.device, s.inode, s.size, s.modified_ns, s.changed_ns);
}

}  // namespace hs
