#pragma once
// The build cache: what the last build of a knowledge base into an output folder concluded, so
// the same build again costs reading the inputs, not compiling them.
//
// The key is a digest of every input a build reads (hindsight.yaml, everything under content/
// and themes/, a --tickets file), the options that change the output, the as-of day, and the
// hindsight binary itself, so a record is never trusted across versions. A record is used only
// when its key matches and every file it lists in the output folder still has the size and
// modification time the build left it with; anything else is a miss and a full build. Safe to
// delete at any time. Records live outside the knowledge base and the output folder (a site
// is published as it is, and the cache must not be published with it).
#include <filesystem>
#include <optional>

#include "pipeline/build.hpp"

namespace hs {

// Where a build of `options` keeps its record, or nullopt when it has no cache dir.
std::optional<fs::path> cache_record_path(const BuildOptions& options, const fs::path& out);

// The digest of everything the build of `options` depends on.
Digest build_inputs_digest(const BuildOptions& options);

// The build a record describes, if it is for `key` and the output folder is as it left it;
// `sink` gets the record's diagnostics. result.compiled.site holds only what the report needs
// (the ids and titles the stale findings name).
std::optional<BuildResult> replay_build(const fs::path& record, const Digest& key,
                                        const fs::path& out, DiagnosticSink& sink);

// Records a finished build (it must have published `result.out`). Best effort: a cache that
// cannot be written is no error.
void record_build(const fs::path& record, const Digest& key, const BuildResult& result,
                  const DiagnosticSink& sink);

}  // namespace hs
