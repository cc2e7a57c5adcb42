// `hindsight check [FILES...]`: everything `build` checks, and the lints, with no site written:
// of the pages, only the post-mortems' own are made, for the link check.
#include <memory>
#include <set>

#include "cli/commands.hpp"
#include "render/exports.hpp"
#include "util/files.hpp"

namespace hs {
namespace {

struct CheckArgs {
    CommonArgs common;
    std::vector<std::string> files;
    bool strict = false;
};

int run_check(const CheckArgs& args, std::ostream& out, std::ostream& err) {
    BuildOptions options;
    if (int code = args.common.apply(options, err)) return code;
    // With FILES, report only what is about them (the whole knowledge base is still read, so
    // links and duplicate ids are checked against everything).
    std::set<std::string> wanted;
    for (const auto& file : args.files) {
        auto rel = path_inside(fs::weakly_canonical(file), fs::weakly_canonical(options.root));
        if (!rel || !fs::exists(file)) {
            err << "hindsight: error: " << file << " is not a file of the knowledge base in "
                << args.common.root << "\n";
            return k_exit_usage;
        }
        wanted.insert(rel->generic_string());
    }
    DiagnosticSink sink;
    // Planned as for `build`, so the links written in post-mortems are checked the same way.
    auto planned = plan_site(options, sink);
    check_written_links(*planned, options.jobs, sink, args.files.empty() ? nullptr : &wanted);
    const CompileResult& result = planned->result;
    std::vector<Diagnostic> diagnostics = sink.sorted();
    if (!args.files.empty())
        std::erase_if(diagnostics, [&](const Diagnostic& d) { return !wanted.count(d.pos.path); });
    size_t errors = 0, warnings = 0;
    for (const auto& d : diagnostics)
        (d.severity == Severity::error ? errors : warnings)++;
    int status = result.status == k_exit_usage             ? k_exit_usage
                 : errors > 0 || (args.strict && warnings) ? k_exit_content
                                                           : k_exit_ok;
    switch (args.common.format) {
        case DiagnosticsFormat::json:
            out << json_text({{"exit_code", status},
                              {"diagnostics", diagnostics_json(diagnostics, args.common.prefix())}},
                             2)
                << "\n";
            return status;
        case DiagnosticsFormat::github:
            print_github(out, diagnostics, {}, false, args.common.prefix());
            break;
        case DiagnosticsFormat::text:
            print_text(err, diagnostics, args.common.prefix());
            break;
    }
    size_t checked = args.files.empty() ? result.site.postmortems.size() : args.files.size();
    err << "hindsight: checked " << checked << (checked == 1 ? " file" : " files") << ": " << errors
        << (errors == 1 ? " error, " : " errors, ") << warnings
        << (warnings == 1 ? " warning" : " warnings") << "\n";
    return status;
}

}  // namespace

CommandRunner add_check_command(CLI::App& app) {
    auto args = std::make_shared<CheckArgs>();
    CLI::App* cmd =
        app.add_subcommand("check", "Validate and lint post-mortems without building the site");
    args->common.add_to(*cmd);
    cmd->add_option("files", args->files, "Only report problems in these files (default: all)");
    cmd->add_flag("--strict", args->strict, "Fail on warnings too");
    return [args](std::ostream& out, std::ostream& err) { return run_check(*args, out, err); };
}

}  // namespace hs
