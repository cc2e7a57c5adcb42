#pragma once
// The build, start to end: load → parse → analyse → render → write.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analysis/action_items.hpp"
#include "analysis/analysis.hpp"
#include "analysis/links.hpp"
#include "analysis/lint.hpp"
#include "analysis/similarity.hpp"
#include "content/git_history.hpp"
#include "content/loader.hpp"
#include "diag/diagnostic.hpp"
#include "model/model.hpp"
#include "output/publish.hpp"
#include "output/site_files.hpp"
#include "pipeline/public_site.hpp"
#include "render/site_renderer.hpp"
#include "render/theme.hpp"
#include "search/index_builder.hpp"
#include "util/dates.hpp"

namespace hs {

namespace fs = std::filesystem;

enum ExitCode { k_exit_ok = 0, k_exit_content = 1, k_exit_usage = 2, k_exit_stale = 3 };

// What one compile keeps for the next (serve holds one across rebuilds): files parsed and bodies
// rendered, each reused only when everything it was made from is the same. A compile with a
// memo gives byte for byte what one without gives (test_pipeline_incremental.cpp).
struct BuildMemo {
    ParseMemo parse;
    BodyMemo bodies;
    SimilarMemo similar;
    LintMemo lint;
    GitHistory history;                    // read again when the checked-out commit changes
    FileMemo<search::CutDocument> search;  // the search index's documents, as cut
    // Of a memo kept on disk (memo_store.hpp): "" when not read from one.
    std::string lineage, generation;
};

struct BuildOptions {
    fs::path root = ".";          // the knowledge base (holds hindsight.yaml)
    std::optional<fs::path> out;  // default: <root>/site
    std::optional<Days> as_of;    // default: config as_of, else today (UTC)
    std::optional<std::string> base_url;
    unsigned jobs = 1;
    std::optional<fs::path> tickets;    // a tracker snapshot (--tickets)
    std::optional<std::string> stale;   // overrides `policy.stale` (--stale fail|warn)
    bool in_ci = false;                 // CI=true: a pinned `as_of` gets a warning
    std::function<void()> on_wait;      // called if another build is writing the output folder
    BuildMemo* memo = nullptr;          // reuse of an earlier compile's work (serve)
    std::optional<fs::path> cache_dir;  // build_site's record of its last build (build_cache.hpp)
    bool public_site = false;  // `--public`: the public post-mortems only (public_site.hpp)
    // The process ends after the build (the command line): build_site leaves what it made for
    // the exit to reclaim, as compilers do, rather than free it an allocation at a time (about
    // 200 ms at 10,000 post-mortems). Never for a build in a process that goes on.
    bool leave_to_exit = false;
};

struct StepTime {
    std::string name;
    std::chrono::milliseconds time;
};

struct CompileResult {
    ExitCode status = k_exit_ok;  // k_exit_stale when stale items fail the build
    SiteFiles files;              // complete when status is k_exit_ok or k_exit_stale
    std::vector<StepTime> steps;
    std::map<std::string, Digest> page_ids;  // of the pages made or read (LinkChecker)
    Site site;                               // what was loaded (post-mortems with errors left out)
    Days as_of{};
    std::vector<Stale> stale;
    // A public build: what no file of it may contain (people, tickets, withheld ids).
    std::vector<InternalString> internal_strings;
};

// The as-of date a build uses: --as-of, else the config's `as_of`, else today (UTC).
Days resolve_as_of(const BuildOptions& options, const Config& config);

// Load, parse and analyse only: the model and its problems, without rendering a site (for
// `check` and `actions`). status is k_exit_ok, k_exit_content or k_exit_usage.
CompileResult analyse_site(const BuildOptions& options, DiagnosticSink& sink);

// A compiled knowledge base whose files are planned but not made yet. It never moves (the plan
// points into it), so it lives behind a pointer.
struct PlannedSite {
    CompileResult result;  // files stay empty; status k_exit_ok unless a problem stopped it
    Analysis analysis;
    std::optional<Theme> theme;
    std::unique_ptr<SitePlan> plan;  // set when status is k_exit_ok
    fs::path root;                   // the knowledge base
};

// Load, parse, analyse and plan every file: what `serve` needs to answer a request.
std::unique_ptr<PlannedSite> plan_site(const BuildOptions& options, DiagnosticSink& sink);

// Makes every planned file, the search index, and checks the links between them; sets the
// status (k_exit_content on a broken link, k_exit_stale when stale findings fail the build).
// `stop` ends it early (serve, when a newer save arrives); the files are then incomplete. Each
// file made goes to `store`, called from any thread (build stages it on disk; serve keeps the
// search indexes, and makes pages again when asked); without one, into result.files.
using FileStore = std::function<void(const std::string& path, std::string bytes)>;
// Files `build` leaves as its last build wrote them (their keys are the same), so they are not
// made; their links are checked again, read from `out`, when a file they may link to is gone
// or has other ids.
struct KeptFiles {
    fs::path out;
    std::set<std::string> paths;
    std::map<std::string, Digest> ids;  // of the last build's pages (LinkChecker::id_digests)
    bool lost = false;                  // a file of the last build is not planned now
    Digest whole;                       // what every key holds beyond the plan's (its inputs)
    bool content_keys = true;           // the shards' keys were made with the others
};
void finish_site(PlannedSite& planned, unsigned jobs, DiagnosticSink& sink,
                 const std::atomic<bool>* stop = nullptr, const FileStore& store = {},
                 const KeptFiles* kept = nullptr);

// `check`: the link check `build` makes of what post-mortems link to (pages, attachments,
// #fragments), on their pages and the pages they link into only, none of them kept. Sets the
// status to k_exit_content on a broken link. With `only`, just the post-mortems whose files
// (relative to the knowledge base, as in diagnostics) it names.
void check_written_links(PlannedSite& planned, unsigned jobs, DiagnosticSink& sink,
                         const std::set<std::string>* only = nullptr);

// Everything but writing: the site in memory, or the reason there is none in `sink`.
// plan_site then finish_site.
CompileResult compile_site(const BuildOptions& options, DiagnosticSink& sink);

struct BuildResult {
    ExitCode status = k_exit_ok;
    PublishStats written;
    fs::path out;
    CompileResult compiled;              // its files are on disk, not in compiled.files
    std::vector<std::string> paths;      // every file of the site, as published
    std::map<std::string, Digest> keys;  // of the pages that have one (build_cache.hpp)
    std::map<std::string, Digest> ids;   // of every page's ids (LinkChecker::id_digests)
};

// plan_site and finish_site, each file staged in the output folder as it is made, then
// published; nothing is written unless the whole site compiled. Stale items do not stop the
// writing: the site shows them.
BuildResult build_site(const BuildOptions& options, DiagnosticSink& sink);

}  // namespace hs
