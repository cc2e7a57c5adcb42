#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>

#include "cli/report.hpp"
#include "pipeline/build.hpp"

namespace hs {

// A command registers its options on `app` and returns the function that runs it.
using CommandRunner = std::function<int(std::ostream& out, std::ostream& err)>;

// `process_ends`: the process ends with the command, so a build may leave its memory to the
// exit (BuildOptions::leave_to_exit).
CommandRunner add_build_command(CLI::App& app, bool process_ends = false);
CommandRunner add_actions_command(CLI::App& app);
CommandRunner add_index_command(CLI::App& app);
CommandRunner add_new_command(CLI::App& app);
CommandRunner add_check_command(CLI::App& app);
CommandRunner add_serve_command(CLI::App& app);
CommandRunner add_digest_command(CLI::App& app);

// Options every command that reads a knowledge base takes: -C, --as-of, --jobs, --diagnostics.
struct CommonArgs {
    std::string root = ".";
    std::string as_of;
    std::string tickets;
    std::string stale;
    unsigned jobs = 0;
    DiagnosticsFormat format = DiagnosticsFormat::text;

    void add_to(CLI::App& cmd);
    // Fills `options`; returns a non-zero exit code after printing why, if an option is bad.
    int apply(BuildOptions& options, std::ostream& err) const;
    // Paths in messages, as the user would type them from where they ran the command.
    std::string prefix() const;
};

}  // namespace hs
