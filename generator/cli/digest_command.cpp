// `hindsight digest --period 2026-Q3`: a month's or a quarter's digest as Markdown, for an
// email or a document; the same content as the site's digest/<period>/ page.
#include <memory>

#include "cli/commands.hpp"
#include "render/views.hpp"

namespace hs {
namespace {

struct DigestArgs {
    CommonArgs common;
    std::string period;
    std::string format = "markdown";
};

int run_digest(const DigestArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    auto period = parse_period(args.period);
    if (!period) {
        err << "hindsight: error: --period `" << args.period
            << "` is not a month or a quarter\n  hint: write 2026-09 or 2026-Q3\n";
        return k_exit_usage;
    }
    DiagnosticSink sink;
    auto planned = plan_site(options, sink);
    const CompileResult& result = planned->result;
    if (result.status != k_exit_ok) {  // the digest is made from a site that builds
        print_text(err, sink.sorted(), args.common.prefix());
        return result.status;
    }
    out << digest_markdown(result.site, planned->analysis, *period, result.as_of);
    return k_exit_ok;
}

}  // namespace

CommandRunner add_digest_command(CLI::App& app) {
    auto args = std::make_shared<DigestArgs>();
    CLI::App* cmd = app.add_subcommand(
        "digest", "Write a month's or a quarter's digest (what went wrong, what changed)");
    args->common.add_to(*cmd);
    cmd->add_option("--period", args->period, "The month (2026-09) or quarter (2026-Q3)")
        ->required();
    cmd->add_option("--format", args->format, "Output format")
        ->check(CLI::IsMember({"markdown"}))
        ->capture_default_str();
    return [args](std::ostream& out, std::ostream& err) { return run_digest(*args, out, err); };
}

}  // namespace hs
