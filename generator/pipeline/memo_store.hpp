#pragma once
// What the per-file steps of a build made (BuildMemo: parses, bodies, lint, word counts, git
// history), kept in the build cache between runs of `build`, so a build after an edit parses and
// renders only the files that changed, as `serve` does between saves. Every entry is keyed by a
// digest of what it was made from, so a memo can only ever save work: a build with it equals a
// build without it (test_pipeline_build_cache.cpp). A file written by another version of the
// program, a damaged or partly written one, is not read: the build starts with an empty memo.
#include <filesystem>
#include <memory>

#include "pipeline/build.hpp"

namespace hs {

// The memo kept in `folder`, read on up to `jobs` threads, or null if there is no usable one.
// A part that cannot be read is left out: its files are made again, and written again.
std::unique_ptr<BuildMemo> load_memo(const std::filesystem::path& folder, unsigned jobs);

// Writes to `folder` the parts of `memo` that changed since it was read (all, for a memo not
// read from disk, or read before another build saved). The caller must hold the output
// folder's lock, so saves take turns. Best effort: a memo that cannot be written is no error.
void save_memo(const std::filesystem::path& folder, BuildMemo& memo, unsigned jobs);

}  // namespace hs
