// Placeholder until the lunr index builder lands (being written now); replace wholesale.
#include "cli/commands.hpp"

namespace hs {

CommandRunner add_index_command(CLI::App& app) {
    app.add_subcommand("index", "Build a lunr.js search index from JSON documents (not yet)");
    return [](std::ostream&, std::ostream& err) {
        err << "hindsight: index is not built yet\n";
        return 2;
    };
}

}  // namespace hs
