#pragma once
// Reading a knowledge base from disk: hindsight.yaml, content/services.yaml and every
// content/postmortems/**/*.md.
#include <filesystem>

#include "diag/diagnostic.hpp"
#include "model/model.hpp"

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

// Reads the services and post-mortems; post-mortems come sorted newest first (then by id).
// Post-mortems with errors are left out and reported.
Site load_content(const fs::path& root, Config config, unsigned jobs, DiagnosticSink& sink);

}  // namespace hs
