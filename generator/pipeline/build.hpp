#pragma once
// The build, start to end: load → parse → analyse → render → write.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/action_items.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"
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
    std::optional<fs::path> tickets;   // a tracker snapshot (--tickets)
    std::optional<std::string> stale;  // overrides `policy.stale` (--stale fail|warn)
    bool in_ci = false;                // CI=true: a pinned `as_of` gets a warning
    std::function<void()> on_wait;     // called if another build is writing the output folder
};

struct StepTime {
    std::string name;
    std::chrono::milliseconds time;
};

struct CompileResult {
    ExitCode status = k_exit_ok;  // k_exit_stale when stale items fail the build
    SiteFiles files;              // complete when status is k_exit_ok or k_exit_stale
    std::vector<StepTime> steps;
    Site site;  // what was loaded (post-mortems with errors left out)
    Days as_of{};
    std::vector<Stale> stale;
};

// The as-of date a build uses: --as-of, else the config's `as_of`, else today (UTC).
Days resolve_as_of(const BuildOptions& options, const Config& config);

// Load, parse and analyse only: the model and its problems, without rendering a site (for
// `check` and `actions`). status is k_exit_ok, k_exit_content or k_exit_usage.
CompileResult analyse_site(const BuildOptions& options, DiagnosticSink& sink);

// Everything but writing: the site in memory, or the reason there is none in `sink`.
CompileResult compile_site(const BuildOptions& options, DiagnosticSink& sink);

struct BuildResult {
    ExitCode status = k_exit_ok;
    PublishStats written;
    fs::path out;
    CompileResult compiled;
};

// compile_site, then publish into the output folder; nothing is written unless the whole site
// compiled. Stale items do not stop the writing: the site shows them.
BuildResult build_site(const BuildOptions& options, DiagnosticSink& sink);

}  // namespace hs
