#include <cstdlib>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "pipeline/build.hpp"
#include "render/exports.hpp"
#include "util/parallel.hpp"
#include "util/strings.hpp"

namespace hs {
namespace {

struct BuildArgs {
    CommonArgs common;
    std::string out;
    std::string base_url;
    bool verbose = false;
    std::string cache_dir;
    bool no_cache = false;
    bool public_site = false;
    bool process_ends = false;  // the process ends with the command (run_cli)
};

// $XDG_CACHE_HOME/hindsight, else ~/.cache/hindsight (where Hugo and pip keep theirs too).
std::optional<fs::path> default_cache_dir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/')
        return fs::path(xdg) / "hindsight";
    if (const char* home = std::getenv("HOME"); home && *home == '/')
        return fs::path(home) / ".cache" / "hindsight";
    return std::nullopt;
}

int run_build(const BuildArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    if (!args.out.empty()) options.out = args.out;
    options.public_site = args.public_site;
    if (!args.no_cache)
        options.cache_dir = args.cache_dir.empty() ? default_cache_dir() : fs::path(args.cache_dir);
    options.on_wait = [&err] {
        err << "hindsight: another build is writing the output folder; waiting for it\n";
    };
    options.leave_to_exit = args.process_ends;
    if (!args.base_url.empty()) {
        if (!is_base_url(args.base_url)) {
            err << "hindsight: error: --base-url must start with `/` or `https://`, not `"
                << args.base_url << "`\n";
            return k_exit_usage;
        }
        options.base_url = args.base_url;
    }

    DiagnosticSink sink;
    BuildResult result;
    try {
        result = build_site(options, sink);
    } catch (const std::exception& e) {
        sink.error({}, e.what(), "internal");
        result.status = k_exit_usage;
    }
    const std::string prefix = args.common.prefix();
    const auto& compiled = result.compiled;
    bool stale_fails = compiled.site.config.policy.stale == "fail";
    bool wrote = result.status == k_exit_ok || result.status == k_exit_stale;
    // Content errors take precedence: with them, staleness is not reported.
    const std::vector<Stale> no_stale;
    const auto& stale = wrote ? compiled.stale : no_stale;

    switch (args.common.format) {
        case DiagnosticsFormat::json: {
            nlohmann::json report = {{"exit_code", int(result.status)},
                                     {"as_of", format_date(compiled.as_of)},
                                     {"diagnostics", diagnostics_json(sink.sorted(), prefix)},
                                     {"stale", stale_json(compiled.site, stale, prefix)}};
            if (wrote) report["output"] = result.out.string();
            out << json_text(report, 2) << "\n";
            return result.status;
        }
        case DiagnosticsFormat::github:
            print_github(out, sink.sorted(), stale, stale_fails, prefix);
            break;
        case DiagnosticsFormat::text:
            print_text(err, sink.sorted(), prefix);
            break;
    }
    if (args.verbose)
        for (const auto& step : compiled.steps)
            err << "  " << step.name << ": " << step.time.count() << " ms\n";
    if (!wrote) {
        err << "hindsight: " << sink.error_count()
            << (sink.error_count() == 1 ? " error" : " errors")
            << (result.status == k_exit_content ? "; nothing was written" : "") << "\n";
        return result.status;
    }
    out << "Built " << result.out.string() << ": " << result.written.written << " written, "
        << result.written.unchanged << " unchanged, " << result.written.removed << " removed";
    if (sink.warning_count() > 0) out << ", " << sink.warning_count() << " warning(s)";
    out << "\n";
    // The report quotes titles and names from the content; a line of it that starts with `::`
    // would be a workflow command. GitHub ignores commands between stop-commands and its token,
    // so an unguessable token fences the report.
    std::string token;
    if (args.common.format == DiagnosticsFormat::github && !stale.empty())
        out << "::stop-commands::" << (token = unguessable_token()) << "\n";
    print_stale_report(out, compiled.site, stale, compiled.as_of, stale_fails, prefix);
    if (!token.empty()) out << "::" << token << "::\n";
    return result.status;
}

}  // namespace

CommandRunner add_build_command(CLI::App& app, bool process_ends) {
    auto args = std::make_shared<BuildArgs>();
    args->process_ends = process_ends;
    CLI::App* cmd = app.add_subcommand("build", "Build the site from the knowledge base");
    args->common.add_to(*cmd);
    cmd->add_option("--out", args->out,
                    "Output folder (default: <root>/site, or <root>/site-public with --public)");
    cmd->add_option("--base-url", args->base_url,
                    "Site URL or path, e.g. https://acme.github.io/postmortems/");
    cmd->add_flag("--verbose,-v", args->verbose, "Print how long each step took");
    cmd->add_option("--cache-dir", args->cache_dir,
                    "Where to keep the build cache (default: $XDG_CACHE_HOME/hindsight or "
                    "~/.cache/hindsight)");
    cmd->add_flag("--no-cache", args->no_cache, "Neither use nor write the build cache");
    cmd->add_flag("--public", args->public_site,
                  "Build the public site: only published post-mortems with `visibility: public`, "
                  "without people, tickets, internal notes or follow-through pages");
    return [args](std::ostream& out, std::ostream& err) { return run_build(*args, out, err); };
}

}  // namespace hs
