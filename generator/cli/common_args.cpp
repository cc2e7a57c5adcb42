#include <cstdlib>
#include <map>

#include "cli/commands.hpp"
#include "util/parallel.hpp"

namespace hs {

void CommonArgs::add_to(CLI::App& cmd) {
    cmd.add_option("-C", root, "Knowledge base root, holding hindsight.yaml (default: .)");
    cmd.add_option(
        "--as-of", as_of,
        "Evaluate dates as of this day, YYYY-MM-DD or `today` (default: config as_of, else today "
        "UTC)");
    cmd.add_option("--tickets", tickets,
                   "A tracker snapshot (JSON of `gh issue list` or a Jira search) to check items "
                   "against (default: config tracker.snapshot)");
    cmd.add_option("--stale", stale, "fail (exit 3) or warn when items are stale (default: policy)")
        ->check(CLI::IsMember({"fail", "warn"}));
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
    if (!tickets.empty()) options.tickets = tickets;
    if (!stale.empty()) options.stale = stale;
    const char* ci = std::getenv("CI");
    const char* actions = std::getenv("GITHUB_ACTIONS");
    options.in_ci =
        (ci && std::string(ci) == "true") || (actions && std::string(actions) == "true");
    if (as_of == "today") {
        options.as_of = today_utc();
    } else if (!as_of.empty()) {
        options.as_of = parse_date(as_of);
        if (!options.as_of) {
            err << "hindsight: error: --as-of must be a date YYYY-MM-DD or `today`, not `" << as_of
                << "`\n";
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
