#pragma once
// The command line: parses arguments, runs a command, returns the process exit code.
#include <iostream>

namespace hs {

// `process_ends`: main's call, after which the process exits (what a command made may be left
// for the exit to reclaim).
int run_cli(int argc, char** argv, std::ostream& out = std::cout, std::ostream& err = std::cerr,
            bool process_ends = false);

}  // namespace hs
