#include <map>

#include "cli/commands.hpp"
#include "util/parallel.hpp"

namespace hs {

void CommonArgs::add_to(CLI::App& cmd) {
    cmd.add_option("-C", root, "Knowledge base root, holding hindsight.yaml (default: .)");
    cmd.add_option(
        "--as-of", as_of,
        "Evaluate dates as of this day, YYYY-MM-DD (default: config as_of, else today UTC)");
    cmd.add_option("--jobs,-j", jobs, "Threads to use (default: all cores)");
    cmd.add_option_function<std::string>(
           "--diagnostics",
           [this](const std::string& value) {
               format = value == "github" ? DiagnosticsFormat::github
                        : value == "json" ? DiagnosticsFormat::json
                                          : DiagnosticsFormat::text;
           },
           "How to print problems: text (default), github or json")
        ->check(CLI::IsMember({"text", "github", "json"}));
}

int CommonArgs::apply(BuildOptions& options, std::ostream& err) const {
    options.root = root;
    options.jobs = jobs > 0 ? jobs : default_jobs();
    if (!as_of.empty()) {
        options.as_of = parse_date(as_of);
        if (!options.as_of) {
            err << "hindsight: error: --as-of must be a date YYYY-MM-DD, not `" << as_of << "`\n";
            return k_exit_usage;
        }
    }
    return 0;
}

std::string CommonArgs::prefix() const {
    if (root.empty() || root == ".") return {};
    return root.back() == '/' ? root : root + "/";
}

}  // namespace hs
