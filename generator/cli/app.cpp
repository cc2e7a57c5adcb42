#include "cli/app.hpp"

#include <map>

#include "cli/commands.hpp"
#include "pipeline/build.hpp"

namespace hs {

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err, bool process_ends) {
    CLI::App app{"Hindsight: a post-mortem knowledge base, built from Markdown"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "hindsight 0.1.0");
    // Commands register here, in one place.
    std::map<std::string, CommandRunner> commands = {
        {"build", add_build_command(app, process_ends)},
        {"actions", add_actions_command(app)},
        {"index", add_index_command(app)},
        {"new", add_new_command(app)},
        {"check", add_check_command(app)},
        {"serve", add_serve_command(app)},
        {"digest", add_digest_command(app)},
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e, out, err);
        return code == 0 ? k_exit_ok : k_exit_usage;
    }
    for (auto& [name, runner] : commands)
        if (app.got_subcommand(name)) return runner(out, err);
    return k_exit_usage;
}

}  // namespace hs
