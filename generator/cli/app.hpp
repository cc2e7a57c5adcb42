#pragma once
// The command line: parses arguments, runs a command, returns the process exit code.
#include <iostream>

namespace hs {

int run_cli(int argc, char** argv, std::ostream& out = std::cout, std::ostream& err = std::cerr);

}  // namespace hs
