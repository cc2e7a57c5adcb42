#pragma once
// Reading a knowledge base from disk: hindsight.yaml, content/services.yaml and every
// content/postmortems/**/*.md.
#include <filesystem>
#include <optional>

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
struct ParseMemo {
    FileMemo<ParsedFile> parsed;  // by file, under a digest of its bytes and the vocabulary
    // By file, under a digest of its stamp (util/files.hpp): the digest of its bytes. A file
    // whose stamp is unchanged and settled is not read again.
    FileMemo<Digest> stamps;
};

// Reads the services and post-mortems; post-mortems come sorted newest first (then by id).
// Post-mortems with errors are left out and reported.
Site load_content(const fs::path& root, Config config, unsigned jobs, DiagnosticSink& sink,
                  ParseMemo* memo = nullptr);

}  // namespace hs
