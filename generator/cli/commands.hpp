#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>

namespace hs {

// A command registers its options on `app` and returns the function that runs it.
using CommandRunner = std::function<int(std::ostream& out, std::ostream& err)>;

CommandRunner add_build_command(CLI::App& app);

}  // namespace hs
