#pragma once
// The build cache: what the last build of a knowledge base into an output folder concluded, so
// the same build again costs reading the inputs, not compiling them.
//
// The key is a digest of every input a build reads (hindsight.yaml, everything under content/
// and themes/, a --tickets file), the options that change the output, the as-of day, and the
// hindsight binary itself, so a record is never trusted across versions; a file whose settled
// stamp is the one the last build saw is known by the digest it had then (InputStamps). A
// record (binary: archive.hpp) is used only when its key matches and every file it lists in the
// output folder still has the size and modification time the build left it with. Anything else
// is a miss: the build compiles, but keeps each page whose key (SitePlan::keys) is the one
// recorded, and whose file is as the last build left it, without making it again (build.cpp).
// Safe to delete at any time. Records live outside the knowledge base and the output folder (a
// site is published as it is, and the cache must not be published with it).
#include <filesystem>
#include <map>
#include <optional>

#include "pipeline/build.hpp"
#include "util/files.hpp"

namespace hs {

// Where a build of `options` keeps its record, or nullopt when it has no cache dir.
std::optional<fs::path> cache_record_path(const BuildOptions& options, const fs::path& out);

// Where it keeps what the per-file steps made (memo_store.hpp).
std::optional<fs::path> cache_memo_path(const BuildOptions& options, const fs::path& out);

// This program's GNU build ID (else its file's size and time): what a cache is never trusted
// across.
std::string binary_identity();

// What a digest of the inputs read: each file's stamp (lstat: device, inode, size, mtime, ctime)
// and digest, by its path from the knowledge base's root. Only settled stamps are kept, those of
// files last changed more than 2 s before they were read: a file with a settled stamp that is
// unchanged holds the bytes it held (git's rule for "racy" files; the loader's memo in `serve`
// asks it of the modification time alone, so a file whose old mtime was set again just now is
// trusted there a little sooner).
// The times are compared with this machine's clock: on a network file system whose server's
// clock runs more than 2 s behind, a file written twice in one tick could pass as unchanged
// (git compares with its index file's time instead; the build writes nothing beside the
// inputs to compare with).
struct InputStamps {
    std::map<std::string, std::pair<FileStamp, Digest>> files;
    bool operator==(const InputStamps&) const = default;
};

struct InputDigests {
    Digest all;  // everything the build of `options` depends on
    // All but the post-mortems' own files (content/postmortems/**/*.md): what every page may
    // show. With SitePlan::keys, what a page depends on.
    Digest site;
    InputStamps stamps;  // what it read, for the next digest
    size_t read = 0;     // the files it read: those `known` did not answer for
};
// `known`: the stamps of a digest before, so a file whose settled stamp is unchanged is not read.
InputDigests build_inputs_digest(const BuildOptions& options, const InputStamps* known = nullptr);

// build_inputs_digest with the stamps the last build into the same folder left beside its
// record (`record`), which it replaces with its own: a build reads only the files that changed.
InputDigests cached_inputs_digest(const BuildOptions& options, const fs::path& record);

// A file the last build into a folder wrote, as the record has it.
struct RecordedFile {
    std::int64_t size = 0, mtime = 0;  // as it was left
    std::optional<Digest> key;         // its key (SitePlan::keys, with InputDigests::site)
    std::optional<Digest> ids;         // a page's ids (LinkChecker::id_digests)
};
// The files of the last build a record describes, whatever its key; empty if there is none.
std::map<std::string, RecordedFile> recorded_files(const fs::path& record);

// Whether `file` in `out` is as the last build left it.
bool unchanged_since(const fs::path& file, const RecordedFile& recorded);

// The build a record describes, if it is for `key` and the output folder is as it left it;
// `sink` gets the record's diagnostics. result.compiled.site holds only what the report needs
// (the ids and titles the stale findings name).
std::optional<BuildResult> replay_build(const fs::path& record, const Digest& key,
                                        const fs::path& out, DiagnosticSink& sink);

// Records a finished build (it must have published `result.out`), looking at its files on `jobs`
// threads. Best effort: a cache that cannot be written is no error.
void record_build(const fs::path& record, const Digest& key, const BuildResult& result,
                  const DiagnosticSink& sink, unsigned jobs);

}  // namespace hs
