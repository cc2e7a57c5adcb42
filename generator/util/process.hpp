#pragma once
// Running another program: no shell, nothing read from the terminal.
#include <optional>
#include <string>
#include <vector>

namespace hs {

// Runs `argv` (argv[0] looked up in PATH) with stdin and stderr on /dev/null and returns what
// it printed, or nullopt if it could not start, was killed, or exited with a status other
// than 0.
std::optional<std::string> run_program(const std::vector<std::string>& argv);

}  // namespace hs
