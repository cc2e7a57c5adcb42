#include <memory>

#include "cli/commands.hpp"
#include "pipeline/build.hpp"
#include "util/parallel.hpp"

namespace hs {
namespace {

struct BuildArgs {
    std::string root = ".";
    std::string out;
    std::string as_of;
    std::string base_url;
    unsigned jobs = 0;
    bool verbose = false;
};

// Paths in messages are shown as the user would type them from where they ran the command.
std::string display_prefix(const std::string& root) {
    if (root.empty() || root == ".") return {};
    return root.back() == '/' ? root : root + "/";
}

int run_build(const BuildArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    options.root = args.root;
    if (!args.out.empty()) options.out = args.out;
    if (!args.base_url.empty()) options.base_url = args.base_url;
    options.jobs = args.jobs > 0 ? args.jobs : default_jobs();
    if (!args.as_of.empty()) {
        options.as_of = parse_date(args.as_of);
        if (!options.as_of) {
            err << "hindsight: error: --as-of must be a date YYYY-MM-DD, not `" << args.as_of
                << "`\n";
            return k_exit_usage;
        }
    }
    DiagnosticSink sink;
    BuildResult result;
    try {
        result = build_site(options, sink);
    } catch (const std::exception& e) {
        print_text(err, sink.sorted(), display_prefix(args.root));
        err << "hindsight: error: " << e.what() << "\n";
        return k_exit_usage;
    }
    print_text(err, sink.sorted(), display_prefix(args.root));
    if (args.verbose)
        for (const auto& step : result.steps)
            err << "  " << step.name << ": " << step.time.count() << " ms\n";
    if (result.status != k_exit_ok) {
        err << "hindsight: " << sink.error_count() << " error(s)"
            << (result.status == k_exit_content ? "; nothing was written" : "") << "\n";
        return result.status;
    }
    out << "Built " << result.out.string() << ": " << result.written.written << " written, "
        << result.written.unchanged << " unchanged, " << result.written.removed << " removed";
    if (sink.warning_count() > 0) out << ", " << sink.warning_count() << " warning(s)";
    out << "\n";
    return k_exit_ok;
}

}  // namespace

CommandRunner add_build_command(CLI::App& app) {
    auto args = std::make_shared<BuildArgs>();
    CLI::App* cmd = app.add_subcommand("build", "Build the site from the knowledge base");
    cmd->add_option("-C", args->root, "Knowledge base root (holds hindsight.yaml)");
    cmd->add_option("--out", args->out, "Output folder (default: <root>/site)");
    cmd->add_option(
        "--as-of", args->as_of,
        "Evaluate dates as of this day, YYYY-MM-DD (default: config as_of, else today UTC)");
    cmd->add_option("--base-url", args->base_url,
                    "Site URL or path, e.g. https://acme.github.io/postmortems/");
    cmd->add_option("--jobs,-j", args->jobs, "Threads to use (default: all cores)");
    cmd->add_flag("--verbose,-v", args->verbose, "Print how long each step took");
    return [args](std::ostream& out, std::ostream& err) { return run_build(*args, out, err); };
}

}  // namespace hs
