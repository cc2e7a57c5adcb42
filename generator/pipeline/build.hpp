#pragma once
// The build, start to end: load → parse → analyse → render → write.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "output/publish.hpp"
#include "output/site_files.hpp"
#include "util/dates.hpp"

namespace hs {

namespace fs = std::filesystem;

enum ExitCode { k_exit_ok = 0, k_exit_content = 1, k_exit_usage = 2, k_exit_stale = 3 };

struct BuildOptions {
    fs::path root = ".";          // the knowledge base (holds hindsight.yaml)
    std::optional<fs::path> out;  // default: <root>/site
    std::optional<Days> as_of;    // default: config as_of, else today (UTC)
    std::optional<std::string> base_url;
    unsigned jobs = 1;
};

struct StepTime {
    std::string name;
    std::chrono::milliseconds time;
};

struct CompileResult {
    ExitCode status = k_exit_ok;
    SiteFiles files;  // complete only when status is k_exit_ok
    std::vector<StepTime> steps;
};

// Everything but writing: the site in memory, or the reason there is none in `sink`.
CompileResult compile_site(const BuildOptions& options, DiagnosticSink& sink);

struct BuildResult {
    ExitCode status = k_exit_ok;
    PublishStats written;
    fs::path out;
    std::vector<StepTime> steps;
};

// compile_site, then publish into the output folder; nothing is written unless the whole site
// compiled.
BuildResult build_site(const BuildOptions& options, DiagnosticSink& sink);

}  // namespace hs
